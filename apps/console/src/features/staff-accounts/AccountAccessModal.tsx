import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZUsersSetDisabledInput, type StaffUser } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { useInvalidateStaffViews } from './useInvalidateStaffViews.ts';

/**
 * Confirms disabling (signs the person out at their next request, refuses sign-in) or enabling
 * an account, with an optional reason for the audit log.
 */
export function AccountAccessModal({ account, onClose }: { account: StaffUser | null; onClose: () => void }) {
  const shown = useLastPresent(account);
  return (
    <Modal opened={account !== null} onClose={onClose} title={shown?.isDisabled ? 'Enable account' : 'Disable account'}>
      {shown && <AccountAccessForm account={shown} onDone={onClose} />}
    </Modal>
  );
}

function AccountAccessForm({ account, onDone }: { account: StaffUser; onDone: () => void }) {
  const trpc = useTRPC();
  const invalidateStaffViews = useInvalidateStaffViews();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const isEnabling = account.isDisabled;
  const options = {
    onSuccess: async (user: StaffUser) => {
      notifySuccess(isEnabling ? 'Account enabled' : 'Account disabled', isEnabling ? `${user.email} can sign in again.` : `${user.email} can no longer sign in.`);
      await invalidateStaffViews();
      onDone();
    },
  };
  const enable = useMutation(trpc.users.enable.mutationOptions(options));
  const disable = useMutation(trpc.users.disable.mutationOptions(options));
  const mutation = isEnabling ? enable : disable;

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZUsersSetDisabledInput, { userId: account.id, reason: reason.trim() || undefined });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) mutation.mutate(parsed.data);
  }
  const errors = { ...(mutation.error ? readServerFieldErrors(mutation.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {isEnabling
            ? `${account.name} (${account.email}) will be able to sign in again with their existing password.`
            : `${account.name} (${account.email}) will be signed out at their next request and cannot sign in until enabled again.`}
        </Text>
        <FormError error={mutation.error} fields={['reason']} />
        <Textarea label="Reason" description="Optional; recorded in the audit log." autosize minRows={2} maxLength={500} data-autofocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" color={isEnabling ? 'teal' : 'red'} loading={mutation.isPending}>
            {isEnabling ? 'Enable account' : 'Disable account'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
