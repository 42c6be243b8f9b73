import { Card, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatMoney, REVENUE_STREAMS } from '@marketdesk/shared';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { formatChartMoney } from './money-chart.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import { REVENUE_STREAM_COLORS, REVENUE_STREAM_DETAILS, REVENUE_STREAM_LABELS, toMonthLabel } from './revenue-streams.ts';
import { useFinancePeriod } from './useFinancePeriod.ts';

type PricingModels = RouterOutputs['finance']['pricingModels'];

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const count = new Intl.NumberFormat();
const rate = (value: number | null) => (value === null ? '—' : percent.format(value));

function MetricCard({ testId, label, value, detail }: { testId: string; label: string; value: string; detail: string }) {
  return (
    <Card withBorder padding="md" data-testid={`metric-${testId}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={24} fw={700} ff="monospace" data-testid="metric-value">{value}</Text>
      <Text size="xs" c="dimmed">{detail}</Text>
    </Card>
  );
}

/** Deferred revenue, MRR, churn, trial conversion and free installs of the period. */
function PricingMetrics({ data }: { data: PricingModels }) {
  const { subscriptions: subs, trials } = data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
      <MetricCard testId="deferred-revenue" label="Deferred revenue" value={formatMoney(data.deferredRevenue, data.currency)} detail="Unused prepaid credits at the period end (a liability)" />
      <MetricCard testId="mrr" label="MRR" value={formatMoney(subs.mrr, data.currency)} detail={`${count.format(subs.activeAtEnd)} paying subscriptions at the end · ${formatMoney(subs.mrrAtStart, data.currency)} at the start`} />
      <MetricCard testId="logo-churn" label="Churn" value={rate(subs.logoChurnRate)} detail={`${count.format(subs.canceled)} of ${count.format(subs.activeAtStart)} paying at the start canceled · revenue churn ${rate(subs.revenueChurnRate)}`} />
      <MetricCard testId="trial-conversion" label="Trial conversion" value={rate(trials.conversionRate)} detail={`${count.format(trials.converted)} converted, ${count.format(trials.expired)} expired in the period`} />
      <MetricCard testId="free-installs" label="Free installs" value={count.format(data.freeInstalls)} detail="Licenses issued without a payment or a trial" />
    </SimpleGrid>
  );
}

/** Finance's revenue by pricing model: each ledger stream's sums, a stacked chart per month, and the subscription and trial metrics. */
export default function PricingModelsPage() {
  const trpc = useTRPC();
  const { period, input, setPeriod } = useFinancePeriod();
  const result = useQuery(trpc.finance.pricingModels.queryOptions(input, { placeholderData: keepPreviousData }));
  const data = result.data;
  const money = (amount: number) => <MoneyText amount={amount} currency={period.currency} />;
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Revenue by pricing model</PageTitle>
        <Text size="sm" c="dimmed">Each stream is a sum over the ledger for the period, in {period.currency.toUpperCase()}; MRR and churn count paying subscriptions, trials those that ended in the period.</Text>
      </div>
      <PeriodPicker period={period} onChange={setPeriod} />
      {!data ? <Loader aria-label="Loading revenue by pricing model" /> : (
        <>
          <PricingMetrics data={data} />
          <CardTable
            title="Revenue streams"
            testId="revenue-streams"
            emptyMinHeight={100}
            idAccessor="stream"
            records={data.streams}
            noRecordsText="No revenue in this period"
            columns={[
              { accessor: 'stream', title: 'Stream', render: (s) => <div><Text size="sm" fw={500}>{REVENUE_STREAM_LABELS[s.stream]}</Text><Text size="xs" c="dimmed">{REVENUE_STREAM_DETAILS[s.stream]}</Text></div> },
              { accessor: 'amount', title: 'Amount', textAlign: 'right', render: (s) => money(s.amount) },
              { accessor: 'refunds', title: 'Refunds', textAlign: 'right', render: (s) => money(s.refunds) },
              { accessor: 'platformFees', title: 'Platform fees', textAlign: 'right', render: (s) => money(s.platformFees) },
              { accessor: 'creatorEarnings', title: 'Creator earnings', textAlign: 'right', render: (s) => money(s.creatorEarnings) },
              { accessor: 'stripeFees', title: 'Stripe fees', textAlign: 'right', render: (s) => money(s.stripeFees) },
            ]}
          />
          <ChartCard testId="revenue-by-stream-chart" title="Revenue by stream per month (UTC)" hasPoints={data.months.length > 0} emptyText="No revenue in this period.">
            <BarChart
              h={280}
              type="stacked"
              data={data.months.map((m) => ({ month: toMonthLabel(m.month), ...m.amounts }))}
              dataKey="month"
              valueFormatter={formatChartMoney(data.currency)}
              withLegend
              // Credits granted are a cost the platform bears, not revenue: in the table, not in the bars.
              series={REVENUE_STREAMS.filter((s) => s !== 'CREDITS_GRANTED').map((s) => ({ name: s, label: REVENUE_STREAM_LABELS[s], color: REVENUE_STREAM_COLORS[s] }))}
            />
          </ChartCard>
        </>
      )}
    </Stack>
  );
}
