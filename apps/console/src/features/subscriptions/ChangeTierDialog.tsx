import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { formatMoney, minimumChargeAmount, prorateTierChange, ZSubscriptionChangeTierInput, type SubscriptionBilling, type TierKey } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** Changes a subscription's tier, previewing the proration with the same shared rule the API charges by (prorateTierChange). */
export function ChangeTierDialog({ billing, opened, onClose }: { billing: SubscriptionBilling; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change tier" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {opened && <ChangeTierForm billing={billing} onClose={onClose} />}
    </Modal>
  );
}

/** What the change does now, in words: the upgrade's charge or the downgrade's credit. */
function describePreview(billing: SubscriptionBilling, tier: TierKey | null, now: Date): string | null {
  const target = billing.tiers.find((t) => t.key === tier);
  if (!target || tier === billing.tier) return null;
  const current = billing.tiers.find((t) => t.key === billing.tier)?.priceAmount ?? billing.basePriceAmount;
  const at = new Date(Math.min(Math.max(now.getTime(), billing.currentPeriodStart.getTime()), billing.currentPeriodEnd.getTime()));
  const { net } = prorateTierChange({ oldAmount: current, newAmount: target.priceAmount, periodStart: billing.currentPeriodStart, periodEnd: billing.currentPeriodEnd, changeAt: at, currency: billing.currency });
  if (net >= minimumChargeAmount(billing.currency)) return `Charged now ${formatMoney(net, billing.currency)} on the saved card; the license changes once the payment succeeds.`;
  if (net > 0) return `Added to the next renewal ${formatMoney(net, billing.currency)} (below the minimum charge); the license changes now.`;
  return `Credited to the next renewal ${formatMoney(-net, billing.currency)}; the license changes now.`;
}

function ChangeTierForm({ billing, onClose }: { billing: SubscriptionBilling; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [tier, setTier] = useState<TierKey | null>(null);
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const refresh = () => refreshAfterWrite(trpc.subscriptions.pathFilter(), trpc.licenses.pathFilter(), trpc.finance.pathFilter());
  const change = useMutation(trpc.subscriptions.changeTier.mutationOptions({
    onSuccess: async (result) => {
      await refresh();
      if (result.isApplied) {
        notifySuccess('Tier changed', result.purchaseId ? `Charged ${formatMoney(result.net, result.currency)}` : `Now on ${result.toTier}`);
        onClose();
      }
    },
    onError: () => refresh(),
  }));
  const preview = describePreview(billing, tier, new Date());

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZSubscriptionChangeTierInput, { subscriptionId: billing.subscriptionId, tier, reason });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) change.mutate(parsed.data);
  }
  const errors = { ...(change.error ? readServerFieldErrors(change.error) : {}), ...clientErrors };
  const declined = change.data && !change.data.isApplied ? change.data : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={change.error} fields={['tier', 'reason']} />
        {declined && (
          <Alert color="red" title="Payment declined: nothing changed" role="alert" data-testid="change-tier-declined">
            <Text size="sm">{declined.paymentError ?? 'The upgrade was not paid.'}</Text>
          </Alert>
        )}
        <Select
          label="New tier"
          required
          data={billing.tiers.map((t) => ({ value: t.key, label: `${t.name} · ${formatMoney(t.priceAmount, billing.currency)} a month`, disabled: t.key === billing.tier }))}
          value={tier}
          onChange={(value) => setTier(value as TierKey | null)}
          error={errors.tier}
          data-autofocus
        />
        <Text size="sm" data-testid="change-tier-preview" aria-live="polite">{preview ?? 'Pick a tier to see the proration.'}</Text>
        <Textarea label="Reason" description="Kept in the audit log" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button type="submit" loading={change.isPending}>Change tier</Button>
        </Group>
      </Stack>
    </form>
  );
}
