/**
 * Claims on queued buyer reviews: a moderator claims one so that others leave it alone while
 * they read it; a claim lasts 10 minutes unless the open page renews it (heartbeat). The claim
 * is one conditional UPDATE, so of two moderators claiming at the same moment exactly one wins.
 */
import { AppError } from '@marketdesk/shared';
import { writeAudit, type Actor } from '../../audit/index.ts';
import { minutesUntil, REVIEW_CLAIM_TTL_SECONDS, type ReviewQueueDeps } from './deps.ts';

export interface ReviewClaimInput {
  /** The moderator (audited). */
  actor: Actor;
  reviewId: string;
}

/**
 * Claims (or re-claims) `{ reviewId }` for `actor` until `deps.clock.now()` + 10 minutes.
 * @returns `{ reviewId, claimExpiresAt }`.
 * @throws AppError NOT_FOUND (unknown), FORBIDDEN (a review of the actor's own plugin), CONFLICT
 *   (not in the queue, or claimed by someone else — the message names who and for how long).
 */
export async function claimReview(deps: ReviewQueueDeps, { actor, reviewId }: ReviewClaimInput) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + REVIEW_CLAIM_TTL_SECONDS * 1000);
  return deps.prisma.$transaction(async (tx) => {
    const review = await tx.review.findUnique({ where: { id: reviewId }, select: { creator: { select: { userId: true } } } });
    if (!review) throw new AppError('NOT_FOUND', { message: `No review ${reviewId}`, field: 'reviewId' });
    if (review.creator.userId === actor.userId) throw new AppError('FORBIDDEN', { message: 'You cannot moderate reviews of your own plugin' });
    const { count } = await tx.review.updateMany({
      where: { id: reviewId, queuedAt: { not: null }, OR: [{ claimedById: null }, { claimExpiresAt: { lte: now } }, { claimedById: actor.userId }] },
      data: { claimedById: actor.userId, claimExpiresAt: expiresAt },
    });
    if (count === 0) {
      const current = await tx.review.findUniqueOrThrow({ where: { id: reviewId }, select: { queuedAt: true, claimExpiresAt: true, claimedBy: { select: { name: true } } } });
      if (!current.queuedAt) throw new AppError('CONFLICT', { message: 'This review is not in the queue (already decided); there is nothing to claim' });
      throw new AppError('CONFLICT', { message: `Claimed by ${current.claimedBy?.name ?? 'another moderator'} for ${minutesUntil(current.claimExpiresAt, now)} more minute(s)` });
    }
    await writeAudit(tx, { actor, action: 'reviews.claim', targetType: 'Review', targetId: reviewId, after: { claimExpiresAt: expiresAt } });
    return { reviewId, claimExpiresAt: expiresAt };
  });
}

/**
 * Extends `actor`'s claim on `{ reviewId }` to `deps.clock.now()` + 10 minutes (the open page's
 * heartbeat). Not audited: it changes nothing but the expiry.
 * @returns `{ reviewId, claimExpiresAt }`.
 * @throws AppError CONFLICT when the actor no longer holds the claim.
 */
export async function renewReviewClaim(deps: ReviewQueueDeps, { actor, reviewId }: ReviewClaimInput) {
  const expiresAt = new Date(deps.clock.now().getTime() + REVIEW_CLAIM_TTL_SECONDS * 1000);
  const { count } = await deps.prisma.review.updateMany({ where: { id: reviewId, queuedAt: { not: null }, claimedById: actor.userId }, data: { claimExpiresAt: expiresAt } });
  if (count === 0) throw new AppError('CONFLICT', { message: 'You no longer hold the claim on this review; claim it again' });
  return { reviewId, claimExpiresAt: expiresAt };
}

/**
 * Gives up `actor`'s claim on `{ reviewId }` (audited when there was one); releasing a claim one
 * does not hold is a no-op.
 * @returns `{ reviewId, isReleased }`.
 */
export async function releaseReviewClaim(deps: ReviewQueueDeps, { actor, reviewId }: ReviewClaimInput) {
  return deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.review.updateMany({ where: { id: reviewId, claimedById: actor.userId }, data: { claimedById: null, claimExpiresAt: null } });
    if (count > 0) await writeAudit(tx, { actor, action: 'reviews.release', targetType: 'Review', targetId: reviewId });
    return { reviewId, isReleased: count > 0 };
  });
}
