import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZLicenseDeactivateMachineInput, type LicenseDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';

type Activation = LicenseDetail['activations'][number];

/** Deactivates one machine so the buyer can activate another; the activation row stays, marked deactivated. */
export function FreeMachineDialog({ licenseId, activation, onClose }: { licenseId: string; activation: Activation | null; onClose: () => void }) {
  const shown = useLastPresent(activation);
  return (
    <Modal opened={activation !== null} onClose={onClose} title="Free this machine slot" size="lg">
      {activation && shown && <FreeMachineForm licenseId={licenseId} activation={shown} onClose={onClose} />}
    </Modal>
  );
}

function FreeMachineForm({ licenseId, activation, onClose }: { licenseId: string; activation: Activation; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const refresh = () => refreshAfterWrite(trpc.licenses.pathFilter());
  const deactivate = useMutation(trpc.licenses.deactivateMachine.mutationOptions({
    onSuccess: async () => {
      await refresh();
      notifySuccess('Machine slot freed', activation.name ?? activation.fingerprint);
      onClose();
    },
    onError: () => refresh(),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZLicenseDeactivateMachineInput, { licenseId, activationId: activation.id, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) deactivate.mutate(parsed.data);
  }
  const errors = { ...(deactivate.error ? readServerFieldErrors(deactivate.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          Machine <Text span fw={600}>{activation.name ?? 'without a name'}</Text>, fingerprint <Text span ff="monospace" style={{ wordBreak: 'break-all' }}>{activation.fingerprint}</Text>.
          Its next validation with this fingerprint says NO_MACHINE; the slot can be used by another machine.
        </Text>
        <FormError error={deactivate.error} fields={['reason']} />
        <Textarea label="Reason" description="Kept in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="orange" loading={deactivate.isPending}>Free slot</Button>
        </Group>
      </Stack>
    </form>
  );
}
