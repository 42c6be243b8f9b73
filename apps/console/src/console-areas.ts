/**
 * The console's pages as data: route, label, icon and the permission (from the one PERMISSIONS
 * map in packages/shared) that a role needs to see it. Navigation and routes are both built from
 * this list, so a new page is one line here. Pages reached from an area (a submission opened from
 * the queue) are its `subpages`: routed, not in the navigation, behind the area's permission
 * unless they name a stricter one.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { IconAlertTriangle, IconBuildingBank, IconChartBar, IconCoin, IconHome, IconInbox, IconLicense, IconListSearch, IconPackages, IconReceipt, IconScale, IconUserExclamation, IconUsers, IconWallet, IconWebhook, type Icon } from '@tabler/icons-react';
import { IconChartHistogram, IconChartPie } from '@tabler/icons-react';
import { IconTag } from '@tabler/icons-react';
import { IconMessageStar } from '@tabler/icons-react';
import { IconStar } from '@tabler/icons-react';
import { hasPermission, type Permission, type Role } from '@marketdesk/shared';

export interface ConsoleArea {
  route: string;
  label: string;
  icon: Icon;
  /** null: every signed-in role. */
  permission: Permission | null;
  page: LazyExoticComponent<ComponentType>;
  subpages?: readonly ConsoleSubpage[];
}

export interface ConsoleSubpage {
  route: string;
  /** Defaults to the area's permission. */
  permission?: Permission;
  page: LazyExoticComponent<ComponentType>;
}

export const CONSOLE_AREAS: readonly ConsoleArea[] = [
  {
    route: '/', label: 'Home', icon: IconHome, permission: null, page: lazy(() => import('./features/home/Home.page.tsx')),
    // Detail pages reached by links (queue, finance tables, each other): a plugin's rating, a creator's record.
    subpages: [
      { route: '/plugins/:pluginId', permission: 'reviews.read', page: lazy(() => import('./features/plugins/Plugin.page.tsx')) },
      { route: '/creators/:creatorId', permission: 'reputation.read', page: lazy(() => import('./features/creators/Creator.page.tsx')) },
    ],
  },
  { route: '/staff-accounts', label: 'Staff accounts', icon: IconUsers, permission: 'users.read', page: lazy(() => import('./features/staff-accounts/StaffAccounts.page.tsx')) },
  { route: '/audit-log', label: 'Audit log', icon: IconListSearch, permission: 'audit.read', page: lazy(() => import('./features/audit-log/AuditLog.page.tsx')) },
  {
    route: '/queue', label: 'Review queue', icon: IconInbox, permission: 'queue.read', page: lazy(() => import('./features/review-queue/ReviewQueue.page.tsx')),
    subpages: [{ route: '/queue/:submissionId', page: lazy(() => import('./features/review-queue/ReviewSubmission.page.tsx')) }],
  },
  {
    route: '/moderation/buyer-reviews', label: 'Buyer reviews', icon: IconMessageStar, permission: 'reviews.moderate', page: lazy(() => import('./features/buyer-reviews/BuyerReviewQueue.page.tsx')),
    subpages: [{ route: '/moderation/buyer-reviews/:reviewId', page: lazy(() => import('./features/buyer-reviews/BuyerReview.page.tsx')) }],
  },
  { route: '/reviewer-stats', label: 'Reviewer statistics', icon: IconChartHistogram, permission: 'reviewerStats.read', page: lazy(() => import('./features/reviewer-stats/ReviewerStats.page.tsx')) },
  {
    route: '/my-submissions', label: 'My submissions', icon: IconPackages, permission: 'submissions.readOwn', page: lazy(() => import('./features/my-submissions/MySubmissions.page.tsx')),
    subpages: [
      { route: '/my-submissions/new', permission: 'submissions.create', page: lazy(() => import('./features/my-submissions/NewSubmission.page.tsx')) },
      { route: '/my-submissions/:submissionId', page: lazy(() => import('./features/my-submissions/MySubmission.page.tsx')) },
    ],
  },
  { route: '/finance', label: 'Finance', icon: IconChartBar, permission: 'finance.read', page: lazy(() => import('./features/finance/FinanceOverview.page.tsx')) },
  { route: '/pricing-models', label: 'Revenue by model', icon: IconChartPie, permission: 'finance.read', page: lazy(() => import('./features/finance/PricingModels.page.tsx')) },
  { route: '/reconciliation', label: 'Reconciliation', icon: IconScale, permission: 'finance.read', page: lazy(() => import('./features/reconciliation/Reconciliation.page.tsx')) },
  {
    route: '/transactions', label: 'Transactions', icon: IconReceipt, permission: 'finance.read', page: lazy(() => import('./features/transactions/Transactions.page.tsx')),
    subpages: [{ route: '/transactions/:purchaseId', page: lazy(() => import('./features/transactions/Purchase.page.tsx')) }],
  },
  {
    route: '/disputes', label: 'Disputes', icon: IconAlertTriangle, permission: 'finance.read', page: lazy(() => import('./features/finance/Disputes.page.tsx')),
    // Reading is finance.read; the evidence form inside is behind 'disputes.respond'.
    subpages: [{ route: '/disputes/:disputeId', page: lazy(() => import('./features/disputes/Dispute.page.tsx')) }],
  },
  { route: '/payouts', label: 'Payouts', icon: IconBuildingBank, permission: 'finance.read', page: lazy(() => import('./features/finance/Payouts.page.tsx')) },
  { route: '/restricted-creators', label: 'Restricted creators', icon: IconUserExclamation, permission: 'finance.read', page: lazy(() => import('./features/finance/RestrictedCreators.page.tsx')) },
  {
    route: '/stripe-events', label: 'Stripe events', icon: IconWebhook, permission: 'stripeEvents.read', page: lazy(() => import('./features/finance/StripeEvents.page.tsx')),
    subpages: [{ route: '/stripe-events/:eventId', page: lazy(() => import('./features/finance/StripeEvent.page.tsx')) }],
  },
  {
    route: '/licenses', label: 'Licenses', icon: IconLicense, permission: 'licenses.read', page: lazy(() => import('./features/licenses/Licenses.page.tsx')),
    // Suspend, reinstate, revoke and freeing a machine are behind 'licenses.manage' inside the pages.
    subpages: [{ route: '/licenses/:licenseId', page: lazy(() => import('./features/licenses/License.page.tsx')) }],
  },
  {
    route: '/earnings', label: 'Earnings', icon: IconCoin, permission: 'creator.readOwn', page: lazy(() => import('./features/creator-earnings/CreatorEarnings.page.tsx')),
    // Only the signed-in creator's own id is found; any other is the API's NOT_FOUND.
    subpages: [{ route: '/earnings/:creatorId', page: lazy(() => import('./features/creator-earnings/CreatorEarnings.page.tsx')) }],
  },
  // The creator's own plugins' tiers and pricing model (?plugin=); another creator's plugin is the API's NOT_FOUND.
  { route: '/pricing', label: 'Pricing', icon: IconTag, permission: 'pricing.manageOwn', page: lazy(() => import('./features/pricing/Pricing.page.tsx')) },
  // The creator's own plugins' reviews (?plugin=&stars=&status=&reply=), with reply and report; another creator's plugin is the API's NOT_FOUND.
  { route: '/my-reviews', label: 'Reviews', icon: IconStar, permission: 'reviews.respondOwn', page: lazy(() => import('./features/my-reviews/MyReviews.page.tsx')) },
  // Stripe's hosted onboarding (an Account Link) returns here: /payouts-setup?onboarding=return|refresh.
  { route: '/payouts-setup', label: 'Set up payouts', icon: IconWallet, permission: 'payouts.setup', page: lazy(() => import('./features/payout-setup/PayoutSetup.page.tsx')) },
];

/** The areas `roles` may use, in navigation order. */
export function listAreasFor(roles: readonly Role[]): ConsoleArea[] {
  return CONSOLE_AREAS.filter((area) => area.permission === null || hasPermission(roles, area.permission));
}
