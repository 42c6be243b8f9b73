import { useState } from 'react';
import { Avatar, Group, Menu, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconKey, IconLogout } from '@tabler/icons-react';
import { useSignedInUser } from '../../auth/useSession.ts';
import { useSignOut } from '../../auth/useSignOut.ts';
import { RoleBadges } from '../RoleBadges/RoleBadges.tsx';
import { ChangePasswordModal } from './ChangePasswordModal.tsx';

export function UserMenu() {
  const user = useSignedInUser();
  const { signOut, isSigningOut } = useSignOut();
  const [isChangingPassword, setIsChangingPassword] = useState(false);
  return (
    <>
      <Menu position="bottom-end" width={260} withArrow>
        <Menu.Target>
          {/* Named by its content, so the visible name is in the accessible name (WCAG 2.5.3 label in name). */}
          <UnstyledButton data-testid="user-menu">
            <Group gap="xs" wrap="nowrap">
              <Avatar name={user.name} color="initials" size="sm" aria-hidden />
              <Text size="sm" fw={500} visibleFrom="sm">{user.name}</Text>
              <VisuallyHidden>Account menu</VisuallyHidden>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Stack gap={4} px="sm" py="xs">
            <Text size="sm" fw={600}>{user.name}</Text>
            <Text size="xs" c="dimmed">{user.email}</Text>
            <RoleBadges roles={user.roles} />
          </Stack>
          <Menu.Divider />
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setIsChangingPassword(true)}>
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut} disabled={isSigningOut}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {isChangingPassword && <ChangePasswordModal opened onClose={() => setIsChangingPassword(false)} />}
    </>
  );
}
