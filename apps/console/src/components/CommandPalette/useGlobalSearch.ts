import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import type { SearchKind } from '@marketdesk/shared';
import { useTRPC } from '../../lib/trpc.ts';

/** Typing pauses this long (ms) before the palette asks the API. */
export const SEARCH_DEBOUNCE_MS = 200;
/** Shorter queries are not sent (the API refuses them). */
export const MIN_QUERY_LENGTH = 2;

/**
 * `search.global` for what was typed, once typing pauses: the groups, whether the answer is for
 * the text now in the field (`isSettled`), and the text that answer is for.
 */
export function useGlobalSearch(query: string, kinds: SearchKind[] | undefined) {
  const trpc = useTRPC();
  const [debounced] = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const isAsked = debounced.length >= MIN_QUERY_LENGTH;
  const search = useQuery(trpc.search.global.queryOptions({ query: debounced, kinds }, { enabled: isAsked, placeholderData: keepPreviousData, staleTime: 10_000 }));
  const groups = isAsked ? (search.data?.groups ?? []) : [];
  return { groups, isSettled: isAsked && debounced === query.trim() && !search.isPlaceholderData && search.isSuccess, isFetching: isAsked && search.isFetching, answeredQuery: debounced, error: search.error };
}
