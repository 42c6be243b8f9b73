import { Card, SimpleGrid, Text } from '@mantine/core';
import { AreaChart, BarChart } from '@mantine/charts';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { formatChartMoney } from './money-chart.ts';

type Series = RouterOutputs['finance']['series'];

/** Volume (gross, refunds, disputes) and what each party kept, per bucket of the period. */
export function FinanceCharts({ series }: { series: Series }) {
  const valueFormatter = formatChartMoney(series.currency);
  const hasPoints = series.points.length > 0;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Card withBorder padding="md" data-testid="volume-chart">
        <Text fw={600} mb="sm">Volume by {series.interval} ({series.timeZone})</Text>
        {hasPoints ? (
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
        ) : (
          <Text size="sm" c="dimmed">No money moved in this period.</Text>
        )}
      </Card>
      <Card withBorder padding="md" data-testid="revenue-chart">
        <Text fw={600} mb="sm">Revenue and earnings by {series.interval}</Text>
        {hasPoints ? (
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
        ) : (
          <Text size="sm" c="dimmed">No money moved in this period.</Text>
        )}
      </Card>
    </SimpleGrid>
  );
}
