import { ActionIcon, Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { Link } from 'react-router';
import type { ReviewQueueItem } from '@marketdesk/shared';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { ReviewStatusBadge, SignalBadges, Stars } from './labels.tsx';

interface Options {
  me: { id: string; creatorId: string | null };
  queueSearch: string;
  onFilterPlugin: (pluginId: string) => void;
}

const stop = (event: React.MouseEvent) => event.stopPropagation();

/** The buyer-review queue's columns: review (stars and excerpt), plugin and creator, why queued, waiting since, claim. */
export function listBuyerReviewColumns({ me, queueSearch, onFilterPlugin }: Options): DataTableColumn<ReviewQueueItem>[] {
  const now = new Date();
  return [
    {
      accessor: 'excerpt',
      title: 'Review',
      width: '40%',
      render: (item) => (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            <Stars rating={item.rating} />
            <ReviewStatusBadge status={item.status} />
          </Group>
          <Anchor component={Link} to={`/moderation/buyer-reviews/${item.id}`} state={{ queueSearch }} onClick={stop} size="sm" c="var(--mantine-color-text)" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            {item.excerpt || '(no text, rating only)'}
          </Anchor>
        </Stack>
      ),
    },
    {
      accessor: 'plugin',
      title: 'Plugin',
      render: (item) => (
        <Stack gap={0}>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={500}>{item.plugin.name}</Text>
            <ActionIcon size="xs" variant="subtle" color="gray" aria-label={`Show only ${item.plugin.name}`} title="Show only this plugin" onClick={(event) => { stop(event); onFilterPlugin(item.plugin.id); }}>
              <IconFilter size={12} />
            </ActionIcon>
          </Group>
          <Text size="xs" c="dimmed">{item.creator.name}{item.creator.id === me.creatorId ? ' (you)' : ''}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'signals',
      title: 'Why queued',
      render: (item) => (
        <Group gap={4}>
          <SignalBadges signals={item.signals} />
          {item.reportCount > 0 && <Badge color="red" variant="light" size="sm">{item.reportCount === 1 ? '1 report' : `${item.reportCount} reports`}</Badge>}
        </Group>
      ),
    },
    { accessor: 'queuedAt', title: 'Waiting since', noWrap: true, render: (item) => <Tooltip label={formatDateTime(item.queuedAt)}><Text span size="sm">{formatRelative(item.queuedAt, now)}</Text></Tooltip> },
    {
      accessor: 'claim',
      title: 'Claimed by',
      render: (item) => {
        if (!item.claim) return <Text span size="sm" c="dimmed">Unclaimed</Text>;
        const holder = item.claim.holderId === me.id ? 'You' : item.claim.holderName;
        return <Tooltip label={`Until ${formatDateTime(item.claim.expiresAt)}`}><Badge variant="light" color={holder === 'You' ? 'indigo' : 'gray'} tt="none">{holder}</Badge></Tooltip>;
      },
    },
  ];
}
