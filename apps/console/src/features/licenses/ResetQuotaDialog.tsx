import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZResetQuotaInput, type LicenseUsageOutput } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

type MetricUsage = LicenseUsageOutput['metrics'][number];

/** "Reset quota": the metric's used count this period back to 0, with a reason kept in the audit log. The usage records stay. */
export function ResetQuotaDialog({ licenseId, metric, onClose }: { licenseId: string; metric: MetricUsage | null; onClose: () => void }) {
  return (
    <Modal opened={metric !== null} onClose={onClose} title={metric ? `Reset the ${metric.metric} quota` : 'Reset quota'} closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mounted per opening: a fresh reason. */}
      {metric && <ResetForm licenseId={licenseId} metric={metric} onClose={onClose} />}
    </Modal>
  );
}

function ResetForm({ licenseId, metric, onClose }: { licenseId: string; metric: MetricUsage; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const reset = useMutation(trpc.licenses.resetQuota.mutationOptions({
    onSuccess: async (after) => {
      await refreshAfterWrite(trpc.licenses.pathFilter());
      notifySuccess('Quota reset', `${after.metric}: ${after.previousUsed.toLocaleString('en-US')} used set back to 0 for this period.`);
      onClose();
    },
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZResetQuotaInput, { licenseId, metric: metric.metric, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) reset.mutate(parsed.data);
  }
  const errors = { ...(reset.error ? readServerFieldErrors(reset.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {metric.used.toLocaleString('en-US')} of {metric.included.toLocaleString('en-US')} {metric.metric} are used this period. The reset gives the
          license its included units again; the usage records and any overage already counted stay.
        </Text>
        <FormError error={reset.error} fields={['reason']} />
        <Textarea label="Reason" description="Kept in the audit log (at least 5 characters)" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => {
            setReason(e.currentTarget.value);
            setClientErrors(({ reason: _reason, ...rest }) => rest);
          }} error={errors.reason} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="orange" loading={reset.isPending}>Reset quota</Button>
        </Group>
      </Stack>
    </form>
  );
}
