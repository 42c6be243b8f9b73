import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';

const PAGE_SIZE = 50;

/**
 * Purchases matching the URL's `q` (a buyer email or part of one, pi_…, ch_…, re_… or a purchase
 * id), newest first, one keyset page ("Load more") at a time. An empty `q` lists every purchase.
 */
export function useTransactionsSearch() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const search = params.get('q')?.trim() ?? '';
  const query = useInfiniteQuery(
    trpc.finance.searchPurchases.infiniteQueryOptions({ query: search, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return {
    search,
    query,
    purchases: query.data?.pages.flatMap((page) => page.items) ?? [],
    setSearch: (q: string) => update({ q }),
  };
}
