/** `POST /v1/reviews/mine`: the buyer reads back their review, its status and the moderators' outcome. */
import type { OwnPublicReview } from '@marketdesk/shared';
import { OWN_REVIEW_SELECT, toOwnPublicReview } from './own-review.ts';
import { resolveReviewer, type ReviewApiDeps } from './resolve-reviewer.ts';

/**
 * The review of the key's plugin by the key's buyer (whichever of their licenses wrote it), with
 * its status, why it is held, the creator's reply and the last moderation decision (action,
 * message, reason label, when) — or null when they have not reviewed it. A DELETED review is
 * returned too: its author is told it was deleted and why.
 * @throws AppError NOT_FOUND (field `key`) for a key that authenticates no buyer (resolveReviewer).
 */
export async function readMyReview(deps: ReviewApiDeps, input: { key: string }): Promise<OwnPublicReview | null> {
  const reviewer = await resolveReviewer(deps, { key: input.key, now: deps.clock.now() });
  const row = await deps.prisma.review.findUnique({
    where: { pluginId_buyerEmail: { pluginId: reviewer.pluginId, buyerEmail: reviewer.buyerEmail } },
    select: OWN_REVIEW_SELECT,
  });
  return row ? toOwnPublicReview(row) : null;
}
