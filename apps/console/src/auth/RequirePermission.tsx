import type { ReactNode } from 'react';
import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { hasPermission, type Permission } from '@marketdesk/shared';
import { useSignedInUser } from './useSession.ts';

/**
 * Renders `children` when the signed-in roles grant `permission` (null: every role). The API
 * refuses the same calls; this only spares people a page of errors.
 */
export function RequirePermission({ permission, children }: { permission: Permission | null; children: ReactNode }) {
  const user = useSignedInUser();
  if (permission && !hasPermission(user.roles, permission)) {
    return (
      <Alert color="orange" icon={<IconLock />} title="Not available to your roles" maw={560}>
        Your roles ({user.roles.join(', ')}) do not include this page. Ask an administrator if you need it.
      </Alert>
    );
  }
  return children;
}
