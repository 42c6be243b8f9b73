import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { REVIEW_QUEUE_TABS, type ReviewQueueTab } from '@marketdesk/shared';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';

const PAGE_SIZE = 50;
/** The queue refreshes itself this often (ms) so claims and new reviews show up. */
const QUEUE_REFRESH_MS = 15_000;

/**
 * The buyer-review queue as the URL filters it (?tab=&plugin=), oldest queued first, one keyset
 * page ("Load more") at a time, refreshed every 15 s; the tab counts come with every page.
 */
export function useBuyerReviewQueueQuery() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const tab: ReviewQueueTab = readOneOf(params.get('tab'), REVIEW_QUEUE_TABS) ?? 'all';
  const pluginId = params.get('plugin')?.trim() || undefined;
  const query = useInfiniteQuery(
    trpc.reviewQueue.list.infiniteQueryOptions(
      { tab, pluginId, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: QUEUE_REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  return {
    tab,
    pluginId,
    /** Changes with any filter: selection and keyboard position belong to one view. */
    viewKey: params.toString(),
    query,
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
    counts: query.data?.pages[0]?.counts,
    setTab: (next: ReviewQueueTab) => update({ tab: next === 'all' ? null : next }),
    setPlugin: (next: string | null) => update({ plugin: next }),
  };
}
