/** Published ratings per calendar month, for a plugin or all of a creator's plugins. */
import type { RatingMonth } from '@marketdesk/shared';
import type { AppDeps } from '../../../platform/deps.ts';

/** Months shown by default: the current one and the 11 before it. */
export const RATINGS_OVER_TIME_MONTHS = 12;

/** 'YYYY-MM' of `date` in UTC. */
const monthKey = (date: Date) => date.toISOString().slice(0, 7);

/**
 * The last `months` calendar months (UTC) up to `deps.clock`'s now, oldest first: for each, the
 * count and mean rating (1–5; null with none) of PUBLISHED reviews created that month, of plugin
 * `pluginId` or of every plugin of creator `creatorId`. Status is the review's now (a review hidden
 * later drops out of its month). One grouped query on the (pluginId, status, createdAt) or
 * (creatorId, createdAt) index. `months` is clamped to 1–36.
 */
export async function readRatingsOverTime(
  deps: Pick<AppDeps, 'prisma' | 'clock'>,
  input: ({ pluginId: string } | { creatorId: string }) & { months?: number },
): Promise<RatingMonth[]> {
  const months = Math.min(36, Math.max(1, Math.trunc(input.months ?? RATINGS_OVER_TIME_MONTHS)));
  const now = deps.clock.now();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const rows = 'pluginId' in input
    ? await deps.prisma.$queryRaw<{ month: string; count: number; average: number }[]>`
        SELECT to_char(date_trunc('month', "createdAt"), 'YYYY-MM') AS month, count(*)::int AS count, avg("rating")::float8 AS average
        FROM "Review" WHERE "pluginId" = ${input.pluginId} AND "status" = 'PUBLISHED' AND "createdAt" >= ${start}
        GROUP BY 1`
    : await deps.prisma.$queryRaw<{ month: string; count: number; average: number }[]>`
        SELECT to_char(date_trunc('month', "createdAt"), 'YYYY-MM') AS month, count(*)::int AS count, avg("rating")::float8 AS average
        FROM "Review" WHERE "creatorId" = ${input.creatorId} AND "status" = 'PUBLISHED' AND "createdAt" >= ${start}
        GROUP BY 1`;
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return Array.from({ length: months }, (_, i) => {
    const key = monthKey(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)));
    const row = byMonth.get(key);
    return { month: key, count: row ? Number(row.count) : 0, average: row ? Number(row.average) : null };
  });
}
