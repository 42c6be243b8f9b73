import { Group, Loader, Select, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { REVIEWER_STATS_WEEKS } from '@marketdesk/shared';
import { focusableScrollArea } from '../../components/CardTable/focusable-scroll-area.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { readPositiveInt, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { formatDuration, formatShare, formatWeek } from './reviewer-stats-charts.ts';
import { ReviewerStatsCharts } from './ReviewerStatsCharts.tsx';

const PERIOD_OPTIONS = [4, 8, 12, REVIEWER_STATS_WEEKS.max].map((weeks) => ({ value: String(weeks), label: `Last ${weeks} weeks` }));

/**
 * The moderation team's weekly report (admins and moderators): decisions per moderator, median
 * time to decision, share decided by the due date, the pending queue's age and the reasons used.
 * The period (`?weeks=`, 1–26, default 8) ends with the current week; weeks start Monday 00:00 UTC.
 */
export default function ReviewerStatsPage() {
  const trpc = useTRPC();
  const [searchParams, updateSearch] = useSearchParamsPatch();
  const weeks = readPositiveInt(searchParams.get('weeks'), REVIEWER_STATS_WEEKS.default, REVIEWER_STATS_WEEKS.max);
  const stats = useQuery(trpc.reviewerStats.report.queryOptions({ weeks }, { placeholderData: keepPreviousData }));
  const options = PERIOD_OPTIONS.some((option) => option.value === String(weeks)) ? PERIOD_OPTIONS : [...PERIOD_OPTIONS, { value: String(weeks), label: `Last ${weeks} weeks` }];
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Reviewer statistics</PageTitle>
        <Text size="sm" c="dimmed">
          Weeks start Monday 00:00 UTC and the period ends with the current week. A decision is an approval, a rejection or a change request; time to decision runs from submission.
        </Text>
      </div>
      <Group align="flex-end">
        <Select label="Period" w={220} data={options} value={String(weeks)} allowDeselect={false} onChange={(value) => value && updateSearch({ weeks: value })} />
      </Group>
      {stats.data ? (
        <>
          <ReviewerStatsCharts stats={stats.data} />
          <DataTable
            withTableBorder
            borderRadius="md"
            idAccessor={(week) => week.weekStart.toISOString()}
            records={stats.data.weeks}
            scrollAreaProps={focusableScrollArea('Weekly figures')}
            columns={[
              { accessor: 'weekStart', title: 'Week (from Monday, UTC)', render: (week) => formatWeek(week.weekStart) },
              { accessor: 'decisions', title: 'Decisions', textAlign: 'right' },
              { accessor: 'medianSecondsToDecision', title: 'Median time to decision', textAlign: 'right', render: (week) => formatDuration(week.medianSecondsToDecision) },
              { accessor: 'decidedByDueDate', title: 'Decided by the due date', textAlign: 'right', render: (week) => `${week.decidedByDueDate} (${formatShare(week.shareDecidedByDueDate)})` },
            ]}
          />
        </>
      ) : (
        <Loader aria-label="Loading reviewer statistics" />
      )}
    </Stack>
  );
}
