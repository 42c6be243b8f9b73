import { useEffect, useMemo, useState } from 'react';
import { Group, SegmentedControl, Select, Input } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { daysAgo, listTimeZones } from '../../lib/period.ts';
import type { FinancePeriod, Interval } from './useFinancePeriod.ts';

const INTERVAL_OPTIONS: { value: Interval; label: string }[] = [{ value: 'day', label: 'Day' }, { value: 'week', label: 'Week' }, { value: 'month', label: 'Month' }];

function listCurrencyOptions() {
  return Intl.supportedValuesOf('currency').map((code) => ({ value: code.toLowerCase(), label: code }));
}

function listRangePresets(timeZone: string) {
  const today = daysAgo(0, timeZone);
  const back = (days: number): [string, string] => [daysAgo(days, timeZone), today];
  return [
    { label: 'Last 7 days', value: back(6) },
    { label: 'Last 30 days', value: back(29) },
    { label: 'Last 90 days', value: back(89) },
    { label: 'Last 12 months', value: back(364) },
  ];
}

interface PeriodPickerProps {
  period: FinancePeriod;
  onChange: (patch: Partial<FinancePeriod>) => void;
  /** Whether to offer the bucket size (only views with a time series need it). */
  hasInterval?: boolean;
}

/** Period (whole days in the chosen time zone), currency, bucket size and time zone. */
export function PeriodPicker({ period, onChange, hasInterval = true }: PeriodPickerProps) {
  // A range is committed once both ends are picked.
  const [range, setRange] = useState<DatesRangeValue<string>>([period.fromDay, period.toDay]);
  useEffect(() => setRange([period.fromDay, period.toDay]), [period.fromDay, period.toDay]);
  const currencies = useMemo(listCurrencyOptions, []);
  const timeZones = useMemo(listTimeZones, []);
  return (
    <Group align="flex-end" gap="md">
      <DatePickerInput
        type="range"
        label="Period"
        w={310}
        allowSingleDateInRange
        presets={listRangePresets(period.timeZone)}
        value={range}
        onChange={(next) => {
          setRange(next);
          if (next[0] && next[1]) onChange({ fromDay: next[0], toDay: next[1] });
        }}
      />
      <Select label="Currency" searchable w={110} allowDeselect={false} data={currencies} value={period.currency} onChange={(currency) => currency && onChange({ currency })} />
      {hasInterval && (
        <Input.Wrapper label="Granularity">
          <SegmentedControl display="flex" data={INTERVAL_OPTIONS} value={period.interval} onChange={(interval) => onChange({ interval: interval as Interval })} />
        </Input.Wrapper>
      )}
      <Select label="Time zone" searchable w={220} allowDeselect={false} data={timeZones} value={period.timeZone} onChange={(timeZone) => timeZone && onChange({ timeZone })} />
    </Group>
  );
}
