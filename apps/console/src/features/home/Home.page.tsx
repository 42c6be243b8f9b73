import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useSession, useSignedInUser } from '../../auth/useSession.ts';
import { RoleBadges } from '../../components/RoleBadges/RoleBadges.tsx';
import { listAreasFor } from '../../console-areas.ts';
import { StripeModeCard } from './StripeModeCard.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { AttentionSections } from './AttentionSections.tsx';

/**
 * Every role's landing page: what needs you now (per role, counts linking to the filtered lists),
 * who you are, which payment mode is on, and what you may open.
 */
export default function HomePage() {
  const user = useSignedInUser();
  const { stripeMode } = useSession();
  const areas = listAreasFor(user.roles).filter((area) => area.route !== '/');
  return (
    <Stack gap="lg" maw={1200}>
      <PageTitle>Welcome, {user.name}</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="lg" data-testid="signed-in-as">
          <Text fw={600} mb="xs">Signed in as</Text>
          <Text size="sm">{user.email}</Text>
          <Group mt="sm" gap="xs">
            <Text size="sm" c="dimmed">Roles</Text>
            <RoleBadges roles={user.roles} />
          </Group>
        </Card>
        <StripeModeCard stripeMode={stripeMode} />
      </SimpleGrid>
      <AttentionSections roles={user.roles} />
      {areas.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h4">Your areas</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {areas.map((area) => (
              <UnstyledButton key={area.route} component={Link} to={area.route}>
                <Card withBorder padding="md">
                  <Group>
                    <ThemeIcon variant="light" size="lg"><area.icon size={20} /></ThemeIcon>
                    <Text fw={500}>{area.label}</Text>
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
