import { Badge, Tabs } from '@mantine/core';
import type { QueueFilters } from './useReviewQueueQuery.ts';

type Counts = { pending: number; overdue: number; unclaimed: number; mine: number; changesRequested: number };
type TabFilters = Pick<QueueFilters, 'status' | 'due' | 'claim'>;

/** Each tab is a preset of status, due and claim; the other filters stay as they are. */
const TABS: readonly { value: string; label: string; count: keyof Counts; filters: TabFilters; color?: string }[] = [
  { value: 'pending', label: 'Pending', count: 'pending', filters: { status: 'PENDING', due: 'all', claim: 'all' } },
  { value: 'overdue', label: 'Overdue', count: 'overdue', filters: { status: 'PENDING', due: 'overdue', claim: 'all' }, color: 'red' },
  { value: 'unclaimed', label: 'Unclaimed', count: 'unclaimed', filters: { status: 'PENDING', due: 'all', claim: 'unclaimed' } },
  { value: 'mine', label: 'Mine', count: 'mine', filters: { status: 'PENDING', due: 'all', claim: 'mine' } },
  { value: 'changes', label: 'Changes requested', count: 'changesRequested', filters: { status: 'CHANGES_REQUESTED', due: 'all', claim: 'all' } },
];

interface QueueTabsProps {
  filters: QueueFilters;
  counts: Counts | undefined;
  onChange: (patch: TabFilters) => void;
}

export function QueueTabs({ filters, counts, onChange }: QueueTabsProps) {
  const active = TABS.find((tab) => tab.filters.status === filters.status && tab.filters.due === filters.due && tab.filters.claim === filters.claim);
  return (
    <Tabs value={active?.value ?? null} onChange={(value) => {
      const tab = TABS.find((candidate) => candidate.value === value);
      if (tab) onChange(tab.filters);
    }}>
      <Tabs.List>
        {TABS.map((tab) => (
          <Tabs.Tab
            key={tab.value}
            value={tab.value}
            rightSection={<Badge size="sm" variant={active === tab ? 'filled' : 'light'} color={tab.color && counts?.[tab.count] ? tab.color : 'gray'} miw={28}>{counts?.[tab.count] ?? '…'}</Badge>}
          >
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
