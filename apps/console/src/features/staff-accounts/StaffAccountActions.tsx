import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconKey, IconShieldCog, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import type { StaffUser } from '@marketdesk/shared';

interface StaffAccountActionsProps {
  account: StaffUser;
  onEditRoles: (account: StaffUser) => void;
  onChangeAccess: (account: StaffUser) => void;
  onResetPassword: (account: StaffUser) => void;
}

export function StaffAccountActions({ account, onEditRoles, onChangeAccess, onResetPassword }: StaffAccountActionsProps) {
  const accessLabel = account.isDisabled ? `Enable ${account.email}` : `Disable ${account.email}`;
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Tooltip label="Edit roles">
        <ActionIcon variant="subtle" aria-label={`Edit roles of ${account.email}`} onClick={() => onEditRoles(account)}>
          <IconShieldCog size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Reset password">
        <ActionIcon variant="subtle" aria-label={`Reset password of ${account.email}`} onClick={() => onResetPassword(account)}>
          <IconKey size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={account.isDisabled ? 'Enable account' : 'Disable account'}>
        <ActionIcon variant="subtle" color={account.isDisabled ? 'teal' : 'red'} aria-label={accessLabel} onClick={() => onChangeAccess(account)}>
          {account.isDisabled ? <IconUserCheck size={18} /> : <IconUserOff size={18} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
