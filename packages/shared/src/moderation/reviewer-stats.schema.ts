/**
 * Reviewer statistics (weekly, as AMO's reviewer reports): decisions per moderator and week,
 * median time to decision, share decided by the due date, the pending queue's age, reasons used.
 * Weeks start Monday 00:00 UTC (PostgreSQL's ISO `date_trunc('week', …)` on UTC timestamps).
 */
import { z } from 'zod';
import { zId } from '../text.ts';

/** The period's bounds: 1 to 26 weeks (half a year), default 8, always ending with the current week. */
export const REVIEWER_STATS_WEEKS = { min: 1, max: 26, default: 8 } as const;
/** The time zone of the week boundaries (and of the console's week labels). */
export const REVIEWER_STATS_TIME_ZONE = 'UTC';

/**
 * Queue-age buckets in calendar days since submission (`submittedAt`), lower bound inclusive:
 * `[0,1)`, `[1,2)`, `[2,3)`, `[3,5)`, `[5,∞)`. Calendar, not business, days: a weekend waits too.
 */
export const QUEUE_AGE_BUCKETS = [
  { key: 'under1', label: '< 1 day', fromDays: 0 },
  { key: 'from1to2', label: '1–2 days', fromDays: 1 },
  { key: 'from2to3', label: '2–3 days', fromDays: 2 },
  { key: 'from3to5', label: '3–5 days', fromDays: 3 },
  { key: 'over5', label: '> 5 days', fromDays: 5 },
] as const;
export type QueueAgeBucketKey = (typeof QUEUE_AGE_BUCKETS)[number]['key'];

export const ZReviewerStatsInput = z.object({
  weeks: z.number().int().min(REVIEWER_STATS_WEEKS.min).max(REVIEWER_STATS_WEEKS.max).default(REVIEWER_STATS_WEEKS.default),
});

const ZCount = z.number().int().min(0);
const ZDecisionKind = z.enum(['APPROVE', 'REJECT', 'REQUEST_CHANGES']);

export const ZReviewerStatsOutput = z.object({
  /** Monday 00:00 UTC of the first week; `to` is the end of the current week (exclusive). */
  from: z.date(),
  to: z.date(),
  timeZone: z.literal(REVIEWER_STATS_TIME_ZONE),
  /** Every week of the period, oldest first, including weeks without decisions. */
  weeks: z.array(z.object({
    weekStart: z.date(),
    decisions: ZCount,
    /** Median of (decision time − submittedAt), seconds; null without decisions. */
    medianSecondsToDecision: z.number().min(0).nullable(),
    /** Decisions made at or before the submission's due date. */
    decidedByDueDate: ZCount,
    /** decidedByDueDate / decisions, 0 to 1; null without decisions. */
    shareDecidedByDueDate: z.number().min(0).max(1).nullable(),
  })),
  /** Decisions per moderator and week (only pairs with decisions). */
  decisionsByModerator: z.array(z.object({ weekStart: z.date(), moderatorId: zId(), moderatorName: z.string().max(200), decisions: ZCount })),
  /** The pending queue now, by age since submission. */
  queueAge: z.object({
    asOf: z.date(),
    buckets: z.array(z.object({ key: z.enum(QUEUE_AGE_BUCKETS.map((b) => b.key) as [QueueAgeBucketKey, ...QueueAgeBucketKey[]]), label: z.string().max(20), count: ZCount })),
  }),
  /** Decision reasons used in the period, by the decision's kind, most used first. */
  reasons: z.array(z.object({ reasonId: zId(), code: z.string().max(200), label: z.string().max(200), kind: ZDecisionKind, count: ZCount })),
});

export type ReviewerStatsInput = z.input<typeof ZReviewerStatsInput>;
export type ReviewerStats = z.output<typeof ZReviewerStatsOutput>;
