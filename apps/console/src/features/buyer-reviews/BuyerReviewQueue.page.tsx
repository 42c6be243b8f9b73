import { useState } from 'react';
import { Badge, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconEyeOff, IconKeyboard, IconTrash } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';
import type { ReviewModerationAction, ReviewQueueItem, ReviewQueueTab } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { KeysetDataTable } from '../../components/KeysetDataTable/KeysetDataTable.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { QueueSelectionBar } from '../moderation/QueueSelectionBar.tsx';
import { ShortcutsHelp } from '../moderation/ShortcutsHelp.tsx';
import { useQueueCursor } from '../moderation/use-queue-cursor.ts';
import { useShortcuts } from '../moderation/use-shortcuts.ts';
import { BulkReviewDecisionModal, type BulkReviewDecision } from './BulkReviewDecisionModal.tsx';
import { ACTION_KEYS } from './labels.tsx';
import { listBuyerReviewColumns } from './queue-columns.tsx';
import { listBuyerReviewQueueShortcuts } from './queue-shortcuts.ts';
import { useBuyerReviewQueueQuery } from './useBuyerReviewQueueQuery.ts';
import { useReviewClaimMutations } from './useReviewClaimMutations.ts';

const TABS: readonly { value: ReviewQueueTab; label: string; color?: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'held', label: 'Held', color: 'orange' },
  { value: 'reported', label: 'Reported', color: 'red' },
  { value: 'flagged', label: 'Flagged' },
  { value: 'mine', label: 'Mine' },
];

/**
 * The buyer-review moderation queue: reviews the checks flagged or people reported, oldest
 * first; claim, open, and keep, hide or delete one or a selection — from the keyboard too.
 */
export default function BuyerReviewQueuePage() {
  const user = useSignedInUser();
  const navigate = useNavigate();
  const { search } = useLocation();
  const { tab, pluginId, viewKey, query, items, counts, setTab, setPlugin } = useBuyerReviewQueueQuery();
  const { cursor, moveCursor, selectedIds, setSelectedIds, toggleSelected } = useQueueCursor(viewKey, items.length);
  const { claim, refreshQueue } = useReviewClaimMutations();
  const [bulk, setBulk] = useState<BulkReviewDecision | null>(null);
  const [isHelpOpen, help] = useDisclosure(false);

  const isDecidable = (item: ReviewQueueItem) => item.creator.id !== user.creatorId && (!item.claim || item.claim.holderId === user.id);
  const cursorItem: ReviewQueueItem | undefined = items[cursor];
  const selected = items.filter((item) => selectedIds.includes(item.id));
  const open = (item: ReviewQueueItem) => navigate(`/moderation/buyer-reviews/${item.id}`, { state: { queueSearch: search } });
  const decide = (action: ReviewModerationAction) => {
    const targets = selected.length > 0 ? selected : cursorItem && isDecidable(cursorItem) ? [cursorItem] : [];
    if (targets.length > 0) setBulk({ action, items: targets });
  };
  const shortcuts = listBuyerReviewQueueShortcuts({
    move: moveCursor,
    open: () => cursorItem && open(cursorItem),
    toggleSelected: () => cursorItem && isDecidable(cursorItem) && toggleSelected(cursorItem.id),
    claim: () => cursorItem && claim.mutate({ reviewId: cursorItem.id }),
    decide,
    showHelp: help.open,
  });
  useShortcuts(shortcuts, bulk === null && !isHelpOpen);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <PageTitle>Buyer reviews</PageTitle>
          <Text size="sm" c="dimmed">
            Reviews the checks flagged or people reported, oldest first. Refreshes every 15 s{query.dataUpdatedAt ? ` · updated ${formatPreciseDateTime(new Date(query.dataUpdatedAt))}` : ''}.
          </Text>
        </div>
        <Button variant="subtle" leftSection={<IconKeyboard size={16} />} onClick={help.open}>Shortcuts (?)</Button>
      </Group>
      <Tabs value={tab} onChange={(value) => value && setTab(value as ReviewQueueTab)}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} rightSection={<Badge size="sm" variant={tab === t.value ? 'filled' : 'light'} color={t.color && counts?.[t.value] ? t.color : 'gray'} miw={28}>{counts?.[t.value] ?? '…'}</Badge>}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {pluginId && (
        <Group gap="xs">
          <Text size="sm">Showing one plugin&apos;s reviews.</Text>
          <Button size="xs" variant="subtle" onClick={() => setPlugin(null)}>Show all plugins</Button>
        </Group>
      )}
      <QueueSelectionBar
        count={selected.length}
        actions={[
          { label: 'Keep selected', color: 'teal', icon: <IconCheck size={14} />, key: ACTION_KEYS.KEEP, run: () => decide('KEEP') },
          { label: 'Hide selected', color: 'orange', icon: <IconEyeOff size={14} />, key: ACTION_KEYS.HIDE, run: () => decide('HIDE') },
          { label: 'Delete selected', color: 'red', icon: <IconTrash size={14} />, key: ACTION_KEYS.DELETE, run: () => decide('DELETE') },
        ]}
        onClear={() => setSelectedIds([])}
      />
      <KeysetDataTable
        query={query}
        label="Buyer reviews waiting"
        highlightOnHover
        columns={listBuyerReviewColumns({ me: user, queueSearch: search, onFilterPlugin: setPlugin })}
        records={items}
        fetching={query.isPending || query.isPlaceholderData}
        noRecordsText="No review waits in this tab"
        onRowClick={({ record }) => open(record)}
        customRowAttributes={(item, index) => ({ 'data-cursor': index === cursor ? 'true' : undefined, 'aria-current': index === cursor ? 'true' : undefined })}
        rowStyle={(_item, index) => (index === cursor ? { boxShadow: 'inset 3px 0 0 var(--mantine-primary-color-filled)', background: 'var(--mantine-primary-color-light)' } : undefined)}
        selectedRecords={selected}
        onSelectedRecordsChange={(records: ReviewQueueItem[]) => setSelectedIds(records.map((record) => record.id))}
        isRecordSelectable={isDecidable}
        getRecordSelectionCheckboxProps={(item: ReviewQueueItem) => ({ 'aria-label': `Select the review of ${item.plugin.name}` })}
      />
      <BulkReviewDecisionModal decision={bulk} onClose={() => setBulk(null)} onDecided={() => { setSelectedIds([]); return refreshQueue(); }} />
      <ShortcutsHelp shortcuts={shortcuts} opened={isHelpOpen} onClose={help.close} />
    </Stack>
  );
}
