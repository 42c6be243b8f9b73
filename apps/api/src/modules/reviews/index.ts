/**
 * Ratings and reviews: buyers rate a plugin 1–5 with a text through the public API with their
 * license key (a verified purchase), automatic checks hold or flag what needs a look, moderators
 * work the review queue (keep, hide, delete), creators reply and report, and reputation (a
 * plugin's Bayesian rating, a creator's record) is computed from incremental aggregates.
 */
export { registerReviewRoutes } from './http.ts';
/**
 * `writeReview(deps: { prisma, clock, keyring, issuer }, { key, rating, body?, pluginVersion?, now? })`
 * → { review, isCreated, isEdited }: the buyer's one review of the key's plugin (any license,
 * expired included, makes a verified buyer), edits kept as revisions, checked, PluginRating moved.
 * NOT_FOUND for a key that authenticates no buyer. The route and the seed call it.
 */
export { writeReview, type WriteReviewInput, type WriteReviewResult } from './write-review.ts';
export { resolveReviewer, type ReviewApiDeps } from './resolve-reviewer.ts';
export { readMyReview } from './read-my-review.ts';
export { listPluginReviews, reviewerLabelOf } from './list-plugin-reviews.ts';
export { applyRatingChange, type RatedState } from './plugin-rating.ts';
/**
 * `checkReview(tx, { pluginId, reviewId, body, licenseIssuedAt, now })` → `{ signals, textHash }`:
 * the automatic checks, run in the write transaction (flags a completed burst's other reviews).
 */
export { checkReview, type CheckReviewInput } from './checks.ts';
export { reviewsRouter } from './router.ts';
/**
 * `replyToReview(deps: { prisma, clock }, { reviewId, body, creatorId, actor })`: the creator's one
 * reply to a PUBLISHED review of their plugin, or its edit; audited. NOT_FOUND / CONFLICT.
 */
export { replyToReview } from './creator/reply-to-review.ts';
export { reviewQueueRouter } from './queue-router.ts';
/**
 * `listReviewQueue(deps, { tab, pluginId?, cursor?, limit, moderatorId })`: one page of the
 * buyer-review moderation queue, oldest first on (queuedAt, id), with its tab counts (the bench measures it).
 */
export { listReviewQueue, type ListReviewQueueInput } from './queue/list-review-queue.ts';
export { decideReview, decideReviewsInBulk } from './queue/decide-review.ts';
export { claimReview } from './queue/claims.ts';
export { reviewReportsRouter } from './reports-router.ts';
/** `POST /v1/reviews/report` (buyers, by license key) and `reportReview(deps, { reviewId, reason, note, reporter })`. */
export { registerReviewReportRoutes } from './report-http.ts';
export { reportReview, type Reporter } from './reports/report-review.ts';
export { reputationRouter } from './reputation-router.ts';
/**
 * `readPluginRating(deps: { prisma }, { pluginId })` → { pluginId, count, average (null with 0
 * reviews), score (Bayesian, 1–5), distribution (per star: count, share), prior: { mean, weight } }:
 * one PluginRating row and the marketplace prior. `readRatingsOverTime(deps: { prisma, clock },
 * { pluginId } | { creatorId }, months = 12)` → [{ month: 'YYYY-MM', count, average }] of PUBLISHED
 * reviews, oldest first. `readRatingPrior(deps)` → the marketplace prior alone.
 */
export { readPluginRating, readRatingPrior } from './reputation/read-plugin-rating.ts';
export { readRatingsOverTime, RATINGS_OVER_TIME_MONTHS } from './reputation/read-ratings-over-time.ts';
export { readCreatorReputation } from './reputation/read-creator-reputation.ts';
export { readPluginReputation } from './reputation/read-plugin-reputation.ts';
