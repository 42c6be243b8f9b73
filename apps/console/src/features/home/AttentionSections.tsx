import { Alert, Loader, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney, hasPermission, type AttentionItem, type Role } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { AttentionCard } from './AttentionCard.tsx';
import { ATTENTION_ITEMS, ATTENTION_SECTION_TITLES } from './attention-items.ts';
import { ReconciliationCard } from './ReconciliationCard.tsx';

/** The counts refresh this often (ms) while the home is open. */
const ATTENTION_REFRESH_MS = 60_000;

function describeItem(item: AttentionItem): { value: string; detail: string | null } {
  const view = ATTENTION_ITEMS[item.key];
  const money = item.money.map((m) => formatMoney(m.amount, m.currency)).join(' · ');
  if (item.key === 'creator.balance') return { value: money || formatMoney(0, 'usd'), detail: 'In your Stripe balance, not yet paid out' };
  if (item.key === 'creator.nextPayout') {
    if (item.count === 0) return { value: '—', detail: 'No payout on the way' };
    return { value: money, detail: item.at ? `${view.atLabel} ${formatDateTime(item.at)}${item.count > 1 ? ` · ${item.count} on the way` : ''}` : `${item.count} on the way` };
  }
  const detail = item.count === 0 ? 'Nothing waiting' : item.at && view.atLabel ? `${view.atLabel}: ${formatDateTime(item.at)}` : null;
  return { value: String(item.count), detail };
}

/**
 * What needs the signed-in user now, one section per role area (home.attention), each figure a
 * link to its filtered list. Finance's reconciliation is its own query (it asks Stripe), so the
 * counts show first.
 */
export function AttentionSections({ roles }: { roles: readonly Role[] }) {
  const trpc = useTRPC();
  const attention = useQuery(trpc.home.attention.queryOptions(undefined, { refetchInterval: ATTENTION_REFRESH_MS }));
  if (attention.isPending) return <Loader aria-label="Loading what needs you" />;
  if (attention.isError) return <Alert color="red" title="Could not load what needs you">{attention.error.message}</Alert>;
  return (
    <Stack gap="lg">
      {attention.data.sections.map(({ section, items }) => (
        <Stack key={section} gap="xs" data-testid={`attention-section-${section}`}>
          <Title order={2} size="h4">{ATTENTION_SECTION_TITLES[section]}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {items.map((item) => {
              const { value, detail } = describeItem(item);
              const isActive = item.key === 'creator.balance' ? item.money.some((m) => m.amount !== 0) : item.count > 0;
              return <AttentionCard key={item.key} view={ATTENTION_ITEMS[item.key]} value={value} detail={detail} isActive={isActive} testId={`attention-${item.key}`} />;
            })}
            {section === 'finance' && hasPermission(roles, 'finance.read') && <ReconciliationCard />}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
