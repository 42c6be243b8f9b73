import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { currencyExponent, formatMoney, REFUND_REASONS, toMajorString, typedDecimalsFor, ZRefundCreateInput, type RefundCreateInput } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readErrorData } from '../../lib/errors.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifyFailure, notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { REFUND_REASON_LABELS, REFUND_STATUS_LABELS } from '../finance/labels.ts';
import { createRequestKey } from './request-key.ts';
import { RefundSplitPreview } from './RefundSplitPreview.tsx';
import { useRefundPreview } from './use-refund-amount.ts';

type Purchase = RouterOutputs['finance']['purchase']['purchase'];
type Reason = RefundCreateInput['reason'];

const REASON_OPTIONS = REFUND_REASONS.map((reason) => ({ value: reason, label: REFUND_REASON_LABELS[reason] }));

interface RefundDialogProps {
  opened: boolean;
  onClose: () => void;
  purchase: Purchase;
  /** Minor units still refundable. */
  refundable: number;
}

/** Refund all or part of a purchase: amount in major units, reason and note, split preview, then confirm. */
export function RefundDialog({ opened, onClose, purchase, refundable }: RefundDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Refund ${purchase.pluginName} to ${purchase.buyerEmail}`} size="lg">
      {/* Mounted per opening: each opening is one refund, with its own request key. */}
      {opened && <RefundForm purchase={purchase} refundable={refundable} onClose={onClose} />}
    </Modal>
  );
}

function RefundForm({ purchase, refundable, onClose }: Omit<RefundDialogProps, 'opened'>) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const { currency } = purchase;
  const [requestKey, setRequestKey] = useState(createRequestKey);
  const [major, setMajor] = useState(() => toMajorString(refundable, currency));
  const [reason, setReason] = useState<Reason>('REQUESTED_BY_CUSTOMER');
  const [note, setNote] = useState('');
  const [revokeLicense, setRevokeLicense] = useState(false);
  const [keepSubscription, setKeepSubscription] = useState(false);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const { minor, preview, isCurrent, amountError } = useRefundPreview(purchase.id, currency, major);
  const refresh = () => refreshAfterWrite(trpc.finance.pathFilter());
  const create = useMutation(
    trpc.refunds.create.mutationOptions({
      onSuccess: async (refund) => {
        await refresh();
        if (refund.status === 'FAILED') notifyFailure('Refund failed', new Error(refund.failureReason ?? 'Stripe refused the refund'));
        else notifySuccess('Refund issued', `${formatMoney(refund.amount, refund.currency)} to ${purchase.buyerEmail}: ${REFUND_STATUS_LABELS[refund.status].toLowerCase()}.`);
        onClose();
      },
      onError: async (error) => {
        // A definitive refusal leaves no pending refund under this key: the next attempt is a new
        // refund. After a timeout or a Stripe outage the same key must be sent again.
        const data = readErrorData(error);
        if (data && data.appCode !== 'UPSTREAM_FAILED') setRequestKey(createRequestKey());
        await refresh();
      },
    }),
  );
  const isFullRefund = isCurrent && preview.data?.isFullRefund === true;
  // A full refund of a subscription's payment ends the subscription at once unless finance keeps it.
  const subscription = isCurrent ? preview.data?.subscription ?? null : null;
  const isSubscriptionEnding = isFullRefund && subscription !== null && subscription.status !== 'CANCELED' && !keepSubscription;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (minor === undefined) return setClientErrors({ amount: amountError });
    const parsed = validateWith(ZRefundCreateInput, { purchaseId: purchase.id, amount: minor, currency, reason, note, revokeLicense: isFullRefund || revokeLicense, keepSubscription: isFullRefund && keepSubscription, requestKey });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) create.mutate(parsed.data);
  }
  const errors = { ...(create.error ? readServerFieldErrors(create.error) : {}), ...clientErrors };
  // KWD refunds end in 0 and ISK ones are whole krónur (checkStripeAmount): say so up front.
  const exponent = currencyExponent(currency);
  const decimals = typedDecimalsFor(currency, 'refund');
  const unitsHint = decimals === 0 ? 'whole units' : decimals < exponent ? `up to ${exponent} decimals, ending in 0` : `up to ${exponent} decimals`;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={create.error} fields={['amount', 'reason', 'note']} />
        {/* A preview refused for something other than the amount (an open dispute, an unpaid purchase). */}
        {!create.error && <FormError error={preview.error} fields={['amount']} />}
        <TextInput
          label="Amount"
          description={`In ${currency.toUpperCase()}, ${unitsHint}; ${formatMoney(refundable, currency)} is refundable`}
          inputMode="decimal"
          rightSection={currency.toUpperCase()}
          rightSectionWidth={48}
          value={major}
          onChange={(e) => {
            setMajor(e.currentTarget.value);
            setClientErrors(({ amount: _amount, ...rest }) => rest);
          }}
          error={errors.amount ?? amountError}
          data-autofocus
        />
        <Select label="Reason" data={REASON_OPTIONS} allowDeselect={false} value={reason} onChange={(value) => value && setReason(value as Reason)} error={errors.reason} />
        <Textarea label="Note" description="Why, for the audit log" autosize minRows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
        {!isFullRefund && !(isCurrent && preview.data?.creditPack) && (
          <Checkbox label="Revoke the license" description="A partial refund keeps the buyer's license unless this is ticked." checked={revokeLicense} onChange={(e) => setRevokeLicense(e.currentTarget.checked)} />
        )}
        {isFullRefund && subscription && subscription.status !== 'CANCELED' && (
          <Alert color={isSubscriptionEnding ? 'orange' : 'blue'} title={isSubscriptionEnding ? 'The subscription ends now' : 'The subscription keeps running'} data-testid="refund-subscription-notice">
            <Stack gap="xs">
              {isSubscriptionEnding
                ? 'This refunds everything paid for this period: the subscription is canceled at once and will not renew, and its license expires now.'
                : 'The subscription stays active and renews at its next period end, charging the saved card again.'}
              <Checkbox label="Keep the subscription running" checked={keepSubscription} onChange={(e) => setKeepSubscription(e.currentTarget.checked)} />
            </Stack>
          </Alert>
        )}
        <RefundSplitPreview preview={preview.data} isCurrent={isCurrent} isFetching={preview.isFetching} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="red" disabled={!isCurrent} loading={create.isPending}>
            {isCurrent && minor !== undefined ? `Refund ${formatMoney(minor, currency)}` : 'Refund'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
