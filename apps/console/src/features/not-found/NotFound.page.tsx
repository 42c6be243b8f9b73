import { Button, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

export default function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack align="flex-start" gap="sm" maw={560}>
      <Text c="dimmed" fw={700} size="xl">404</Text>
      <PageTitle>Page not found</PageTitle>
      <Text>
        Nothing in Marketdesk lives at <code>{pathname}</code>. The link may be old, or the page may belong to a role
        you do not have.
      </Text>
      <Button component={Link} to="/" variant="light">Back to home</Button>
    </Stack>
  );
}
