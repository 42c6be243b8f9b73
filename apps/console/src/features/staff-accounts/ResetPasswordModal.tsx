import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZUsersResetPasswordInput, type StaffUser } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { useInvalidateStaffViews } from './useInvalidateStaffViews.ts';

/**
 * An admin sets a new password for an account (`users.resetPassword`, validated with
 * ZUsersResetPasswordInput here and again by the API): every session of that account ends, and
 * the reason goes into the audit log. The admin hands the password over outside Marketdesk.
 */
export function ResetPasswordModal({ account, onClose }: { account: StaffUser | null; onClose: () => void }) {
  const shown = useLastPresent(account);
  return (
    <Modal opened={account !== null} onClose={onClose} title="Reset password">
      {shown && <ResetPasswordForm account={shown} onDone={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ account, onDone }: { account: StaffUser; onDone: () => void }) {
  const trpc = useTRPC();
  const me = useSignedInUser();
  const invalidateStaffViews = useInvalidateStaffViews();
  const [newPassword, setNewPassword] = useState('');
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const resetMutation = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async (user) => {
        notifySuccess('Password reset', `${user.email} has a new password; every session of theirs has ended.`);
        await invalidateStaffViews();
        onDone();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZUsersResetPasswordInput, { userId: account.id, newPassword, reason: reason.trim() || undefined });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) resetMutation.mutate(parsed.data);
  }
  const errors = { ...(resetMutation.error ? readServerFieldErrors(resetMutation.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate aria-label="Reset password">
      <Stack>
        <Text size="sm">
          {account.name} <Text span c="dimmed">({account.email})</Text>
        </Text>
        <Alert color="yellow">
          {account.id === me.id ? 'This is your own account: saving signs you out everywhere, this browser included.' : 'Every session of this account ends at once; give them the new password yourself.'}
        </Alert>
        <FormError error={resetMutation.error} fields={['newPassword', 'reason']} />
        <PasswordInput label="New password" description="At least 12 characters." autoComplete="new-password" data-autofocus value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} error={errors.newPassword} />
        <Textarea label="Reason" description="Optional; recorded in the audit log." autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" color="red" loading={resetMutation.isPending}>Reset password</Button>
        </Group>
      </Stack>
    </form>
  );
}
