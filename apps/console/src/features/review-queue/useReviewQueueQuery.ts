import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { QUEUE_REASONS, SUBMISSION_STATUSES, type QueueListInput } from '@marketdesk/shared';
import { readOneOf, useSearchParamsPatch, type SearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';

const PAGE_SIZE = 50;
/** The queue refreshes itself this often (ms) so claims and new submissions show up. */
export const QUEUE_REFRESH_MS = 15_000;
export const DUE_FILTERS = ['all', 'overdue', 'today', 'soon'] as const;
export const CLAIM_FILTERS = ['all', 'unclaimed', 'mine'] as const;
export const CRITICAL_FILTERS = ['yes', 'no'] as const;

/** The queue's filters as kept in the URL (defaults left out of it). */
export type QueueFilters = Required<Pick<QueueListInput, 'status' | 'due' | 'claim'>> &
  Pick<QueueListInput, 'reason' | 'pluginId' | 'creatorId' | 'scoreMin' | 'scoreMax' | 'hasCriticalFindings'>;

function readScore(raw: string | null): number | undefined {
  const value = Number(raw);
  return raw !== null && raw !== '' && Number.isInteger(value) && value >= 0 && value <= 100 ? value : undefined;
}

function readFilters(params: URLSearchParams): QueueFilters {
  const critical = readOneOf(params.get('critical'), CRITICAL_FILTERS);
  return {
    status: readOneOf(params.get('status'), SUBMISSION_STATUSES) ?? 'PENDING',
    due: readOneOf(params.get('due'), DUE_FILTERS) ?? 'all',
    claim: readOneOf(params.get('claim'), CLAIM_FILTERS) ?? 'all',
    reason: readOneOf(params.get('reason'), QUEUE_REASONS),
    pluginId: params.get('plugin')?.trim() || undefined,
    creatorId: params.get('creator')?.trim() || undefined,
    scoreMin: readScore(params.get('scoreMin')),
    scoreMax: readScore(params.get('scoreMax')),
    hasCriticalFindings: critical === undefined ? undefined : critical === 'yes',
  };
}

/** The URL form of a filter patch: `critical=yes|no`, `plugin`, `creator`; defaults removed. */
function toSearchPatch(patch: Partial<QueueFilters>): SearchParamsPatch {
  const out: SearchParamsPatch = {};
  if ('status' in patch) out.status = patch.status === 'PENDING' ? null : patch.status;
  if ('due' in patch) out.due = patch.due === 'all' ? null : patch.due;
  if ('claim' in patch) out.claim = patch.claim === 'all' ? null : patch.claim;
  if ('reason' in patch) out.reason = patch.reason;
  if ('pluginId' in patch) out.plugin = patch.pluginId;
  if ('creatorId' in patch) out.creator = patch.creatorId;
  if ('scoreMin' in patch) out.scoreMin = patch.scoreMin;
  if ('scoreMax' in patch) out.scoreMax = patch.scoreMax;
  if ('hasCriticalFindings' in patch) out.critical = patch.hasCriticalFindings === undefined ? null : patch.hasCriticalFindings ? 'yes' : 'no';
  return out;
}

/**
 * The review queue as the URL filters it (?status=&due=&claim=&reason=&scoreMin=&scoreMax=
 * &critical=&plugin=&creator=), by due date, one keyset page ("Load more") at a time, refreshed
 * every 15 s. The tab counts come with every page.
 */
export function useReviewQueueQuery() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  const filters = readFilters(params);
  const query = useInfiniteQuery(
    trpc.queue.list.infiniteQueryOptions(
      { ...filters, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: QUEUE_REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  return {
    filters,
    /** Changes with any filter: selection and keyboard position belong to one view. */
    viewKey: params.toString(),
    query,
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
    counts: query.data?.pages[0]?.counts,
    setFilters: (patch: Partial<QueueFilters>) => update(toSearchPatch(patch)),
    clearFilters: () => update({ reason: null, plugin: null, creator: null, scoreMin: null, scoreMax: null, critical: null, due: null, claim: null }),
  };
}
