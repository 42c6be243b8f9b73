/**
 * Reviewer statistics: the moderation team's weekly report (decisions per moderator, median time
 * to decision, share decided by the due date, the pending queue's age, decision reasons used).
 */
export { readReviewerStats, startOfUtcWeek } from './read-reviewer-stats.ts';
export type { ReviewerStatsDeps } from './read-reviewer-stats.ts';
export { reviewerStatsRouter } from './router.ts';
