import { SimpleGrid } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { ChartCard } from '../../components/ChartCard/ChartCard.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';
import { DECISION_KIND_LABELS, toModeratorSeries, toReasonRows, toWeeklySeries } from './reviewer-stats-charts.ts';

type ReviewerStats = RouterOutputs['reviewerStats']['report'];
/** Count axes tick at whole numbers (no "0.75 decisions"). */
const WHOLE_COUNTS = { allowDecimals: false };

/** The five charts: decisions per moderator, median time to decision, share by the due date, queue age, reasons used. */
export function ReviewerStatsCharts({ stats }: { stats: ReviewerStats }) {
  const moderators = toModeratorSeries(stats);
  const weekly = toWeeklySeries(stats);
  const reasons = toReasonRows(stats);
  const hasDecisions = stats.weeks.some((week) => week.decisions > 0);
  const noDecisions = 'No decisions in this period.';
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard testId="decisions-chart" title="Decisions per moderator and week" hasPoints={hasDecisions} emptyText={noDecisions}>
        <BarChart h={260} data={moderators.data} dataKey="week" type="stacked" withLegend yAxisProps={WHOLE_COUNTS} series={moderators.series} />
      </ChartCard>
      <ChartCard testId="median-chart" title="Median time to decision (hours, submission to decision)" hasPoints={hasDecisions} emptyText={noDecisions}>
        <LineChart h={260} data={weekly} dataKey="week" connectNulls={false} unit=" h" series={[{ name: 'medianHours', label: 'Median hours', color: 'indigo.6' }]} />
      </ChartCard>
      <ChartCard testId="due-share-chart" title="Share decided by the due date (%)" hasPoints={hasDecisions} emptyText={noDecisions}>
        <LineChart h={260} data={weekly} dataKey="week" connectNulls={false} unit=" %" yAxisProps={{ domain: [0, 100] }} series={[{ name: 'sharePercent', label: 'Decided by the due date', color: 'teal.6' }]} />
      </ChartCard>
      <ChartCard testId="queue-age-chart" title="Pending queue by age (calendar days since submission, now)" hasPoints emptyText="">
        <BarChart h={260} data={stats.queueAge.buckets} dataKey="label" yAxisProps={WHOLE_COUNTS} series={[{ name: 'count', label: 'Pending submissions', color: 'orange.6' }]} />
      </ChartCard>
      <ChartCard testId="reasons-chart" title="Decision reasons used" hasPoints={reasons.length > 0} emptyText="No decision named a reason in this period.">
        <BarChart
          h={Math.max(160, reasons.length * 40 + 60)}
          data={reasons}
          dataKey="reason"
          orientation="vertical"
          type="stacked"
          withLegend
          yAxisProps={{ width: 160 }}
          xAxisProps={WHOLE_COUNTS}
          series={[
            { name: 'REJECT', label: DECISION_KIND_LABELS.REJECT, color: 'red.6' },
            { name: 'REQUEST_CHANGES', label: DECISION_KIND_LABELS.REQUEST_CHANGES, color: 'yellow.6' },
          ]}
        />
      </ChartCard>
    </SimpleGrid>
  );
}
