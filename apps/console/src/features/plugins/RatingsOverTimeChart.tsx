import { CompositeChart } from '@mantine/charts';
import type { RatingMonth } from '@marketdesk/shared';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';

/** Published reviews per month (bars) and their average stars (line), oldest month first; `testId` names the card for tests. */
export function RatingsOverTimeChart({ months, testId = 'ratings-over-time' }: { months: RatingMonth[]; testId?: string }) {
  const data = months.map((m) => ({ month: m.month, reviews: m.count, average: m.average === null ? null : Math.round(m.average * 100) / 100 }));
  return (
    <ChartCard testId={testId} title="Ratings over time" hasPoints={months.some((m) => m.count > 0)} emptyText={`No published reviews in the last ${months.length} months.`}>
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
