import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZChangePasswordInput } from '@marketdesk/shared';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { FormError } from '../FormError/FormError.tsx';

const FIELDS = ['currentPassword', 'newPassword'] as const;

/** The signed-in user's own password change: validated with ZChangePasswordInput here and again by the API, which ends their other sessions. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change password" size="md">
      {/* Mounted only while open, so no password stays in the form after it closes. */}
      <ChangePasswordForm onDone={onClose} />
    </Modal>
  );
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: ({ endedSessions }) => {
        notifySuccess('Password changed', endedSessions > 0 ? `Signed out ${endedSessions} other session(s).` : 'You stay signed in here.');
        onDone();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZChangePasswordInput, values);
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) change.mutate(parsed.data);
  }
  const set = (key: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setClientErrors(({ [key]: _cleared, ...rest }) => rest);
    if (change.error) change.reset();
  };
  const errors = { ...(change.error ? readServerFieldErrors(change.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack>
        <FormError error={change.error} fields={FIELDS} />
        <PasswordInput label="Current password" data-autofocus autoComplete="current-password" value={values.currentPassword} onChange={(e) => set('currentPassword', e.currentTarget.value)} error={errors.currentPassword} />
        <PasswordInput
          label="New password"
          description="At least 12 characters. Your other sessions are signed out."
          autoComplete="new-password"
          value={values.newPassword}
          onChange={(e) => set('newPassword', e.currentTarget.value)}
          error={errors.newPassword}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={change.isPending}>Change password</Button>
        </Group>
      </Stack>
    </form>
  );
}
