import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { MAX_TRIAL_EXTENSION_DAYS, ZExtendTrialInput, type LicenseTrial } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** "Extend trial": 1–30 days and a reason (kept in the audit log); the card is then charged at the new end. */
export function ExtendTrialDialog({ licenseId, trial, opened, onClose }: { licenseId: string; trial: LicenseTrial; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Extend trial" closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mounted per opening: fresh days and reason. */}
      {opened && <ExtendForm licenseId={licenseId} trial={trial} onClose={onClose} />}
    </Modal>
  );
}

function ExtendForm({ licenseId, trial, onClose }: { licenseId: string; trial: LicenseTrial; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [days, setDays] = useState<number | string>(7);
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const extend = useMutation(trpc.licenses.extendTrial.mutationOptions({
    onSuccess: async (after, input) => {
      await refreshAfterWrite(trpc.licenses.pathFilter());
      notifySuccess('Trial extended', `${input.days} ${input.days === 1 ? 'day' : 'days'} added: the trial now ends ${formatDateTime(new Date(after.endsAt))}.`);
      onClose();
    },
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZExtendTrialInput, { licenseId, days: typeof days === 'number' ? days : Number.NaN, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) extend.mutate(parsed.data);
  }
  const errors = { ...(extend.error ? readServerFieldErrors(extend.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">The trial ends {formatDateTime(new Date(trial.endsAt))}; the license, and the day the saved card is charged, move with it.</Text>
        <FormError error={extend.error} fields={['days', 'reason']} />
        <NumberInput label="Days to add" description={`1 to ${MAX_TRIAL_EXTENSION_DAYS}`} min={1} max={MAX_TRIAL_EXTENSION_DAYS} allowDecimal={false} required value={days} onChange={setDays} error={errors.days} data-autofocus />
        <Textarea label="Reason" description="Kept in the audit log (at least 5 characters)" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={extend.isPending}>Extend trial</Button>
        </Group>
      </Stack>
    </form>
  );
}
