import { useEffect, useState } from 'react';
import { Button, Group } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import dayjs from 'dayjs';
import { FilterTextInput } from '../../components/FilterTextInput/FilterTextInput.tsx';
import type { AuditLogFilters as Filters } from './useAuditLogQuery.ts';

const DAY = 'YYYY-MM-DD';

/** Whole-day ranges ending today, computed on each render so they stay right past midnight. */
function listRangePresets() {
  const today = dayjs().format(DAY);
  const daysBack = (days: number): [string, string] => [dayjs().subtract(days, 'day').format(DAY), today];
  return [
    { label: 'Today', value: daysBack(0) },
    { label: 'Last 7 days', value: daysBack(6) },
    { label: 'Last 30 days', value: daysBack(29) },
  ];
}

interface AuditLogFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Record<keyof Filters, string | null>>) => void;
  onClear: () => void;
}

export function AuditLogFilters({ filters, onChange, onClear }: AuditLogFiltersProps) {
  // A range is committed once both ends are picked (or both cleared).
  const [range, setRange] = useState<DatesRangeValue<string>>([filters.fromDay, filters.toDay]);
  useEffect(() => setRange([filters.fromDay, filters.toDay]), [filters.fromDay, filters.toDay]);
  const hasFilters = Object.values(filters).some(Boolean);
  return (
    <Group align="flex-end" gap="md">
      <FilterTextInput label="Actor" placeholder="Email or user id" w={220} maxLength={254} value={filters.actor} onChange={(actor) => onChange({ actor })} />
      <FilterTextInput label="Action" placeholder="e.g. users.create or users." w={200} maxLength={100} value={filters.action} onChange={(action) => onChange({ action })} />
      <FilterTextInput label="Target type" placeholder="User, Submission…" w={170} maxLength={100} value={filters.targetType} onChange={(targetType) => onChange({ targetType })} />
      <FilterTextInput label="Target id" w={220} maxLength={200} value={filters.targetId} onChange={(targetId) => onChange({ targetId })} />
      <DatePickerInput
        type="range"
        label="Date range"
        placeholder="Any time"
        w={260}
        clearable
        allowSingleDateInRange
        presets={listRangePresets()}
        value={range}
        onChange={(next) => {
          setRange(next);
          if (Boolean(next[0]) === Boolean(next[1])) onChange({ fromDay: next[0], toDay: next[1] });
        }}
      />
      {hasFilters && <Button variant="subtle" onClick={onClear}>Clear filters</Button>}
    </Group>
  );
}
