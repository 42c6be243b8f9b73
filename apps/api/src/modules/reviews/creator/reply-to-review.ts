/**
 * A creator's one public reply to a review of their own plugin: the first call writes it, a later
 * call edits it (createdAt stays, updatedAt moves). Only on a PUBLISHED review: a held one is not
 * public yet and a hidden or deleted one is no longer. Audited in the same transaction.
 */
import { AppError, type CreatorReview, type ReviewStatus } from '@marketdesk/shared';
import { writeAudit, type Actor } from '../../audit/index.ts';
import type { CreatorReviewsDeps } from './deps.ts';
import { creatorReviewSelect, toCreatorReview } from './creator-review-view.ts';

/** Why a reply is refused on a review in `status`, in the creator's words. */
const NOT_REPLYABLE: Record<Exclude<ReviewStatus, 'PUBLISHED'>, string> = {
  HELD: 'is held for moderation: you can reply once a moderator publishes it',
  HIDDEN: 'was hidden by a moderator: it is no longer public, so it takes no reply',
  DELETED: 'was deleted by a moderator: it takes no reply',
};

/**
 * Writes or edits the reply of creator `creatorId` (null: a creator user without a creator
 * account) to review `reviewId` with `body` (already checked: 1–MAX_REVIEW_REPLY characters),
 * authored by `actor.userId`; audit action `reviews.reply` (before: the previous reply or null).
 * @returns the review as the creator now sees it, reply included.
 * @throws AppError NOT_FOUND (field reviewId) when the review is not of the creator's plugins (or
 *   does not exist); CONFLICT (field reviewId) when it is not PUBLISHED (held, hidden or deleted).
 */
export async function replyToReview(deps: CreatorReviewsDeps, input: { reviewId: string; body: string; creatorId: string | null; actor: Actor }): Promise<CreatorReview> {
  const notFound = () => new AppError('NOT_FOUND', { message: `No review ${input.reviewId}`, field: 'reviewId' });
  const { creatorId } = input;
  if (!creatorId) throw notFound();
  return deps.prisma.$transaction(async (tx) => {
    // The review's row lock orders a reply against a moderator's decision on the same review.
    await tx.$executeRaw`SELECT 1 FROM "Review" WHERE id = ${input.reviewId} AND "creatorId" = ${creatorId} FOR UPDATE`;
    const review = await tx.review.findFirst({ where: { id: input.reviewId, creatorId }, select: { id: true, status: true, reply: { select: { id: true, body: true, updatedAt: true } } } });
    if (!review) throw notFound();
    if (review.status !== 'PUBLISHED') {
      throw new AppError('CONFLICT', { message: `Review ${review.id} ${NOT_REPLYABLE[review.status]}`, userMessage: `This review ${NOT_REPLYABLE[review.status]}.`, field: 'reviewId' });
    }
    const now = deps.clock.now();
    await tx.reviewReply.upsert({
      where: { reviewId: review.id },
      create: { reviewId: review.id, authorId: input.actor.userId, body: input.body, createdAt: now, updatedAt: now },
      update: { authorId: input.actor.userId, body: input.body, updatedAt: now },
    });
    await writeAudit(tx, {
      actor: input.actor, action: 'reviews.reply', targetType: 'Review', targetId: review.id,
      before: review.reply ? { body: review.reply.body, updatedAt: review.reply.updatedAt } : null, after: { body: input.body },
    });
    return toCreatorReview(await tx.review.findUniqueOrThrow({ where: { id: review.id }, select: creatorReviewSelect }));
  }, { timeout: 15_000, maxWait: 15_000 });
}
