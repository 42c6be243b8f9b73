/**
 * What a review's automatic signals do to it, read by the write path (POST /v1/reviews), the
 * moderation queue and the console alike. A secret or personal data in a review holds it (hidden
 * from everyone but its author and moderators) until a moderator decides; the other signals queue
 * it for a look while it stays published. Mozilla's add-on ratings are the model: flagged ratings
 * wait in a queue for a reviewer to keep or delete.
 */
export const REVIEW_SIGNALS = ['SECRET', 'PERSONAL_DATA', 'LINK', 'REPEATED_TEXT', 'BURST', 'LANGUAGE'] as const;
export type ReviewSignal = (typeof REVIEW_SIGNALS)[number];

export const REVIEW_STATUSES = ['PUBLISHED', 'HELD', 'HIDDEN', 'DELETED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_REPORT_REASONS = ['SPAM', 'LANGUAGE', 'NOT_ABOUT_PLUGIN', 'BUG_REPORT', 'PERSONAL_DATA', 'SECRET', 'ABUSE', 'OTHER'] as const;
export type ReviewReportReason = (typeof REVIEW_REPORT_REASONS)[number];

export const REVIEW_MODERATION_ACTIONS = ['KEEP', 'HIDE', 'DELETE'] as const;
export type ReviewModerationAction = (typeof REVIEW_MODERATION_ACTIONS)[number];

/** Signals that hide a review until a moderator decides. */
export const HOLDING_SIGNALS: readonly ReviewSignal[] = ['SECRET', 'PERSONAL_DATA'];

/** Longest review text, in characters (UTF-16 code units, as zod counts). */
export const MAX_REVIEW_BODY = 4000;
/** Longest creator reply, in characters. */
export const MAX_REVIEW_REPLY = 2000;

/** True when `signals` hold the review (HELD) until a moderator decides. */
export function isHeldBy(signals: readonly ReviewSignal[]): boolean {
  return signals.some((s) => HOLDING_SIGNALS.includes(s));
}

/**
 * The status a buyer's write leaves a review in: HELD when `signals` hold it, else PUBLISHED —
 * except that a review a moderator hid or deleted stays so (`current`), so an edit cannot undo a
 * decision; a later moderator decision can.
 */
export function reviewStatusAfterWrite(current: ReviewStatus | null, signals: readonly ReviewSignal[]): ReviewStatus {
  if (current === 'HIDDEN' || current === 'DELETED') return current;
  return isHeldBy(signals) ? 'HELD' : 'PUBLISHED';
}

/** True when a review with `signals` (or open reports) must wait in the moderation queue. */
export function needsModeration(signals: readonly ReviewSignal[], openReports: number): boolean {
  return signals.length > 0 || openReports > 0;
}

/** The status a moderator's `action` leaves a review in: KEEP publishes it (a held review too), HIDE hides it, DELETE deletes it. */
export function reviewStatusAfterDecision(action: ReviewModerationAction): ReviewStatus {
  return action === 'KEEP' ? 'PUBLISHED' : action === 'HIDE' ? 'HIDDEN' : 'DELETED';
}
