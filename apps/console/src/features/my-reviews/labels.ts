/** Words for review statuses, moderation outcomes and report reasons as creators and staff read them. */
import type { ReviewModerationAction, ReviewReportReason, ReviewStatus } from '@marketdesk/shared';

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  PUBLISHED: 'Published',
  HELD: 'Held for moderation',
  HIDDEN: 'Hidden by a moderator',
  DELETED: 'Deleted by a moderator',
};

export const REVIEW_STATUS_COLORS: Record<ReviewStatus, string> = { PUBLISHED: 'teal', HELD: 'orange', HIDDEN: 'gray', DELETED: 'red' };

export const REVIEW_OUTCOME_LABELS: Record<ReviewModerationAction, string> = { KEEP: 'Kept', HIDE: 'Hidden', DELETE: 'Deleted' };

export const REPORT_REASON_LABELS: Record<ReviewReportReason, string> = {
  SPAM: 'Spam',
  LANGUAGE: 'Offensive language',
  NOT_ABOUT_PLUGIN: 'Not about the plugin',
  BUG_REPORT: 'A bug report, not a review',
  PERSONAL_DATA: 'Personal data',
  SECRET: 'A leaked key or password',
  ABUSE: 'Abuse or harassment',
  OTHER: 'Other',
};

/** "4 of 5 stars". */
export const starsLabel = (rating: number) => `${rating} of 5 stars`;
/** "★★★★☆". */
export const starsText = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);
