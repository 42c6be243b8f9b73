import { Alert, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useSignedInUser } from '../../auth/useSession.ts';
import { StripeModeBadge } from '../../components/StripeModeBadge/StripeModeBadge.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { PeriodPicker } from '../finance/PeriodPicker.tsx';
import { useFinancePeriod } from '../finance/useFinancePeriod.ts';
import { EarningsCards } from './EarningsCards.tsx';
import { EarningsChart } from './EarningsChart.tsx';
import { EarningsByModel, PluginUsage } from './EarningsByModel.tsx';
import { CreatorPayouts, CreatorRefunds, SalesByPlugin } from './EarningsTables.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const LIST_LIMIT = 25;

/**
 * A creator's own money: balance, earnings over time, sales per plugin, earnings by pricing model,
 * the usage of their plugins, payouts, refunds. At
 * /earnings/:creatorId the id goes to the API, which finds only the signed-in creator's own: any
 * other id is NOT_FOUND, and the error boundary shows the console's not-found page.
 */
export default function CreatorEarningsPage() {
  const { creatorId } = useParams();
  const user = useSignedInUser();
  if (!creatorId && !user.creatorId) {
    return <Alert color="orange" title="No creator account" maw={560}>Your sign-in is not linked to a creator account, so there are no earnings to show.</Alert>;
  }
  return <CreatorEarnings creatorId={creatorId} />;
}

function CreatorEarnings({ creatorId }: { creatorId: string | undefined }) {
  const trpc = useTRPC();
  const { period, input, setPeriod } = useFinancePeriod();
  const keep = { placeholderData: keepPreviousData };
  const scoped = { ...input, creatorId };
  const earnings = useQuery(trpc.creator.earnings.queryOptions({ currency: period.currency, creatorId }, keep));
  const series = useQuery(trpc.creator.earningsSeries.queryOptions({ ...scoped, interval: period.interval, timeZone: period.timeZone }, keep));
  const sales = useQuery(trpc.creator.salesByPlugin.queryOptions(scoped, keep));
  const byModel = useQuery(trpc.creator.earningsByModel.queryOptions(scoped, keep));
  const usage = useQuery(trpc.creator.usage.queryOptions({ creatorId }));
  const nextPage = { getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined };
  const payouts = useInfiniteQuery(trpc.creator.payouts.infiniteQueryOptions({ creatorId, limit: LIST_LIMIT }, nextPage));
  const refunds = useInfiniteQuery(trpc.creator.refunds.infiniteQueryOptions({ creatorId, limit: LIST_LIMIT }, nextPage));
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Earnings <StripeModeBadge /></PageTitle>
        <Text size="sm" c="dimmed">Your share of every sale (after the platform fee), refunds that touched it, and payouts to your bank, in {period.currency.toUpperCase()}.</Text>
      </div>
      {earnings.data ? <EarningsCards earnings={earnings.data} /> : <Loader aria-label="Loading earnings" />}
      <PeriodPicker period={period} onChange={setPeriod} />
      {series.data && <EarningsChart points={series.data.points} currency={period.currency} interval={period.interval} />}
      {sales.data && <SalesByPlugin items={sales.data.items} currency={period.currency} />}
      {byModel.data && <EarningsByModel data={byModel.data} />}
      {usage.data && <PluginUsage data={usage.data} />}
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        {payouts.data && <CreatorPayouts items={payouts.data.pages.flatMap((page) => page.items)} more={payouts} />}
        {refunds.data && <CreatorRefunds items={refunds.data.pages.flatMap((page) => page.items)} more={refunds} />}
      </SimpleGrid>
    </Stack>
  );
}
