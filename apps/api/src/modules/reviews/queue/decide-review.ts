/**
 * Moderators' decisions on buyer reviews: keep (publish), hide, delete. A decision names the
 * review version the moderator saw; the review row is locked, and the decision applies only if
 * that is still the version and nobody else holds a live claim — so of two decisions at once one
 * applies and the other gets CONFLICT. In the same transaction: the plugin's rating, the open
 * reports resolved, the review out of the queue, the ReviewModeration row (which the author reads
 * through GET /v1/reviews/mine), a notification to the creator and the audit row.
 */
import { AppError, isReasonFor, reviewStatusAfterDecision, type ReviewModerationAction } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../../audit/index.ts';
import { applyRatingChange } from '../plugin-rating.ts';
import type { ReviewQueueDeps } from './deps.ts';

export interface ReviewDecisionRequest {
  reviewId: string;
  /** The `version` the moderator's page showed. */
  version: number;
  action: ReviewModerationAction;
  /** A canned reason (ReviewModerationReason); required for HIDE and DELETE. */
  reasonId?: string;
  /** To the author and the creator; empty: the reason's canned response. */
  message: string;
}

const AUDIT_ACTIONS = { KEEP: 'reviews.keep', HIDE: 'reviews.hide', DELETE: 'reviews.delete' } as const;
const SUBJECTS = { KEEP: 'stays published', HIDE: 'was hidden', DELETE: 'was deleted' } as const;

/**
 * Applies `{ reviewId, version, action, reasonId?, message }` by moderator `actor` at `deps.clock.now()`.
 * @returns `{ reviewId, status, version }` (the new status and version).
 * @throws AppError NOT_FOUND; FORBIDDEN (own plugin's review); INVALID_INPUT on field "reasonId"
 *   (missing for HIDE/DELETE, unknown, inactive, or for another action); CONFLICT (stale version,
 *   or a live claim held by someone else) — nothing is applied then.
 */
export async function decideReview(deps: ReviewQueueDeps, { actor, ...request }: ReviewDecisionRequest & { actor: Actor }) {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Review" WHERE id = ${request.reviewId} FOR UPDATE`;
    const review = await tx.review.findUnique({
      where: { id: request.reviewId },
      select: {
        id: true, pluginId: true, creatorId: true, rating: true, status: true, version: true, claimedById: true, claimExpiresAt: true, reportCount: true,
        claimedBy: { select: { name: true } }, creator: { select: { userId: true } }, plugin: { select: { name: true } },
      },
    });
    if (!review) throw new AppError('NOT_FOUND', { message: `No review ${request.reviewId}`, field: 'reviewId' });
    if (review.creator.userId === actor.userId) throw new AppError('FORBIDDEN', { message: 'You cannot moderate reviews of your own plugin' });
    if (review.version !== request.version) {
      throw new AppError('CONFLICT', { message: `This review changed since you opened it (version ${request.version}, now ${review.version}, ${review.status.toLowerCase()}); reload it before deciding` });
    }
    if (review.claimedById && review.claimedById !== actor.userId && review.claimExpiresAt && review.claimExpiresAt > now) {
      throw new AppError('CONFLICT', { message: `Claimed by ${review.claimedBy?.name ?? 'another moderator'}; only the claim holder can decide` });
    }
    const reason = await readReason(tx, request);
    const message = request.message.trim() || reason?.cannedResponse || '';
    const status = reviewStatusAfterDecision(request.action);

    await tx.review.update({
      where: { id: review.id },
      data: { status, queuedAt: null, reportCount: 0, version: { increment: 1 }, claimedById: null, claimExpiresAt: null, decidedAt: now },
    });
    await applyRatingChange(tx, { pluginId: review.pluginId, from: { rating: review.rating, status: review.status }, to: { rating: review.rating, status } });
    const { count: resolvedReports } = await tx.reviewReport.updateMany({ where: { reviewId: review.id, resolvedAt: null }, data: { resolvedAt: now } });
    await tx.reviewModeration.create({
      data: { reviewId: review.id, moderatorId: actor.userId, action: request.action, reasonId: reason?.id ?? null, message, fromStatus: review.status, toStatus: status, createdAt: now },
    });
    await tx.notification.create({
      data: {
        creatorId: review.creatorId,
        kind: 'review.moderated',
        subject: `A ${review.rating}-star review of ${review.plugin.name} ${SUBJECTS[request.action]}`,
        body: message || `A moderator looked at a review of ${review.plugin.name}: it ${SUBJECTS[request.action]}.`,
        payload: { reviewId: review.id, action: request.action, status, reason: reason?.label ?? null },
        createdAt: now,
      },
    });
    await writeAudit(tx, {
      actor,
      action: AUDIT_ACTIONS[request.action],
      targetType: 'Review',
      targetId: review.id,
      reason: reason?.label ?? null,
      before: { status: review.status, version: review.version, reportCount: review.reportCount },
      after: { status, version: review.version + 1, resolvedReports, message },
    });
    return { reviewId: review.id, status, version: review.version + 1 };
  });
}

async function readReason(tx: Prisma.TransactionClient, request: ReviewDecisionRequest) {
  if (!request.reasonId) {
    if (request.action !== 'KEEP') throw new AppError('INVALID_INPUT', { message: `To ${request.action.toLowerCase()} a review, choose a reason`, field: 'reasonId' });
    return null;
  }
  const reason = await tx.reviewModerationReason.findUnique({ where: { id: request.reasonId }, select: { id: true, label: true, cannedResponse: true, appliesTo: true, isActive: true } });
  if (!reason || !reason.isActive) throw new AppError('INVALID_INPUT', { message: `Unknown review moderation reason ${request.reasonId}`, field: 'reasonId' });
  if (!isReasonFor(reason.appliesTo, request.action)) {
    throw new AppError('INVALID_INPUT', { message: `"${reason.label}" is a reason to ${reason.appliesTo.toLowerCase()} a review, not to ${request.action.toLowerCase()} it`, field: 'reasonId' });
  }
  return reason;
}

/**
 * Applies one `action` (with `reasonId?` and `message`) to each of `items` (`{ reviewId, version }`,
 * at most 100), each in its own transaction, so one stale or refused item does not stop the others.
 * @returns `{ results }`: one per item, in order — `{ reviewId, ok: true }` or
 *   `{ reviewId, ok: false, code, message }` with the AppError's code and user message.
 *   Errors other than AppError are thrown.
 */
export async function decideReviewsInBulk(
  deps: ReviewQueueDeps,
  { actor, items, ...decision }: { actor: Actor; items: { reviewId: string; version: number }[]; action: ReviewModerationAction; reasonId?: string; message: string },
) {
  const results: { reviewId: string; ok: boolean; code?: string; message?: string }[] = [];
  for (const item of items) {
    try {
      await decideReview(deps, { ...decision, ...item, actor });
      results.push({ reviewId: item.reviewId, ok: true });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ reviewId: item.reviewId, ok: false, code: error.code, message: error.userMessage });
    }
  }
  return { results };
}
