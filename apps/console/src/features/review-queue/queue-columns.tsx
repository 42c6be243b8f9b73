import { ActionIcon, Anchor, Badge, Group, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertOctagon, IconFilter } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { Link } from 'react-router';
import type { QueueItem } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { DueDateBadge, QueueReasonBadges, ReportStatusBadge, ScoreBadge } from '../moderation/badges.tsx';
import type { QueueFilters } from './useReviewQueueQuery.ts';

interface QueueColumnsOptions {
  me: { id: string; creatorId: string | null };
  /** The queue's search, handed to the submission page for its way back. */
  queueSearch: string;
  onFilter: (patch: Partial<QueueFilters>) => void;
}

const stop = (event: React.MouseEvent) => event.stopPropagation();

export function listQueueColumns({ me, queueSearch, onFilter }: QueueColumnsOptions): DataTableColumn<QueueItem>[] {
  const now = new Date();
  return [
    {
      accessor: 'plugin',
      title: 'Plugin',
      render: (item) => (
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/queue/${item.id}`} state={{ queueSearch }} onClick={stop} fw={500} size="sm">{item.plugin.name}</Anchor>
            {item.creator.id === me.creatorId && <Badge size="xs" color="gray">Your plugin</Badge>}
          </Group>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" c="dimmed">v{item.pluginVersion}</Text>
            <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Show only ${item.plugin.name}`} title="Show only this plugin" onClick={(event) => { stop(event); onFilter({ pluginId: item.plugin.id }); }}>
              <IconFilter size={12} />
            </ActionIcon>
          </Group>
        </Stack>
      ),
    },
    {
      accessor: 'creator',
      title: 'Creator',
      render: (item) => (
        <Anchor size="sm" title="Show only this creator" onClick={(event) => { stop(event); onFilter({ creatorId: item.creator.id }); }}>{item.creator.displayName}</Anchor>
      ),
    },
    { accessor: 'queueReasons', title: 'Why queued', render: (item) => <QueueReasonBadges reasons={item.queueReasons} /> },
    { accessor: 'dueAt', title: 'Due', noWrap: true, render: (item) => <DueDateBadge dueAt={item.dueAt} now={now} /> },
    { accessor: 'score', title: 'Score', textAlign: 'center', render: (item) => <ScoreBadge score={item.score} reportStatus={item.reportStatus} /> },
    {
      accessor: 'hasCriticalFindings',
      title: 'Critical',
      textAlign: 'center',
      render: (item) => item.hasCriticalFindings && (
        <Tooltip label="Critical findings">
          <ThemeIcon color="red" variant="light" size="sm" aria-label="Critical findings" role="img"><IconAlertOctagon size={14} /></ThemeIcon>
        </Tooltip>
      ),
    },
    {
      accessor: 'claim',
      title: 'Claimed by',
      render: (item) => {
        if (!item.claim) return <Text span size="sm" c="dimmed">Unclaimed</Text>;
        const holder = item.claim.holderId === me.id ? 'You' : item.claim.holderName;
        return <Tooltip label={`Until ${formatDateTime(item.claim.expiresAt)}`}><Badge variant="light" color={holder === 'You' ? 'indigo' : 'gray'} tt="none">{holder}</Badge></Tooltip>;
      },
    },
    { accessor: 'reportStatus', title: 'Report', render: (item) => <ReportStatusBadge status={item.reportStatus} /> },
  ];
}
