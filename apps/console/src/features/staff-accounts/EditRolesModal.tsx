import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZUsersSetRolesInput, type StaffUser } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { RolesInput } from './RolesInput.tsx';
import { useInvalidateStaffViews } from './useInvalidateStaffViews.ts';

/** Changes an account's roles; the reason goes into the audit log. */
export function EditRolesModal({ account, onClose }: { account: StaffUser | null; onClose: () => void }) {
  const shown = useLastPresent(account);
  return (
    <Modal opened={account !== null} onClose={onClose} title="Edit roles">
      {shown && <EditRolesForm account={shown} onDone={onClose} />}
    </Modal>
  );
}

function EditRolesForm({ account, onDone }: { account: StaffUser; onDone: () => void }) {
  const trpc = useTRPC();
  const me = useSignedInUser();
  const invalidateStaffViews = useInvalidateStaffViews();
  const [roles, setRoles] = useState(account.roles);
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const setRolesMutation = useMutation(
    trpc.users.setRoles.mutationOptions({
      onSuccess: async (user) => {
        notifySuccess('Roles changed', `${user.email} now has: ${user.roles.join(', ')}.`);
        await invalidateStaffViews();
        onDone();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZUsersSetRolesInput, { userId: account.id, roles, reason: reason.trim() || undefined });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) setRolesMutation.mutate(parsed.data);
  }
  const errors = { ...(setRolesMutation.error ? readServerFieldErrors(setRolesMutation.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {account.name} <Text span c="dimmed">({account.email})</Text>
        </Text>
        {account.id === me.id && (
          <Alert color="yellow">These are your own roles: saving signs you out, and you sign in again with the new roles.</Alert>
        )}
        <FormError error={setRolesMutation.error} fields={['roles', 'reason']} />
        <RolesInput value={roles} onChange={setRoles} error={errors.roles} data-autofocus />
        <Textarea label="Reason" description="Optional; recorded in the audit log." autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={setRolesMutation.isPending}>Save roles</Button>
        </Group>
      </Stack>
    </form>
  );
}
