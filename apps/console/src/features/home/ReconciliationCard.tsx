import { Card, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '@marketdesk/shared';
import { useTRPC } from '../../lib/trpc.ts';
import { AttentionCard } from './AttentionCard.tsx';
import { RECONCILIATION_ITEM } from './attention-items.ts';

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** Stripe is asked at most this often (ms) from the home. */
const RECONCILIATION_STALE_MS = 5 * 60_000;

/**
 * This month's and last month's reconciliation (home.reconciliation): how many month × currency
 * periods differ between the ledger and Stripe, and by how much. Left out when this API runs
 * without Stripe.
 */
export function ReconciliationCard() {
  const trpc = useTRPC();
  const reconciliation = useQuery(trpc.home.reconciliation.queryOptions(undefined, { staleTime: RECONCILIATION_STALE_MS }));
  if (reconciliation.isPending) {
    return (
      <Card withBorder padding="md" data-testid="attention-reconciliation">
        <Text size="sm" fw={600}>{RECONCILIATION_ITEM.label}</Text>
        <Group gap="xs" mt="xs"><Loader size="sm" aria-label="Reconciling with Stripe" /><Text size="sm">Reconciling with Stripe…</Text></Group>
      </Card>
    );
  }
  if (reconciliation.isError) {
    return <AttentionCard view={RECONCILIATION_ITEM} value="?" detail={`Stripe could not be read: ${reconciliation.error.message}`} isActive testId="attention-reconciliation" />;
  }
  if (!reconciliation.data.isStripeConfigured) return null;
  const differing = reconciliation.data.periods.filter((period) => !period.isBalanced);
  const detail = differing.length === 0
    ? 'Ledger and Stripe agree'
    : differing.map((p) => `${monthFormat.format(p.from)} ${p.currency.toUpperCase()}: ${formatMoney(p.difference, p.currency)}`).join(' · ');
  const first = differing[0];
  const view = first ? { ...RECONCILIATION_ITEM, href: `${RECONCILIATION_ITEM.href}?month=${first.from.toISOString().slice(0, 7)}&currency=${first.currency}` } : RECONCILIATION_ITEM;
  return <AttentionCard view={view} value={String(differing.length)} detail={detail} isActive={differing.length > 0} testId="attention-reconciliation" />;
}
