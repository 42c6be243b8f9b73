import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZUsersCreateInput, type Role } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { RolesInput } from './RolesInput.tsx';
import { useInvalidateStaffViews } from './useInvalidateStaffViews.ts';

const FIELDS = ['name', 'email', 'password', 'roles'] as const;

/** New staff account: validated with ZUsersCreateInput here and again by the API. */
export function CreateAccountModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Create staff account" size="md">
      {/* Mounted only while open, so every opening starts with an empty form. */}
      <CreateAccountForm onDone={onClose} />
    </Modal>
  );
}

function CreateAccountForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const invalidateStaffViews = useInvalidateStaffViews();
  const [values, setValues] = useState({ name: '', email: '', password: '', roles: [] as Role[] });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        notifySuccess('Account created', `${user.name} (${user.email}) can sign in now.`);
        await invalidateStaffViews();
        onDone();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZUsersCreateInput, values);
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) create.mutate(parsed.data);
  }
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setClientErrors(({ [key]: _cleared, ...rest }) => rest);
    if (create.error) create.reset();
  };
  const errors = { ...(create.error ? readServerFieldErrors(create.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={create.error} fields={FIELDS} />
        <TextInput label="Name" data-autofocus value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
        <TextInput label="Email" type="email" autoComplete="off" value={values.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} />
        <PasswordInput
          label="Initial password"
          description="At least 12 characters. Share it with the person over a safe channel."
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          error={errors.password}
        />
        <RolesInput value={values.roles} onChange={(roles) => set('roles', roles)} error={errors.roles} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={create.isPending}>Create account</Button>
        </Group>
      </Stack>
    </form>
  );
}
