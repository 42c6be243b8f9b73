import { useInfiniteQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSearchParamsPatch } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';

const PAGE_SIZE = 50;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The audit-log filters as kept in the URL; days are YYYY-MM-DD in the viewer's time zone. */
export interface AuditLogFilters {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  fromDay: string | null;
  toDay: string | null;
}

function readDay(raw: string | null): string | null {
  return raw && DAY_PATTERN.test(raw) && dayjs(raw).isValid() ? raw : null;
}

/**
 * The audit log as the URL filters it, newest first, one keyset page ("Load more") at a time.
 * A day range covers whole days: from the first day's 00:00 to the last day's 23:59:59.999.
 */
export function useAuditLogQuery() {
  const trpc = useTRPC();
  const [params, update] = useSearchParamsPatch();
  let fromDay = readDay(params.get('from'));
  let toDay = readDay(params.get('to'));
  if (fromDay && toDay && fromDay > toDay) [fromDay, toDay] = [toDay, fromDay];
  const filters: AuditLogFilters = {
    actor: params.get('actor')?.trim() ?? '',
    action: params.get('action')?.trim() ?? '',
    targetType: params.get('targetType')?.trim() ?? '',
    targetId: params.get('targetId')?.trim() ?? '',
    fromDay,
    toDay,
  };
  const input = {
    actor: filters.actor || undefined,
    action: filters.action || undefined,
    targetType: filters.targetType || undefined,
    targetId: filters.targetId || undefined,
    from: fromDay ? dayjs(fromDay).startOf('day').toDate() : undefined,
    to: toDay ? dayjs(toDay).endOf('day').toDate() : undefined,
    limit: PAGE_SIZE,
  };
  const query = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return {
    filters,
    query,
    entries: query.data?.pages.flatMap((page) => page.items) ?? [],
    setFilter: (patch: Partial<Record<keyof AuditLogFilters, string | null>>) => {
      const { fromDay: from, toDay: to, ...rest } = patch;
      update({ ...rest, ...('fromDay' in patch ? { from } : {}), ...('toDay' in patch ? { to } : {}) });
    },
    clearFilters: () => update({ actor: null, action: null, targetType: null, targetId: null, from: null, to: null }),
  };
}
