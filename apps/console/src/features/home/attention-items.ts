/**
 * How the home shows each attention item the API counts (home.attention): its label, the
 * filtered list it opens, and what its date means. The API sends keys, counts and dates only.
 */
import type { AttentionKey, AttentionSection } from '@marketdesk/shared';

export interface AttentionItemView {
  label: string;
  /** The list the count is of, filtered by URL so the same rows show. */
  href: string;
  /** Words before the item's date, e.g. "Oldest due"; the date is left out when absent. */
  atLabel?: string;
  /** A non-zero count is a problem (red) rather than work to do (blue). */
  isAlarm?: boolean;
}

export const ATTENTION_SECTION_TITLES: Record<AttentionSection, string> = {
  moderation: 'Review queue',
  finance: 'Finance',
  support: 'Licenses',
  creator: 'Your plugins and earnings',
  admin: 'Staff accounts',
};

export const ATTENTION_ITEMS: Record<AttentionKey, AttentionItemView> = {
  'submissions.overdue': { label: 'Overdue submissions', href: '/queue?due=overdue', atLabel: 'Oldest due', isAlarm: true },
  'submissions.dueToday': { label: 'Due today (UTC)', href: '/queue?due=today', atLabel: 'Next due' },
  'submissions.critical': { label: 'With critical findings', href: '/queue?critical=yes', atLabel: 'Earliest due', isAlarm: true },
  'submissions.myClaims': { label: 'Your active claims', href: '/queue?claim=mine', atLabel: 'Earliest due' },
  'disputes.evidenceDue': { label: 'Disputes awaiting evidence', href: '/disputes?status=NEEDS_RESPONSE', atLabel: 'Nearest evidence due date', isAlarm: true },
  'disputes.inquiryDue': { label: 'Inquiries awaiting a response', href: '/disputes?status=WARNING_NEEDS_RESPONSE', atLabel: 'Nearest response due date', isAlarm: true },
  'stripeEvents.dead': { label: 'Dead-lettered webhook events', href: '/stripe-events?status=DEAD', atLabel: 'Oldest received', isAlarm: true },
  'stripeEvents.failed': { label: 'Failed webhook events', href: '/stripe-events?status=FAILED', atLabel: 'Oldest received', isAlarm: true },
  'refunds.failed': { label: 'Failed or canceled refunds', href: '/transactions?refunds=failed', atLabel: 'Oldest', isAlarm: true },
  'payouts.failed': { label: 'Failed payouts', href: '/payouts?status=FAILED', atLabel: 'Oldest', isAlarm: true },
  'licenses.suspended': { label: 'Suspended licenses awaiting a decision', href: '/licenses?status=SUSPENDED', atLabel: 'Suspended since' },
  'licenses.tooManyMachines': { label: 'Licenses refused for too many machines (24 h)', href: '/licenses?validationCode=TOO_MANY_MACHINES', atLabel: 'Latest' },
  'submissions.changesRequested': { label: 'Submissions awaiting your reply', href: '/my-submissions?status=CHANGES_REQUESTED', atLabel: 'Changes requested', isAlarm: true },
  'creator.balance': { label: 'Available balance', href: '/earnings' },
  'creator.nextPayout': { label: 'Next payout', href: '/earnings', atLabel: 'Arrives' },
  'accounts.disabled': { label: 'Disabled accounts', href: '/staff-accounts?status=disabled' },
  'accounts.lockedOut': { label: 'Accounts locked out by the sign-in throttle', href: '/staff-accounts?status=locked', isAlarm: true },
  'reviews.waiting': { label: 'Buyer reviews waiting', href: '/moderation/buyer-reviews', atLabel: 'Waiting since' },
};

/**
 * The reconciliation item (home.reconciliation), shown in the finance section once Stripe
 * answered; with a difference it opens the first differing month and currency (the page's
 * `?month=YYYY-MM&currency=`).
 */
export const RECONCILIATION_ITEM: AttentionItemView = { label: 'Reconciliation differences (this month and last)', href: '/reconciliation', isAlarm: true };
