import { Badge, Group, type MantineColor } from '@mantine/core';
import type { Role } from '@marketdesk/shared';

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  MODERATOR: 'Moderator',
  FINANCE: 'Finance',
  SUPPORT: 'Support',
  CREATOR: 'Creator',
};

const ROLE_COLORS: Record<Role, MantineColor> = {
  ADMIN: 'grape',
  MODERATOR: 'blue',
  FINANCE: 'teal',
  SUPPORT: 'orange',
  CREATOR: 'pink',
};

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  return (
    <Group gap={4} wrap="wrap">
      {roles.map((role) => (
        <Badge key={role} color={ROLE_COLORS[role]} variant="light" size="sm">
          {ROLE_LABELS[role]}
        </Badge>
      ))}
    </Group>
  );
}
