import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZSubscriptionCancelInput, type SubscriptionDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readErrorData } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** Cancels a subscription at the end of its paid period, with a reason and a ticked confirmation. */
export function CancelSubscriptionDialog({ opened, subscription, onClose }: { opened: boolean; subscription: SubscriptionDetail; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel subscription at period end" size="lg">
      {/* Mounted per opening: a fresh reason, confirmation and error each time. */}
      {opened && <CancelForm subscription={subscription} onClose={onClose} />}
    </Modal>
  );
}

function CancelForm({ subscription, onClose }: { subscription: SubscriptionDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState('');
  const [isConfirmed, setConfirmed] = useState(false);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  // The license's expiry moves with the cancel, so both pages that show a subscription reload.
  const refresh = () => refreshAfterWrite(trpc.licenses.pathFilter(), trpc.finance.pathFilter());
  const cancel = useMutation(trpc.subscriptions.cancel.mutationOptions({
    onSuccess: async (result) => {
      await refresh();
      notifySuccess('Subscription set to cancel', `It ends at ${formatDateTime(new Date(result.currentPeriodEnd))}; no further renewal is charged`);
      onClose();
    },
    // A refusal (CONFLICT: canceled meanwhile) shows in the dialog; the page behind it is reloaded to its current state.
    onError: () => refresh(),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZSubscriptionCancelInput, { subscriptionId: subscription.id, reason });
    const errors: FieldErrors = { ...parsed.errors };
    if (!isConfirmed) errors.confirmation = 'Tick to confirm';
    setClientErrors(errors);
    if (parsed.data && Object.keys(errors).length === 0) cancel.mutate(parsed.data);
  }
  const errors = { ...(cancel.error ? readServerFieldErrors(cancel.error) : {}), ...clientErrors };
  const isConflict = readErrorData(cancel.error)?.code === 'CONFLICT';
  const end = formatDateTime(subscription.currentPeriodEnd);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">No further renewal is charged. The buyer keeps the license until the paid period ends on {end}; then it expires.</Text>
        {isConflict ? (
          <Alert color="orange" title="Not applied" role="alert" data-testid="cancel-conflict">
            <Text size="sm">{readErrorData(cancel.error)?.userMessage}</Text>
            <Text size="sm" c="dimmed" mt={4}>The page now shows the subscription as it is.</Text>
          </Alert>
        ) : (
          <FormError error={cancel.error} fields={['reason']} />
        )}
        <Textarea label="Reason" description="Kept on the subscription and in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-autofocus />
        <Checkbox label={`Stop renewing: the subscription ends on ${end}`} checked={isConfirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} error={errors.confirmation} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Keep subscription</Button>
          <Button type="submit" color="red" loading={cancel.isPending}>Cancel at period end</Button>
        </Group>
      </Stack>
    </form>
  );
}
