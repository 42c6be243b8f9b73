import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconKeyboard, IconX } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';
import { hasPermission, type QueueItem } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { QueueSelectionBar } from '../moderation/QueueSelectionBar.tsx';
import { ShortcutsHelp } from '../moderation/ShortcutsHelp.tsx';
import { useQueueCursor } from '../moderation/use-queue-cursor.ts';
import { useShortcuts } from '../moderation/use-shortcuts.ts';
import { BulkDecisionModal, type BulkDecision } from './BulkDecisionModal.tsx';
import { listQueueColumns } from './queue-columns.tsx';
import { listQueueShortcuts } from './queue-shortcuts.ts';
import { QueueTabs } from './QueueTabs.tsx';
import { ReviewQueueFilters } from './ReviewQueueFilters.tsx';
import { useClaimMutations } from './useClaimMutations.ts';
import { useReviewQueueQuery } from './useReviewQueueQuery.ts';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

export default function ReviewQueuePage() {
  const user = useSignedInUser();
  const canDecide = hasPermission(user.roles, 'queue.decide');
  const navigate = useNavigate();
  const { search } = useLocation();
  const { filters, viewKey, query, items, counts, setFilters, clearFilters } = useReviewQueueQuery();
  const { cursor, moveCursor, selectedIds, setSelectedIds, toggleSelected } = useQueueCursor(viewKey, items.length);
  const { claim, refreshQueue } = useClaimMutations();
  const [bulk, setBulk] = useState<BulkDecision | null>(null);
  const [isHelpOpen, help] = useDisclosure(false);

  const isDecidable = (item: QueueItem) => item.status === 'PENDING' && item.creator.id !== user.creatorId;
  const cursorItem: QueueItem | undefined = items[cursor];
  const selected = items.filter((item) => selectedIds.includes(item.id));
  const open = (item: QueueItem) => navigate(`/queue/${item.id}`, { state: { queueSearch: search } });
  const decide = (kind: BulkDecision['kind']) => {
    const targets = selected.length > 0 ? selected : cursorItem && isDecidable(cursorItem) ? [cursorItem] : [];
    if (targets.length > 0) setBulk({ kind, items: targets });
  };
  const shortcuts = listQueueShortcuts({
    move: moveCursor,
    open: () => cursorItem && open(cursorItem),
    toggleSelected: () => cursorItem && isDecidable(cursorItem) && toggleSelected(cursorItem.id),
    claim: () => cursorItem && claim.mutate({ submissionId: cursorItem.id }),
    approve: () => decide('APPROVE'),
    reject: () => decide('REJECT'),
    showHelp: help.open,
  }, canDecide);
  useShortcuts(shortcuts, bulk === null && !isHelpOpen);

  const selection = canDecide
    ? { selectedRecords: selected, onSelectedRecordsChange: (records: QueueItem[]) => setSelectedIds(records.map((record) => record.id)), isRecordSelectable: isDecidable,
        getRecordSelectionCheckboxProps: (item: QueueItem) => ({ 'aria-label': `Select ${item.plugin.name}@${item.pluginVersion}` }) }
    : {};
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <PageTitle>Review queue</PageTitle>
          <Text size="sm" c="dimmed">
            Oldest due first. Refreshes every 15 s{query.dataUpdatedAt ? ` · updated ${formatPreciseDateTime(new Date(query.dataUpdatedAt))}` : ''}.
          </Text>
        </div>
        <Button variant="subtle" leftSection={<IconKeyboard size={16} />} onClick={help.open}>Shortcuts (?)</Button>
      </Group>
      <QueueTabs filters={filters} counts={counts} onChange={setFilters} />
      <ReviewQueueFilters filters={filters} onChange={setFilters} onClear={clearFilters} />
      {canDecide && (
        <QueueSelectionBar
          count={selected.length}
          actions={[
            { label: 'Approve selected', color: 'teal', icon: <IconCheck size={14} />, key: 'a', run: () => decide('APPROVE') },
            { label: 'Reject selected', color: 'red', icon: <IconX size={14} />, key: 'r', run: () => decide('REJECT') },
          ]}
          onClear={() => setSelectedIds([])}
        />
      )}
      <KeysetDataTable
        query={query}
        highlightOnHover
        columns={listQueueColumns({ me: user, queueSearch: search, onFilter: setFilters })}
        records={items}
        // The loader shows for a first load and a filter change, not for the 15-second refresh.
        fetching={query.isPending || query.isPlaceholderData}
        noRecordsText="Nothing in the queue matches these filters"
        onRowClick={({ record }) => open(record)}
        customRowAttributes={(item, index) => ({ 'data-cursor': index === cursor ? 'true' : undefined, 'aria-current': index === cursor ? 'true' : undefined })}
        rowStyle={(_item, index) => (index === cursor ? { boxShadow: 'inset 3px 0 0 var(--mantine-primary-color-filled)', background: 'var(--mantine-primary-color-light)' } : undefined)}
        {...selection}
      />
      <BulkDecisionModal decision={bulk} onClose={() => setBulk(null)} onDecided={() => { setSelectedIds([]); return refreshQueue(); }} />
      <ShortcutsHelp shortcuts={shortcuts} opened={isHelpOpen} onClose={help.close} />
    </Stack>
  );
}
