/**
 * Reporting a buyer review: a buyer (by license key, public API) or a console user (a creator,
 * of a review of their own plugin) says what is wrong with it; the review enters the moderation
 * queue. One report per reporter and review; a reporter files at most MAX_REPORTS_PER_HOUR.
 */
import { AppError, MAX_REPORTS_PER_HOUR, type ReviewReportReason } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';
import type { AppDeps } from '../../../platform/deps.ts';
import { writeAudit, type Actor } from '../../audit/index.ts';

export type ReportReviewDeps = Pick<AppDeps, 'prisma' | 'clock'>;

/** Who reports: a signed-in console user, or the buyer behind a genuine license key. */
export type Reporter = { kind: 'user'; userId: string } | { kind: 'license'; licenseId: string; buyerEmail: string };

export interface ReportReviewInput {
  reviewId: string;
  reason: ReviewReportReason;
  /** Up to MAX_REPORT_NOTE characters; '' for none. */
  note: string;
  reporter: Reporter;
  /** For a creator: only reviews of this creator's plugins are found (another's is NOT_FOUND). */
  creatorId?: string | null;
  /** The console user's audit actor (required for a `user` reporter: the report is audited). */
  actor?: Actor;
}

export interface ReportReviewResult {
  report: { id: string; reviewId: string; reason: ReviewReportReason; createdAt: Date };
}

const HOUR_MS = 60 * 60 * 1000;

/** The one-report-per-reporter key: `user:<id>` or `license:<buyer email, lower case>`. */
export function reporterKeyOf(reporter: Reporter): string {
  return reporter.kind === 'user' ? `user:${reporter.userId}` : `license:${reporter.buyerEmail.toLowerCase()}`;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Files `reporter`'s report of review `reviewId`: adds a ReviewReport, raises the review's
 * `reportCount`, bumps its `version` (a moderator's open page becomes stale: there is news) and
 * sets `queuedAt` to now if it was not queued, so the review enters the moderation queue; a
 * console user's report is audited (`reviews.report`) in the same transaction.
 *
 * Errors: RATE_LIMITED (with `retryAfterSeconds`: until the oldest of the last hour's reports
 * leaves the hour) after MAX_REPORTS_PER_HOUR reports by this reporter within an hour;
 * NOT_FOUND for a missing or DELETED review, or another creator's plugin's review when
 * `creatorId` is given; FORBIDDEN for a buyer's report of their own review; CONFLICT when this
 * reporter already reported this review.
 */
export async function reportReview(deps: ReportReviewDeps, input: ReportReviewInput): Promise<ReportReviewResult> {
  const now = deps.clock.now();
  const reporterKey = reporterKeyOf(input.reporter);
  try {
    return await deps.prisma.$transaction(async (tx) => {
      // One reporter's reports take turns, so simultaneous ones cannot all pass the hourly count.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('review_report'), hashtext(${reporterKey}))`;
      await refuseOverRate(tx, reporterKey, now);
      const review = await tx.review.findFirst({
        where: { id: input.reviewId, status: { not: 'DELETED' }, ...(input.creatorId ? { creatorId: input.creatorId } : {}) },
        select: { id: true, buyerEmail: true, queuedAt: true },
      });
      if (!review) throw new AppError('NOT_FOUND', { message: `Review ${input.reviewId} not found`, userMessage: 'This review does not exist or was deleted.' });
      if (input.reporter.kind === 'license' && review.buyerEmail.toLowerCase() === input.reporter.buyerEmail.toLowerCase()) {
        throw new AppError('FORBIDDEN', { message: `Buyer reported their own review ${review.id}`, userMessage: 'You cannot report your own review; edit it instead.' });
      }
      const already = await tx.reviewReport.findUnique({ where: { reviewId_reporterKey: { reviewId: review.id, reporterKey } }, select: { id: true } });
      if (already) throw alreadyReported(review.id);
      const report = await tx.reviewReport.create({
        data: {
          reviewId: review.id, reason: input.reason, note: input.note, reporterKey, createdAt: now,
          reporterUserId: input.reporter.kind === 'user' ? input.reporter.userId : null,
          reporterLicenseId: input.reporter.kind === 'license' ? input.reporter.licenseId : null,
        },
        select: { id: true, reviewId: true, reason: true, createdAt: true },
      });
      await tx.review.update({ where: { id: review.id }, data: { reportCount: { increment: 1 }, version: { increment: 1 } } });
      await tx.review.updateMany({ where: { id: review.id, queuedAt: null }, data: { queuedAt: now } });
      if (input.reporter.kind === 'user') {
        if (!input.actor) throw new Error('reportReview: a user reporter needs an audit actor');
        await writeAudit(tx, { actor: input.actor, action: 'reviews.report', targetType: 'Review', targetId: review.id, reason: input.note || null, after: { reportId: report.id, reason: input.reason } });
      }
      return { report };
    });
  } catch (error) {
    // Two reports from one reporter at once: the unique (reviewId, reporterKey) decides.
    if (isUniqueViolation(error)) throw alreadyReported(input.reviewId);
    throw error;
  }
}

function alreadyReported(reviewId: string): AppError {
  return new AppError('CONFLICT', { message: `Review ${reviewId} already reported by this reporter`, userMessage: 'You already reported this review; a moderator will look at it.' });
}

/** RATE_LIMITED when `reporterKey` filed MAX_REPORTS_PER_HOUR reports in the hour before `now` (one indexed read, under the reporter's lock). */
async function refuseOverRate(tx: Prisma.TransactionClient, reporterKey: string, now: Date): Promise<void> {
  const recent = await tx.reviewReport.findMany({
    where: { reporterKey, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } },
    orderBy: { createdAt: 'desc' },
    take: MAX_REPORTS_PER_HOUR,
    select: { createdAt: true },
  });
  if (recent.length < MAX_REPORTS_PER_HOUR) return;
  const oldest = recent[recent.length - 1]!.createdAt;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now.getTime()) / 1000));
  throw new AppError('RATE_LIMITED', {
    message: `Reporter ${reporterKey} filed ${MAX_REPORTS_PER_HOUR} reports within the hour`,
    userMessage: `You reported ${MAX_REPORTS_PER_HOUR} reviews within the last hour; try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
    retryAfterSeconds,
  });
}
