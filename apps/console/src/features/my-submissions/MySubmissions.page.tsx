import { Anchor, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { Link, useNavigate } from 'react-router';
import { hasPermission, SUBMISSION_STATUSES, type SubmissionSummary } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ScoreBadge, SubmissionStatusBadge } from '../moderation/badges.tsx';
import { HISTORY_LABELS, STATUS_LABELS, type SubmissionStatus } from '../moderation/labels.ts';
import { PAGE_SIZES, useMySubmissionsQuery } from './useMySubmissionsQuery.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const STATUS_OPTIONS = SUBMISSION_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

const columns: DataTableColumn<SubmissionSummary>[] = [
  {
    accessor: 'plugin',
    title: 'Version',
    render: (submission) => (
      <Anchor component={Link} to={`/my-submissions/${submission.id}`} size="sm" fw={500} onClick={(event) => event.stopPropagation()}>
        {submission.plugin.name}@{submission.pluginVersion}
      </Anchor>
    ),
  },
  { accessor: 'status', title: 'Status', render: (submission) => <SubmissionStatusBadge status={submission.status} /> },
  { accessor: 'submittedAt', title: 'Submitted', noWrap: true, render: (submission) => formatDateTime(submission.submittedAt) },
  { accessor: 'score', title: 'Score', textAlign: 'center', render: (submission) => <ScoreBadge score={submission.score} reportStatus={submission.reportStatus} /> },
  {
    accessor: 'lastDecision',
    title: 'Latest decision',
    width: '40%',
    render: ({ lastDecision }) =>
      lastDecision ? (
        <div>
          <Text size="sm" fw={500}>{HISTORY_LABELS[lastDecision.kind]}{lastDecision.reason ? `: ${lastDecision.reason}` : ''}</Text>
          {lastDecision.message && <Text size="sm" c="dimmed" lineClamp={2}>{lastDecision.message}</Text>}
        </div>
      ) : (
        <Text size="sm" c="dimmed">Waiting for review</Text>
      ),
  },
];

/** A creator's submissions and what the moderators decided; never anyone else's. */
export default function MySubmissionsPage() {
  const canSubmit = hasPermission(useSignedInUser().roles, 'submissions.create');
  const navigate = useNavigate();
  const { filters, query, setStatus, setPage, setPageSize } = useMySubmissionsQuery();
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <PageTitle>My submissions</PageTitle>
        {canSubmit && <Button component={Link} to="/my-submissions/new" leftSection={<IconUpload size={16} />}>Submit a new version</Button>}
      </Group>
      <Select label="Status" placeholder="Any status" data={STATUS_OPTIONS} clearable w={220} value={filters.status ?? null} onChange={(status) => setStatus((status as SubmissionStatus | null) ?? undefined)} />
      <DataTable
        withTableBorder
        borderRadius="md"
        highlightOnHover
        minHeight={240}
        idAccessor="id"
        columns={columns}
        records={query.data?.items ?? []}
        fetching={query.isFetching}
        noRecordsText={filters.status ? 'No submissions with this status' : 'You have not submitted any version yet'}
        onRowClick={({ record }) => void navigate(`/my-submissions/${record.id}`)}
        totalRecords={query.data?.total ?? 0}
        recordsPerPage={filters.pageSize}
        page={filters.page}
        onPageChange={setPage}
        recordsPerPageOptions={PAGE_SIZES}
        onRecordsPerPageChange={setPageSize}
        paginationText={({ from, to, totalRecords }) => `${from}–${to} of ${totalRecords}`}
      />
    </Stack>
  );
}
