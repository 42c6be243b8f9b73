/**
 * The buyer-review queue: reviews with `queuedAt` set (auto-flagged or reported, not decided yet),
 * oldest first, keyset-paginated on (queuedAt, id) — the index Review(queuedAt, id) serves it —
 * with the counts of its tabs.
 */
import { REVIEW_EXCERPT_CHARS, type ReviewQueueItem, type ReviewQueueTab } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/db/pagination.ts';
import { liveClaim, type ReviewQueueDeps } from './deps.ts';

export interface ListReviewQueueInput {
  tab: ReviewQueueTab;
  pluginId?: string;
  cursor?: string;
  /** Rows per page, 1–100. */
  limit: number;
  /** The moderator asking: their live claims make the "mine" tab. */
  moderatorId: string;
}

function tabFilter(tab: ReviewQueueTab, moderatorId: string, now: Date): Prisma.ReviewWhereInput {
  if (tab === 'held') return { status: 'HELD' };
  if (tab === 'reported') return { reportCount: { gt: 0 } };
  if (tab === 'flagged') return { NOT: { signals: { isEmpty: true } } };
  if (tab === 'mine') return { claimedById: moderatorId, claimExpiresAt: { gt: now } };
  return {};
}

/**
 * One page of the buyer-review queue for `moderatorId`: `tab` (all, held, reported: open reports,
 * flagged: automatic signals, mine: claimed by the moderator and unexpired at `deps.clock.now()`),
 * optionally one `pluginId`, after `cursor`, `limit` rows. A row's excerpt is the first 200
 * characters of the text — a held review's too (moderators must see the secret to judge it).
 * @returns `{ items, nextCursor, counts }` (counts per tab, over the whole queue or the plugin).
 * @throws AppError INVALID_INPUT (field `cursor`) for a cursor this queue did not issue.
 */
export async function listReviewQueue(deps: ReviewQueueDeps, input: ListReviewQueueInput) {
  const now = deps.clock.now();
  const filters: Prisma.ReviewWhereInput[] = [{ queuedAt: { not: null } }, tabFilter(input.tab, input.moderatorId, now)];
  if (input.pluginId) filters.push({ pluginId: input.pluginId });
  if (input.cursor) {
    const { at, id } = decodeKeysetCursor(input.cursor, 'this queue');
    filters.push({ OR: [{ queuedAt: { gt: at } }, { queuedAt: at, id: { gt: id } }] });
  }
  const [rows, counts] = await Promise.all([
    deps.prisma.review.findMany({
      where: { AND: filters },
      orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
      take: input.limit + 1,
      select: {
        id: true, rating: true, body: true, status: true, signals: true, reportCount: true, queuedAt: true, version: true, claimedById: true, claimExpiresAt: true,
        plugin: { select: { id: true, name: true } },
        creator: { select: { id: true, displayName: true } },
        claimedBy: { select: { name: true } },
      },
    }),
    countTabs(deps, input.moderatorId, input.pluginId ?? null, now),
  ]);
  const page = rows.slice(0, input.limit);
  const items: ReviewQueueItem[] = page.map((row) => ({
    id: row.id,
    plugin: row.plugin,
    creator: { id: row.creator.id, name: row.creator.displayName },
    rating: row.rating,
    excerpt: row.body.slice(0, REVIEW_EXCERPT_CHARS),
    status: row.status,
    signals: row.signals,
    reportCount: row.reportCount,
    queuedAt: row.queuedAt!,
    claim: liveClaim(row, now),
    version: row.version,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeKeysetCursor({ at: last.queuedAt!, id: last.id }) : null, counts };
}

/** The tabs' counts in one pass over the queued reviews (the (queuedAt, id) index bounds it). */
async function countTabs(deps: ReviewQueueDeps, moderatorId: string, pluginId: string | null, now: Date) {
  const [row] = await deps.prisma.$queryRaw<{ all: bigint; held: bigint; reported: bigint; flagged: bigint; mine: bigint }[]>`
    SELECT count(*) AS "all",
           count(*) FILTER (WHERE status = 'HELD') AS held,
           count(*) FILTER (WHERE "reportCount" > 0) AS reported,
           count(*) FILTER (WHERE cardinality(signals) > 0) AS flagged,
           count(*) FILTER (WHERE "claimedById" = ${moderatorId} AND "claimExpiresAt" > ${now}) AS mine
      FROM "Review"
     WHERE "queuedAt" IS NOT NULL AND (${pluginId}::text IS NULL OR "pluginId" = ${pluginId})`;
  return { all: Number(row?.all ?? 0), held: Number(row?.held ?? 0), reported: Number(row?.reported ?? 0), flagged: Number(row?.flagged ?? 0), mine: Number(row?.mine ?? 0) };
}
