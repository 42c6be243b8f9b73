import { AreaChart } from '@mantine/charts';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { formatChartMoney } from '../finance/money-chart.ts';

type Point = RouterOutputs['creator']['earningsSeries']['points'][number];

/** Sales, refunds and the creator's earnings per bucket of the period. */
export function EarningsChart({ points, currency, interval }: { points: Point[]; currency: string; interval: string }) {
  return (
    <ChartCard testId="earnings-chart" title={`Earnings by ${interval}`} hasPoints={points.length > 0} emptyText="No sales in this period.">
      <AreaChart
        h={260}
        data={points}
        dataKey="bucket"
        valueFormatter={formatChartMoney(currency)}
        withLegend
        curveType="monotone"
        series={[
          { name: 'sales', label: 'Sales', color: 'indigo.6' },
          { name: 'earnings', label: 'Your earnings', color: 'teal.6' },
          { name: 'refunds', label: 'Refunds', color: 'orange.6' },
        ]}
      />
    </ChartCard>
  );
}
