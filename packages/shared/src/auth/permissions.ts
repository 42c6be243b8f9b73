/**
 * Roles and the one permission map read by the API (to authorize procedures) and by the
 * console (to hide what a role cannot use). A procedure names exactly one permission here;
 * the generated matrix test checks every procedure against this map.
 */
export const ROLES = ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT', 'CREATOR'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'users.read': ['ADMIN'],
  'users.manage': ['ADMIN'],
  'audit.read': ['ADMIN'],
  'catalog.read': ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT'],
  'queue.read': ['ADMIN', 'MODERATOR'],
  'queue.decide': ['ADMIN', 'MODERATOR'],
  /** Reviewer statistics: decisions per moderator and week, time to decision, queue age, reasons used. */
  'reviewerStats.read': ['ADMIN', 'MODERATOR'],
  'submissions.create': ['CREATOR'],
  'submissions.readOwn': ['CREATOR'],
  'finance.read': ['ADMIN', 'FINANCE'],
  'refund.create': ['ADMIN', 'FINANCE'],
  /** Answer a dispute: upload evidence files, save evidence as a draft at Stripe, submit it (final). */
  'disputes.respond': ['ADMIN', 'FINANCE'],
  'stripeEvents.read': ['ADMIN', 'FINANCE'],
  'stripeEvents.replay': ['ADMIN', 'FINANCE'],
  'licenses.read': ['ADMIN', 'SUPPORT'],
  'licenses.manage': ['ADMIN', 'SUPPORT'],
  'subscriptions.manage': ['ADMIN', 'FINANCE', 'SUPPORT'],
  'creator.readOwn': ['CREATOR'],
  /** Edit the tiers (prices, entitlements, machine limits, trials, quotas) and pricing model of the creator's own plugins. */
  'pricing.manageOwn': ['CREATOR'],
  /** Start or continue the creator's own Stripe onboarding (Account Links). */
  'payouts.setup': ['CREATOR'],
  /** Read any plugin's reviews and rating (staff), e.g. on the plugin page. */
  'reviews.read': ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT'],
  /** Work the review moderation queue: claim, keep, hide or delete reviews with a reason. */
  'reviews.moderate': ['ADMIN', 'MODERATOR'],
  /** The creator's own plugins' reviews and ratings: read them, reply once per review, report one. */
  'reviews.respondOwn': ['CREATOR'],
  /** A creator's reputation (ratings, refund and dispute rates, moderation history), explained. */
  'reputation.read': ['ADMIN', 'MODERATOR', 'FINANCE'],
  /** The command palette's search: every role; each kind of result is then limited by the permission that reads it (search module's rules). */
  'search.global': ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT', 'CREATOR'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when any of `roles` is granted `permission` by {@link PERMISSIONS}. */
export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
