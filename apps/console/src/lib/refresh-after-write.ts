import { useQueryClient, type InferDataFromTag, type QueryFilters, type QueryKey, type Updater } from '@tanstack/react-query';

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

/** The data a tRPC query key is tagged with (what `setQueryData` takes for it). */
type DataOf<TKey extends QueryKey> = InferDataFromTag<unknown, TKey>;

/**
 * After a write whose answer is the new data of one query (a saved form, a re-read Stripe account,
 * the signed-in user), shows that answer at once: `(queryKey, data or updater) => Promise<void>`.
 *
 * The query's fetch in flight, if any, is cancelled first, for the reason given above: it may
 * have read before the write committed and, landing after `setQueryData`, would put the old data
 * back on screen until the next refresh. Then the data is set.
 */
export function useSetAfterWrite(): <TKey extends QueryKey>(queryKey: TKey, data: Updater<DataOf<TKey> | undefined, DataOf<TKey> | undefined>) => Promise<void> {
  const queryClient = useQueryClient();
  return async (queryKey, data) => {
    await queryClient.cancelQueries({ queryKey, exact: true });
    queryClient.setQueryData<unknown, typeof queryKey>(queryKey, data);
  };
}
