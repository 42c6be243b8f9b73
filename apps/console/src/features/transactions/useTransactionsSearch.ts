import { useInfiniteQuery } from '@tanstack/react-query';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';

const PAGE_SIZE = 50;

/** The URL's `refunds` filter: `failed` keeps purchases with a refund that failed or was canceled. */
export const REFUND_FILTERS = ['failed'] as const;

/**
 * Purchases matching the URL's `q` (a buyer email or part of one, pi_…, ch_…, re_… or a purchase
 * id), `refunds` (REFUND_FILTERS) and the `plugin` and `creator` ids (the pickers), newest
 * first, one keyset page ("Load more") at a time. No filter lists every purchase.
 */
export function useTransactionsSearch() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const search = params.get('q')?.trim() ?? '';
  const refunds = readOneOf(params.get('refunds'), REFUND_FILTERS);
  const pluginId = params.get('plugin')?.trim() || null;
  const creatorId = params.get('creator')?.trim() || null;
  const query = useInfiniteQuery(
    trpc.finance.searchPurchases.infiniteQueryOptions(
      { query: search, refunds, pluginId: pluginId ?? undefined, creatorId: creatorId ?? undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  return {
    search,
    refunds,
    pluginId,
    creatorId,
    query,
    purchases: query.data?.pages.flatMap((page) => page.items) ?? [],
    setSearch: (q: string) => update({ q }),
    setPluginId: (plugin: string | null) => update({ plugin }),
    setCreatorId: (creator: string | null) => update({ creator }),
    setRefunds: (next: (typeof REFUND_FILTERS)[number] | undefined) => update({ refunds: next }),
  };
}
