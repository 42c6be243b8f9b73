import { CompositeChart } from '@mantine/charts';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';

type Month = RouterOutputs['reviews']['ownSummary']['overTime'][number];

/** Published reviews per month (bars) and their average stars (line), over the last 12 months. */
export function RatingsChart({ months }: { months: Month[] }) {
  const data = months.map((m) => ({ month: m.month, reviews: m.count, average: m.average === null ? null : Math.round(m.average * 100) / 100 }));
  return (
    <ChartCard testId="ratings-chart" title="Ratings over time" hasPoints={months.some((m) => m.count > 0)} emptyText="No published reviews in the last 12 months.">
      <CompositeChart
        h={240}
        data={data}
        dataKey="month"
        withLegend
        connectNulls
        withRightYAxis
        yAxisProps={{ allowDecimals: false }}
        rightYAxisProps={{ domain: [1, 5] }}
        series={[
          { name: 'reviews', label: 'Reviews', color: 'indigo.5', type: 'bar' },
          { name: 'average', label: 'Average stars', color: 'yellow.7', type: 'line', yAxisId: 'right' },
        ]}
      />
    </ChartCard>
  );
}
