import { SimpleGrid } from '@mantine/core';
import { AreaChart, BarChart } from '@mantine/charts';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { formatChartMoney } from './money-chart.ts';

type Series = RouterOutputs['finance']['series'];

/** Volume (gross, refunds, disputes) and what each party kept, per bucket of the period. */
export function FinanceCharts({ series }: { series: Series }) {
  const valueFormatter = formatChartMoney(series.currency);
  const hasPoints = series.points.length > 0;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard testId="volume-chart" title={`Volume by ${series.interval} (${series.timeZone})`} hasPoints={hasPoints} emptyText="No money moved in this period.">
        <BarChart
          h={260}
          data={series.points}
          dataKey="bucket"
          valueFormatter={valueFormatter}
          withLegend
          series={[
            { name: 'grossVolume', label: 'Gross volume', color: 'indigo.6' },
            { name: 'refunds', label: 'Refunds', color: 'orange.6' },
            { name: 'disputes', label: 'Disputes', color: 'red.6' },
          ]}
        />
      </ChartCard>
      <ChartCard testId="revenue-chart" title={`Revenue and earnings by ${series.interval}`} hasPoints={hasPoints} emptyText="No money moved in this period.">
        <AreaChart
          h={260}
          data={series.points}
          dataKey="bucket"
          valueFormatter={valueFormatter}
          withLegend
          curveType="monotone"
          series={[
            { name: 'creatorEarnings', label: 'Creator earnings', color: 'teal.6' },
            { name: 'platformFees', label: 'Platform fees', color: 'indigo.6' },
            { name: 'netRevenue', label: 'Net revenue', color: 'grape.6' },
            { name: 'stripeFees', label: 'Stripe fees', color: 'gray.6' },
          ]}
        />
      </ChartCard>
    </SimpleGrid>
  );
}
