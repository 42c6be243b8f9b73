import { useQueryClient, type QueryFilters } from '@tanstack/react-query';

/**
 * After a write (a claim, a decision, a refund…), refreshes every query under `filters`, for
 * instance `trpc.licenses.pathFilter()`. Resolves once the queries on screen have refetched.
 *
 * Fetches already in flight are cancelled first: they may have read before the write committed.
 * TanStack Query's `invalidateQueries` cancels such a fetch only for a query that already has
 * data. A query still loading its first answer would otherwise get that stale answer as its
 * refresh: for example, a list shown with the previous tab's rows as a placeholder. Then the
 * queries are invalidated. The ones on screen refetch now; the others refetch when next used.
 */
export function useRefreshAfterWrite(): (...filters: QueryFilters[]) => Promise<void> {
  const queryClient = useQueryClient();
  return async (...filters) => {
    await Promise.all(filters.map((filter) => queryClient.cancelQueries(filter)));
    await Promise.all(filters.map((filter) => queryClient.invalidateQueries(filter)));
  };
}
