/**
 * What waits on staff, one COUNT or aggregate per item over indexed columns, each matching the
 * list the console links it to: the review queue (Submission: status, dueAt), disputes (status,
 * evidenceDueBy), the webhook inbox (status), refunds and payouts (status, createdAt), licenses
 * and their validation log (code, occurredAt), staff accounts.
 */
import { endOfUtcDay, FAILED_REFUND_STATUSES, type AttentionItem } from '@marketdesk/shared';
import { listLockedOutEmails } from '../auth/index.ts';
import type { HomeDeps } from './deps.ts';

/** How far back the home counts licenses refused with TOO_MANY_MACHINES, seconds. */
export const TOO_MANY_MACHINES_LOOKBACK_SECONDS = 24 * 60 * 60;

const item = (key: AttentionItem['key'], count: number | bigint, at: Date | null | undefined): AttentionItem => ({ key, count: Number(count), at: at ?? null, money: [] });

/**
 * Pending submissions overdue (due before now), due today (before the next midnight UTC), with
 * critical findings, and claimed by `moderatorId` (claim still running), each with the earliest
 * due date; judged at `deps.clock.now()` as the queue's filters judge them. One pass over PENDING.
 * `withBuyerReviews` (the caller may moderate reviews): also the buyer reviews waiting in their
 * queue (queuedAt set), with the oldest queuedAt — the count of the queue's "All" tab.
 */
export async function readModerationAttention(deps: HomeDeps, { moderatorId, withBuyerReviews = false }: { moderatorId: string; withBuyerReviews?: boolean }): Promise<AttentionItem[]> {
  const now = deps.clock.now();
  const [row] = await deps.prisma.$queryRaw<{ overdue: bigint; overdueAt: Date | null; today: bigint; todayAt: Date | null; critical: bigint; criticalAt: Date | null; mine: bigint; mineAt: Date | null }[]>`
    SELECT count(*) FILTER (WHERE "dueAt" < ${now}) AS overdue, min("dueAt") FILTER (WHERE "dueAt" < ${now}) AS "overdueAt",
           count(*) FILTER (WHERE "dueAt" >= ${now} AND "dueAt" < ${endOfUtcDay(now)}) AS today,
           min("dueAt") FILTER (WHERE "dueAt" >= ${now} AND "dueAt" < ${endOfUtcDay(now)}) AS "todayAt",
           count(*) FILTER (WHERE "hasCriticalFindings") AS critical, min("dueAt") FILTER (WHERE "hasCriticalFindings") AS "criticalAt",
           count(*) FILTER (WHERE "claimedById" = ${moderatorId} AND "claimExpiresAt" > ${now}) AS mine,
           min("dueAt") FILTER (WHERE "claimedById" = ${moderatorId} AND "claimExpiresAt" > ${now}) AS "mineAt"
      FROM "Submission"
     WHERE status = 'PENDING'`;
  return [
    item('submissions.overdue', row?.overdue ?? 0, row?.overdueAt),
    item('submissions.dueToday', row?.today ?? 0, row?.todayAt),
    item('submissions.critical', row?.critical ?? 0, row?.criticalAt),
    item('submissions.myClaims', row?.mine ?? 0, row?.mineAt),
    ...(withBuyerReviews ? [await readBuyerReviewsWaiting(deps)] : []),
  ];
}

/** Buyer reviews in the moderation queue and the oldest queuedAt (the Review(queuedAt, id) index). */
async function readBuyerReviewsWaiting(deps: HomeDeps): Promise<AttentionItem> {
  const waiting = await deps.prisma.review.aggregate({ where: { queuedAt: { not: null } }, _count: { _all: true }, _min: { queuedAt: true } });
  return item('reviews.waiting', waiting._count._all, waiting._min.queuedAt);
}

/**
 * Chargebacks (NEEDS_RESPONSE) and inquiries (WARNING_NEEDS_RESPONSE) awaiting a response, each
 * with its nearest evidence due date, counted apart so each equals the disputes list filtered by
 * that status (Stripe: https://docs.stripe.com/api/disputes/object#dispute_object-status); DEAD and FAILED webhook events (oldest
 * received), refunds failed or canceled at Stripe (oldest created), failed payouts (oldest
 * created). `withStripeEvents`: the caller may read the webhook inbox.
 */
export async function readFinanceAttention(deps: HomeDeps, { withStripeEvents }: { withStripeEvents: boolean }): Promise<AttentionItem[]> {
  const { prisma } = deps;
  const [disputes, events, refunds, payouts] = await Promise.all([
    prisma.dispute.groupBy({ by: ['status'], where: { status: { in: ['NEEDS_RESPONSE', 'WARNING_NEEDS_RESPONSE'] } }, _count: { _all: true }, _min: { evidenceDueBy: true } }),
    withStripeEvents ? prisma.stripeEvent.groupBy({ by: ['status'], where: { status: { in: ['DEAD', 'FAILED'] } }, _count: { _all: true }, _min: { receivedAt: true } }) : null,
    prisma.refund.aggregate({ where: { status: { in: [...FAILED_REFUND_STATUSES] } }, _count: { _all: true }, _min: { createdAt: true } }),
    prisma.payout.aggregate({ where: { status: 'FAILED' }, _count: { _all: true }, _min: { createdAt: true } }),
  ]);
  const eventsOf = (status: 'DEAD' | 'FAILED') => events?.find((row) => row.status === status);
  const disputesOf = (status: 'NEEDS_RESPONSE' | 'WARNING_NEEDS_RESPONSE') => disputes.find((row) => row.status === status);
  return [
    item('disputes.evidenceDue', disputesOf('NEEDS_RESPONSE')?._count._all ?? 0, disputesOf('NEEDS_RESPONSE')?._min.evidenceDueBy),
    item('disputes.inquiryDue', disputesOf('WARNING_NEEDS_RESPONSE')?._count._all ?? 0, disputesOf('WARNING_NEEDS_RESPONSE')?._min.evidenceDueBy),
    ...(events ? [item('stripeEvents.dead', eventsOf('DEAD')?._count._all ?? 0, eventsOf('DEAD')?._min.receivedAt), item('stripeEvents.failed', eventsOf('FAILED')?._count._all ?? 0, eventsOf('FAILED')?._min.receivedAt)] : []),
    item('refunds.failed', refunds._count._all, refunds._min.createdAt),
    item('payouts.failed', payouts._count._all, payouts._min.createdAt),
  ];
}

/**
 * Suspended licenses (oldest suspension first) and the licenses that answered TOO_MANY_MACHINES
 * within the last TOO_MANY_MACHINES_LOOKBACK_SECONDS of `deps.clock.now()` (distinct licenses;
 * `at` is the latest refusal).
 */
export async function readSupportAttention(deps: HomeDeps): Promise<AttentionItem[]> {
  const since = new Date(deps.clock.now().getTime() - TOO_MANY_MACHINES_LOOKBACK_SECONDS * 1000);
  const [suspended, [machines]] = await Promise.all([
    deps.prisma.license.aggregate({ where: { status: 'SUSPENDED' }, _count: { _all: true }, _min: { statusChangedAt: true } }),
    deps.prisma.$queryRaw<{ licenses: bigint; latestAt: Date | null }[]>`
      SELECT count(DISTINCT "licenseId") AS licenses, max("occurredAt") AS "latestAt"
        FROM "LicenseValidation" WHERE code = 'TOO_MANY_MACHINES' AND "occurredAt" >= ${since}`,
  ]);
  return [
    item('licenses.suspended', suspended._count._all, suspended._min.statusChangedAt),
    item('licenses.tooManyMachines', machines?.licenses ?? 0, machines?.latestAt),
  ];
}

/** Disabled staff accounts, and accounts the sign-in throttle refuses now (auth's listLockedOutEmails, as the staff list's `locked` filter). */
export async function readAdminAttention(deps: HomeDeps): Promise<AttentionItem[]> {
  const lockedEmails = await listLockedOutEmails(deps);
  const [disabled, lockedOut] = await Promise.all([
    deps.prisma.user.count({ where: { disabledAt: { not: null } } }),
    lockedEmails.length > 0 ? deps.prisma.user.count({ where: { email: { in: lockedEmails } } }) : 0,
  ]);
  return [item('accounts.disabled', disabled, null), item('accounts.lockedOut', lockedOut, null)];
}
