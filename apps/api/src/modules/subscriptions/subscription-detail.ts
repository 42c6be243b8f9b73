/** What the purchase and license pages read of a subscription (ZSubscriptionDetail): an explicit select, no card or claim columns. */
import type { Prisma } from '../../generated/prisma/client.ts';

export const SUBSCRIPTION_DETAIL_SELECT = {
  id: true, status: true, currentPeriodStart: true, currentPeriodEnd: true, periodNumber: true, cancelAtPeriodEnd: true, canceledAt: true, cancelReason: true,
  failedRenewalAttempts: true, nextRenewalAt: true,
} as const satisfies Prisma.SubscriptionSelect;

/** Ten years of monthly payments: a page never lists more than this, and no subscription has had as many. */
export const SUBSCRIPTION_PURCHASES_SHOWN = 120;

/** The subscription with its purchases (the first payment and each renewal), oldest first. */
export const SUBSCRIPTION_WITH_PURCHASES_SELECT = {
  ...SUBSCRIPTION_DETAIL_SELECT,
  purchases: {
    select: { id: true, amount: true, currency: true, status: true, createdAt: true, paidAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: SUBSCRIPTION_PURCHASES_SHOWN,
  },
} as const satisfies Prisma.SubscriptionSelect;
