import { SimpleGrid, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { REVENUE_STREAMS } from '@marketdesk/shared';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { formatChartMoney } from '../finance/money-chart.ts';
import { REVENUE_STREAM_COLORS, REVENUE_STREAM_DETAILS, REVENUE_STREAM_LABELS, toMonthLabel } from '../finance/revenue-streams.ts';

type ByModel = RouterOutputs['creator']['earningsByModel'];
type Usage = RouterOutputs['creator']['usage'];

/** The creator's earnings per pricing model (revenue stream) of the period: a table and a stacked bar per month. */
export function EarningsByModel({ data }: { data: ByModel }) {
  const money = (amount: number) => <MoneyText amount={amount} currency={data.currency} />;
  const streams = REVENUE_STREAMS.filter((s) => data.streams.some((row) => row.stream === s));
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }}>
      <CardTable
        title="Earnings by pricing model"
        testId="earnings-by-model"
        emptyMinHeight={100}
        idAccessor="stream"
        records={data.streams}
        noRecordsText="No earnings in this period"
        columns={[
          { accessor: 'stream', title: 'Pricing model', render: (s) => <div><Text size="sm" fw={500}>{REVENUE_STREAM_LABELS[s.stream]}</Text><Text size="xs" c="dimmed">{REVENUE_STREAM_DETAILS[s.stream]}</Text></div> },
          { accessor: 'gross', title: 'Amount', textAlign: 'right', render: (s) => money(s.gross) },
          { accessor: 'refunds', title: 'Refunds', textAlign: 'right', render: (s) => money(s.refunds) },
          { accessor: 'earnings', title: 'Your earnings', textAlign: 'right', render: (s) => money(s.earnings) },
        ]}
      />
      <ChartCard testId="earnings-by-model-chart" title="Your earnings by pricing model per month (UTC)" hasPoints={data.months.length > 0} emptyText="No earnings in this period.">
        <BarChart
          h={260}
          type="stacked"
          data={data.months.map((m) => ({ month: toMonthLabel(m.month), ...m.earnings }))}
          dataKey="month"
          valueFormatter={formatChartMoney(data.currency)}
          withLegend
          series={streams.map((s) => ({ name: s, label: REVENUE_STREAM_LABELS[s], color: REVENUE_STREAM_COLORS[s] }))}
        />
      </ChartCard>
    </SimpleGrid>
  );
}

const count = new Intl.NumberFormat();

/** Usage reported by the clients of the creator's plugins, per plugin and metric, this UTC month and last. */
export function PluginUsage({ data }: { data: Usage }) {
  const rows = data.plugins.flatMap((plugin) => plugin.metrics.map((m) => ({ id: `${plugin.pluginId}:${m.metric}`, pluginName: plugin.pluginName, ...m })));
  const month = (date: Date) => date.toISOString().slice(0, 7);
  return (
    <CardTable
      title="Usage of your plugins"
      testId="plugin-usage"
      emptyMinHeight={100}
      idAccessor="id"
      records={rows}
      noRecordsText="No usage reported this month or last"
      columns={[
        { accessor: 'pluginName', title: 'Plugin' },
        { accessor: 'metric', title: 'Metric', render: (r) => <Text size="sm" ff="monospace">{r.metric}</Text> },
        { accessor: 'thisMonth.quantity', title: `Quantity ${month(data.thisMonth)}`, textAlign: 'right', render: (r) => count.format(r.thisMonth.quantity) },
        { accessor: 'thisMonth.reports', title: `Reports ${month(data.thisMonth)}`, textAlign: 'right', render: (r) => count.format(r.thisMonth.reports) },
        { accessor: 'lastMonth.quantity', title: `Quantity ${month(data.lastMonth)}`, textAlign: 'right', render: (r) => count.format(r.lastMonth.quantity) },
        { accessor: 'lastMonth.reports', title: `Reports ${month(data.lastMonth)}`, textAlign: 'right', render: (r) => count.format(r.lastMonth.reports) },
      ]}
    />
  );
}
