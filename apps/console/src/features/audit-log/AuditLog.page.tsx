import { Code, Stack, Text } from '@mantine/core';
import type { DataTableColumn } from 'mantine-datatable';
import type { AuditEntry } from '@marketdesk/shared';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { RequestId } from '../../components/RequestId/RequestId.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { AuditEntryChange } from './AuditEntryChange.tsx';
import { AuditTarget } from './AuditTarget.tsx';
import { AuditLogFilters } from './AuditLogFilters.tsx';
import { useAuditLogQuery } from './useAuditLogQuery.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

export default function AuditLogPage() {
  const { filters, query, entries, setFilter, clearFilters } = useAuditLogQuery();
  const columns: DataTableColumn<AuditEntry>[] = [
    { accessor: 'occurredAt', title: 'Time', noWrap: true, render: (entry) => formatPreciseDateTime(entry.occurredAt) },
    { accessor: 'actorEmail', title: 'Actor' },
    { accessor: 'action', title: 'Action', render: (entry) => <Code>{entry.action}</Code> },
    {
      accessor: 'targetId',
      title: 'Target',
      render: (entry) => <AuditTarget entry={entry} onFilter={() => setFilter({ targetType: entry.targetType, targetId: entry.targetId })} />,
    },
    { accessor: 'reason', title: 'Reason', render: (entry) => entry.reason ?? <Text span c="dimmed" size="sm">—</Text> },
    {
      accessor: 'requestId',
      title: 'Request id',
      render: (entry) => (entry.requestId ? <span onClick={(event) => event.stopPropagation()}><RequestId id={entry.requestId} /></span> : '—'),
    },
  ];
  return (
    <Stack gap="md">
      <div>
        <PageTitle>Audit log</PageTitle>
        <Text size="sm" c="dimmed">Every staff action, newest first. Click a row for the before and after.</Text>
      </div>
      <AuditLogFilters filters={filters} onChange={setFilter} onClear={clearFilters} />
      <KeysetDataTable
        query={query}
        highlightOnHover
        columns={columns}
        records={entries}
        noRecordsText="No audit entries match these filters"
        rowExpansion={{ content: ({ record }) => <AuditEntryChange entry={record} /> }}
      />
      {!query.hasNextPage && entries.length > 0 && (
        <Text size="sm" c="dimmed" ta="center">End of the log: {entries.length} {entries.length === 1 ? 'entry' : 'entries'}</Text>
      )}
    </Stack>
  );
}
