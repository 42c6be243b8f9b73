/**
 * The review queue: submissions by due date (oldest first), with keyset pagination on
 * (dueAt, id) and the counts for the queue's tabs. Score and critical-findings filters read
 * the summary columns copied from the newest quality report onto Submission.
 */
import { addBusinessDays, DUE_SOON_BUSINESS_DAYS, endOfUtcDay, type QueueItem, type QueueListInput } from '@marketdesk/shared';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/db/pagination.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { ModerationDeps } from './deps.ts';

type ListInput = Required<Pick<QueueListInput, 'status' | 'due' | 'claim' | 'limit'>> & QueueListInput;

/** The queue's filters plus the moderator asking, whose claims make the "mine" tab. */
export type ListQueueInput = ListInput & { moderatorId: string };

const encodeCursor = (dueAt: Date, id: string): string => encodeKeysetCursor({ at: dueAt, id });

function decodeCursor(raw: string): { dueAt: Date; id: string } {
  const { at, id } = decodeKeysetCursor(raw, 'this queue');
  return { dueAt: at, id };
}

function filtersFor(input: ListInput, userId: string, now: Date): Prisma.SubmissionWhereInput[] {
  const filters: Prisma.SubmissionWhereInput[] = [{ status: input.status }];
  if (input.reason) filters.push({ queueReasons: { hasSome: [input.reason] } });
  if (input.pluginId) filters.push({ pluginId: input.pluginId });
  if (input.creatorId) filters.push({ creatorId: input.creatorId });
  if (input.scoreMin !== undefined || input.scoreMax !== undefined) filters.push({ qualityScore: { gte: input.scoreMin, lte: input.scoreMax } });
  if (input.hasCriticalFindings !== undefined) filters.push({ hasCriticalFindings: input.hasCriticalFindings });
  if (input.due === 'overdue') filters.push({ dueAt: { lt: now } });
  if (input.due === 'today') filters.push({ dueAt: { gte: now, lt: endOfUtcDay(now) } });
  if (input.due === 'soon') filters.push({ dueAt: { gte: now, lte: addBusinessDays(now, DUE_SOON_BUSINESS_DAYS) } });
  if (input.claim === 'mine') filters.push({ claimedById: userId, claimExpiresAt: { gt: now } });
  if (input.claim === 'unclaimed') filters.push({ OR: [{ claimedById: null }, { claimExpiresAt: { lte: now } }] });
  return filters;
}

/**
 * One page of the queue for moderator `moderatorId`, plus tab counts (over pending
 * submissions). Input: the filters (`status`, `reason`, `pluginId`, `creatorId`,
 * `scoreMin`/`scoreMax` 0–100, `hasCriticalFindings`, `due` (overdue, today: before the next
 * midnight UTC, soon), `claim`), `cursor`, `limit`, and
 * `moderatorId`. "Overdue", "due soon" and whether a claim still runs are judged at
 * `deps.clock.now()`, read once for the page and the counts.
 * @returns `{ items, nextCursor, counts }`.
 * @throws AppError INVALID_INPUT for a cursor this queue did not issue.
 */
export async function listQueue(deps: ModerationDeps, input: ListQueueInput) {
  const now = deps.clock.now();
  const atNow: ModerationDeps = { prisma: deps.prisma, clock: { now: () => now } };
  const [page, counts] = await Promise.all([listQueuePage(atNow, input), countQueueTabs(atNow, { moderatorId: input.moderatorId })]);
  return { ...page, counts };
}

/**
 * The page of {@link listQueue} without the tab counts: the same input.
 * @returns `{ items, nextCursor }`.
 * @throws AppError INVALID_INPUT for a cursor this queue did not issue.
 */
export async function listQueuePage(deps: ModerationDeps, { moderatorId: userId, ...input }: ListQueueInput) {
  const now = deps.clock.now();
  const filters = filtersFor(input, userId, now);
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    filters.push({ dueAt: { gte: c.dueAt } }, { OR: [{ dueAt: { gt: c.dueAt } }, { id: { gt: c.id } }] });
  }
  const rows = await deps.prisma.submission.findMany({
    where: { AND: filters },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    select: {
      id: true, version: true, status: true, queueReasons: true, dueAt: true, submittedAt: true, qualityScore: true, reportStatus: true,
      hasCriticalFindings: true, claimedById: true, claimExpiresAt: true,
      plugin: { select: { id: true, name: true } },
      pluginVersion: { select: { version: true } },
      creator: { select: { id: true, displayName: true } },
      claimedBy: { select: { name: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const items: QueueItem[] = page.map((row) => ({
    id: row.id,
    version: row.version,
    status: row.status,
    queueReasons: row.queueReasons,
    dueAt: row.dueAt,
    submittedAt: row.submittedAt,
    plugin: row.plugin,
    pluginVersion: row.pluginVersion.version,
    creator: row.creator,
    score: row.qualityScore,
    reportStatus: row.reportStatus,
    hasCriticalFindings: row.hasCriticalFindings,
    claim: row.claimedById && row.claimExpiresAt && row.claimExpiresAt > now
      ? { holderId: row.claimedById, holderName: row.claimedBy?.name ?? '', expiresAt: row.claimExpiresAt }
      : null,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.dueAt, last.id) : null };
}

/**
 * The queue tabs' counts for moderator `moderatorId` at `deps.clock.now()`: `pending`,
 * `overdue` (pending, due before now), `unclaimed` (pending, no claim or an ended one), `mine`
 * (pending, claimed by the moderator until after now) and `changesRequested`. One statement of
 * five counts, each read from an index alone (no table rows): pending, overdue and changes
 * requested from (status, dueAt, …); the claims from the partial index of claimed pending
 * submissions (migration queue_indexes). Unclaimed is pending minus the claimed ones whose claim
 * has not ended, so nothing reads every open submission's claim columns.
 * @returns `{ pending, overdue, unclaimed, mine, changesRequested }`, whole numbers.
 */
export async function countQueueTabs(deps: ModerationDeps, { moderatorId: userId }: { moderatorId: string }) {
  const now = deps.clock.now();
  const [row] = await deps.prisma.$queryRaw<{ pending: bigint; overdue: bigint; claimed: bigint; mine: bigint; changesRequested: bigint }[]>`
    SELECT (SELECT count(*) FROM "Submission" WHERE status = 'PENDING') AS pending,
           (SELECT count(*) FROM "Submission" WHERE status = 'PENDING' AND "dueAt" < ${now}) AS overdue,
           (SELECT count(*) FROM "Submission" WHERE status = 'PENDING' AND "claimedById" IS NOT NULL AND ("claimExpiresAt" > ${now} OR "claimExpiresAt" IS NULL)) AS claimed,
           (SELECT count(*) FROM "Submission" WHERE status = 'PENDING' AND "claimedById" = ${userId} AND "claimExpiresAt" > ${now}) AS mine,
           (SELECT count(*) FROM "Submission" WHERE status = 'CHANGES_REQUESTED') AS "changesRequested"`;
  const pending = Number(row?.pending ?? 0);
  return {
    pending,
    overdue: Number(row?.overdue ?? 0),
    unclaimed: pending - Number(row?.claimed ?? 0),
    mine: Number(row?.mine ?? 0),
    changesRequested: Number(row?.changesRequested ?? 0),
  };
}
