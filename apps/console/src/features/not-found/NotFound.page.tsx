import { Button, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack align="flex-start" gap="sm" maw={560}>
      <Text c="dimmed" fw={700} size="xl">404</Text>
      <Title order={2}>Page not found</Title>
      <Text>
        Nothing in Marketdesk lives at <code>{pathname}</code>. The link may be old, or the page may belong to a role
        you do not have.
      </Text>
      <Button component={Link} to="/" variant="light">Back to home</Button>
    </Stack>
  );
}
