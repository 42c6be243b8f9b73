/**
 * Ratings and reviews: buyers rate a plugin 1–5 with a text through the public API with their
 * license key (a verified purchase), automatic checks hold or flag what needs a look, moderators
 * work the review queue (keep, hide, delete), creators reply and report, and reputation (a
 * plugin's Bayesian rating, a creator's record) is computed from incremental aggregates.
 */
export { registerReviewRoutes } from './http.ts';
export { applyRatingChange, type RatedState } from './plugin-rating.ts';
export { reviewsRouter } from './router.ts';
export { reviewQueueRouter } from './queue-router.ts';
export { reviewReportsRouter } from './reports-router.ts';
export { reputationRouter } from './reputation-router.ts';
