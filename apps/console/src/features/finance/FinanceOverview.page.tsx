import { Button, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconDownload } from '@tabler/icons-react';
import { StripeModeBadge } from '../../components/StripeModeBadge/StripeModeBadge.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { FinanceCharts } from './FinanceCharts.tsx';
import { KpiCards } from './KpiCards.tsx';
import { PayoutsByStatus } from './PayoutsByStatus.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { TopTables } from './TopTables.tsx';
import { buildTransactionsCsvUrl, useFinancePeriod } from './useFinancePeriod.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const TOP_LIMIT = 10;

/** Finance's view of a period in one currency: KPIs, charts, top plugins and creators, payouts. */
export default function FinanceOverviewPage() {
  const trpc = useTRPC();
  const { period, input, setPeriod } = useFinancePeriod();
  const keep = { placeholderData: keepPreviousData };
  const kpis = useQuery(trpc.finance.kpis.queryOptions(input, keep));
  const series = useQuery(trpc.finance.series.queryOptions({ ...input, interval: period.interval, timeZone: period.timeZone }, keep));
  const topPlugins = useQuery(trpc.finance.top.queryOptions({ ...input, by: 'plugin', limit: TOP_LIMIT }, keep));
  const topCreators = useQuery(trpc.finance.top.queryOptions({ ...input, by: 'creator', limit: TOP_LIMIT }, keep));
  const payouts = useQuery(trpc.finance.payoutsByStatus.queryOptions(input, keep));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <PageTitle>Finance overview</PageTitle>
            <StripeModeBadge />
          </Group>
          <Text size="sm" c="dimmed">Every figure is a sum over the ledger for the period, in {period.currency.toUpperCase()}.</Text>
        </div>
        <Button component="a" href={buildTransactionsCsvUrl(input)} download variant="default" leftSection={<IconDownload size={16} />}>
          Export transactions (CSV)
        </Button>
      </Group>
      <PeriodPicker period={period} onChange={setPeriod} />
      {kpis.data ? <KpiCards kpis={kpis.data} /> : <Loader aria-label="Loading figures" />}
      {series.data && <FinanceCharts series={series.data} />}
      {topPlugins.data && topCreators.data && <TopTables plugins={topPlugins.data.items} creators={topCreators.data.items} currency={period.currency} />}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>{payouts.data && <PayoutsByStatus items={payouts.data.items} />}</SimpleGrid>
    </Stack>
  );
}
