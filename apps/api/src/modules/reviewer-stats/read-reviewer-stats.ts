/**
 * Reviewer statistics computed in PostgreSQL (aggregates over the ReviewDecision indexes on
 * (createdAt) and (moderatorId, createdAt); nothing loads every decision into JS).
 */
import { QUEUE_AGE_BUCKETS, REVIEWER_STATS_TIME_ZONE, type ReviewerStats } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

export type ReviewerStatsDeps = Pick<AppDeps, 'prisma' | 'clock'>;

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the week holding `at` (ISO weeks, as PostgreSQL's date_trunc('week')). */
export function startOfUtcWeek(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const daysSinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

/**
 * The reviewer statistics of the `weeks` weeks (1–26, validated by ZReviewerStatsInput) ending with
 * the current one at `deps.clock.now()`; weeks start Monday 00:00 UTC.
 * - A decision is one ReviewDecision row (approve, reject or request changes), counted in the
 *   week of its `createdAt` and for its moderator.
 * - Time to decision: the decision's `createdAt` − the submission's `submittedAt`, in seconds;
 *   the weekly figure is the median (percentile_cont(0.5)).
 * - Decided by the due date: the decision's `createdAt` ≤ the submission's `dueAt` (3 business
 *   days after submission, 2 after a creator's reply: the due date the submission has now).
 * - Queue age: PENDING submissions now, by calendar days since `submittedAt` (QUEUE_AGE_BUCKETS).
 * - Reasons: DecisionReason used by the period's decisions, per decision kind.
 * @returns ReviewerStats (see ZReviewerStatsOutput). Throws nothing of its own.
 */
export async function readReviewerStats(deps: ReviewerStatsDeps, input: { weeks: number }): Promise<ReviewerStats> {
  const { prisma } = deps;
  const now = deps.clock.now();
  const to = new Date(startOfUtcWeek(now).getTime() + WEEK_MS);
  const from = new Date(to.getTime() - input.weeks * WEEK_MS);
  const [weekly, byModerator, queueAge, reasons] = await Promise.all([
    prisma.$queryRaw<{ weekStart: Date; decisions: number; medianSeconds: number | null; decidedByDueDate: number }[]>`
      SELECT date_trunc('week', d."createdAt") AS "weekStart",
             count(*)::int AS decisions,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d."createdAt" - s."submittedAt")::float8) AS "medianSeconds",
             (count(*) FILTER (WHERE d."createdAt" <= s."dueAt"))::int AS "decidedByDueDate"
        FROM "ReviewDecision" d
        JOIN "Submission" s ON s.id = d."submissionId"
       WHERE d."createdAt" >= ${from} AND d."createdAt" < ${to}
       GROUP BY 1`,
    prisma.$queryRaw<{ weekStart: Date; moderatorId: string; moderatorName: string; decisions: number }[]>`
      SELECT w."weekStart", w."moderatorId", u.name AS "moderatorName", w.decisions
        FROM (SELECT date_trunc('week', d."createdAt") AS "weekStart", d."moderatorId", count(*)::int AS decisions
                FROM "ReviewDecision" d
               WHERE d."createdAt" >= ${from} AND d."createdAt" < ${to}
               GROUP BY 1, 2) w
        JOIN "User" u ON u.id = w."moderatorId"
       ORDER BY w."weekStart", u.name, w."moderatorId"`,
    countQueueAge(deps, now),
    prisma.$queryRaw<{ reasonId: string; code: string; label: string; kind: 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES'; count: number }[]>`
      SELECT r.id AS "reasonId", r.code, r.label, d.kind::text AS kind, count(*)::int AS count
        FROM "ReviewDecision" d
        JOIN "DecisionReason" r ON r.id = d."reasonId"
       WHERE d."createdAt" >= ${from} AND d."createdAt" < ${to}
       GROUP BY r.id, r.code, r.label, d.kind
       ORDER BY count DESC, r.label, d.kind`,
  ]);
  const byWeek = new Map(weekly.map((row) => [row.weekStart.getTime(), row]));
  const weeks = Array.from({ length: input.weeks }, (_, index) => {
    const weekStart = new Date(from.getTime() + index * WEEK_MS);
    const row = byWeek.get(weekStart.getTime());
    const decisions = row?.decisions ?? 0;
    return {
      weekStart,
      decisions,
      medianSecondsToDecision: row?.medianSeconds ?? null,
      decidedByDueDate: row?.decidedByDueDate ?? 0,
      shareDecidedByDueDate: decisions ? (row?.decidedByDueDate ?? 0) / decisions : null,
    };
  });
  return { from, to, timeZone: REVIEWER_STATS_TIME_ZONE, weeks, decisionsByModerator: byModerator, queueAge, reasons };
}

/** PENDING submissions by calendar days since submission, one index-backed pass (status, dueAt, id). */
async function countQueueAge(deps: ReviewerStatsDeps, now: Date): Promise<ReviewerStats['queueAge']> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [row] = await deps.prisma.$queryRaw<Record<string, number>[]>`
    SELECT (count(*) FILTER (WHERE "submittedAt" > ${daysAgo(1)}))::int AS under1,
           (count(*) FILTER (WHERE "submittedAt" <= ${daysAgo(1)} AND "submittedAt" > ${daysAgo(2)}))::int AS from1to2,
           (count(*) FILTER (WHERE "submittedAt" <= ${daysAgo(2)} AND "submittedAt" > ${daysAgo(3)}))::int AS from2to3,
           (count(*) FILTER (WHERE "submittedAt" <= ${daysAgo(3)} AND "submittedAt" > ${daysAgo(5)}))::int AS from3to5,
           (count(*) FILTER (WHERE "submittedAt" <= ${daysAgo(5)}))::int AS over5
      FROM "Submission"
     WHERE status = 'PENDING'`;
  return { asOf: now, buckets: QUEUE_AGE_BUCKETS.map(({ key, label }) => ({ key, label, count: row?.[key] ?? 0 })) };
}
