import { useEffect, useState } from 'react';
import { Button, Group, Input, RangeSlider, Select } from '@mantine/core';
import { QUEUE_REASONS, SUBMISSION_STATUSES } from '@marketdesk/shared';
import { ReferencePicker } from '../../components/ReferencePicker/ReferencePicker.tsx';
import { QUEUE_REASON_LABELS, STATUS_LABELS } from '../moderation/labels.ts';
import type { QueueFilters } from './useReviewQueueQuery.ts';

const STATUS_OPTIONS = SUBMISSION_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));
const REASON_OPTIONS = QUEUE_REASONS.map((reason) => ({ value: reason, label: QUEUE_REASON_LABELS[reason] }));
const DUE_OPTIONS = [{ value: 'all', label: 'Any due date' }, { value: 'overdue', label: 'Overdue' }, { value: 'today', label: 'Due today (UTC)' }, { value: 'soon', label: 'Due within 2 business days' }];
const CLAIM_OPTIONS = [{ value: 'all', label: 'Anyone' }, { value: 'unclaimed', label: 'Unclaimed' }, { value: 'mine', label: 'Claimed by me' }];
const CRITICAL_OPTIONS = [{ value: 'any', label: 'Any' }, { value: 'yes', label: 'Has critical findings' }, { value: 'no', label: 'No critical findings' }];

interface ReviewQueueFiltersProps {
  filters: QueueFilters;
  onChange: (patch: Partial<QueueFilters>) => void;
  onClear: () => void;
}

export function ReviewQueueFilters({ filters, onChange, onClear }: ReviewQueueFiltersProps) {
  // The slider moves locally; the range is committed (and queried) when it is let go.
  const [range, setRange] = useState<[number, number]>([filters.scoreMin ?? 0, filters.scoreMax ?? 100]);
  useEffect(() => setRange([filters.scoreMin ?? 0, filters.scoreMax ?? 100]), [filters.scoreMin, filters.scoreMax]);
  const hasFilters = Boolean(filters.reason || filters.pluginId || filters.creatorId || filters.scoreMin !== undefined || filters.scoreMax !== undefined
    || filters.hasCriticalFindings !== undefined || filters.due !== 'all' || filters.claim !== 'all');
  const critical = filters.hasCriticalFindings === undefined ? 'any' : filters.hasCriticalFindings ? 'yes' : 'no';
  return (
    <Group align="flex-end" gap="md">
      <Select label="Status" data={STATUS_OPTIONS} w={170} allowDeselect={false} value={filters.status} onChange={(status) => status && onChange({ status: status as QueueFilters['status'] })} />
      <Select label="Queue reason" placeholder="Any reason" data={REASON_OPTIONS} clearable w={170} value={filters.reason ?? null} onChange={(reason) => onChange({ reason: (reason as QueueFilters['reason']) ?? undefined })} />
      <Select label="Due" data={DUE_OPTIONS} w={210} allowDeselect={false} value={filters.due} onChange={(due) => due && onChange({ due: due as QueueFilters['due'] })} />
      <Select label="Claimed by" data={CLAIM_OPTIONS} w={170} allowDeselect={false} value={filters.claim} onChange={(claim) => claim && onChange({ claim: claim as QueueFilters['claim'] })} />
      <Select
        label="Critical findings"
        data={CRITICAL_OPTIONS}
        w={200}
        allowDeselect={false}
        value={critical}
        onChange={(value) => onChange({ hasCriticalFindings: value === 'any' || !value ? undefined : value === 'yes' })}
      />
      <Input.Wrapper label={`Score ${range[0]}–${range[1]}`} w={200}>
        <RangeSlider
          mt={10}
          mb={6}
          min={0}
          max={100}
          minRange={0}
          label={null}
          value={range}
          onChange={setRange}
          onChangeEnd={([min, max]) => onChange({ scoreMin: min === 0 ? undefined : min, scoreMax: max === 100 ? undefined : max })}
          thumbFromLabel="Lowest score"
          thumbToLabel="Highest score"
        />
      </Input.Wrapper>
      <ReferencePicker kind="plugins" label="Plugin" placeholder="Any plugin" w={220} value={filters.pluginId ?? null} onChange={(pluginId) => onChange({ pluginId: pluginId ?? undefined })} />
      <ReferencePicker kind="creators" label="Creator" placeholder="Any creator" w={200} value={filters.creatorId ?? null} onChange={(creatorId) => onChange({ creatorId: creatorId ?? undefined })} />
      {hasFilters && <Button variant="subtle" onClick={onClear}>Clear filters</Button>}
    </Group>
  );
}
