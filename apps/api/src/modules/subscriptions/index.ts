/**
 * Subscriptions: monthly plugins renewed off-session on Stripe's clock, canceled at period end,
 * lapsed after failed renewals; their licenses follow the subscription.
 */
export { subscriptionsRouter } from './router.ts';
export { SUBSCRIPTION_DETAIL_SELECT, SUBSCRIPTION_WITH_PURCHASES_SELECT } from './subscription-detail.ts';
export { cancelSubscriptionAtPeriodEnd, renewDueSubscriptions } from './subscriptions.ts';
export type { RenewalDeps } from './subscriptions.ts';
export { changeSubscriptionTier } from './change-tier.ts';
export { billSubscriptionOverage } from './overage.ts';
export { registerSubscriptionRoutes } from './http.ts';
export { cancelFullyRefundedSubscription, RENEWAL_SUSPENSION_PREFIX, syncPurchaseSubscription } from './sync-subscription.ts';
export { readDueRenewals } from './due-renewals.ts';
