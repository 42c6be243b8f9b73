import { useState } from 'react';
import { Select, Stack, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc.ts';

interface ReferencePickerProps extends Omit<SelectProps, 'value' | 'onChange' | 'data' | 'searchValue' | 'onSearchChange'> {
  /** What it picks: reference.plugins or reference.creators. */
  kind: 'plugins' | 'creators';
  /** The chosen id (from the URL), or null. */
  value: string | null;
  onChange: (id: string | null) => void;
}

/** Typing pauses this long before the API is asked, so a name is one request, not one per key. */
const SEARCH_DEBOUNCE_MS = 250;

/**
 * A filter that shows a name and keeps an id: type part of a plugin's or creator's name, pick
 * it, and `onChange` gets its id. The chosen id's name comes from the API too (a shared link).
 */
export function ReferencePicker({ kind, value, onChange, ...props }: ReferencePickerProps) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const procedure = kind === 'plugins' ? trpc.reference.plugins : trpc.reference.creators;
  const query = useQuery(procedure.queryOptions({ query: debounced, ids: value ? [value] : [] }, { placeholderData: keepPreviousData, staleTime: 60_000 }));
  const items = query.data?.items ?? [];
  const details = new Map(items.map((item) => [item.id, item.detail]));
  return (
    <Select
      searchable
      clearable
      {...props}
      data={items.map((item) => ({ value: item.id, label: item.name }))}
      value={value}
      onChange={(id) => onChange(id)}
      searchValue={search}
      onSearchChange={setSearch}
      // The API has filtered by name already; Mantine would filter again by the label only.
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? 'Searching…' : `No ${kind === 'plugins' ? 'plugin' : 'creator'} matches`}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">{details.get(option.value)}</Text>
        </Stack>
      )}
    />
  );
}
