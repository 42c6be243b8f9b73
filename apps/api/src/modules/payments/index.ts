/**
 * Payments: purchases (destination charges with the application fee), the Stripe webhook inbox
 * and the syncs that post what Stripe reports, refunds, disputes, creator payouts, and the
 * double-entry ledger every money figure is summed from.
 */
export { connectRouter } from './connect-router.ts';
export { createPurchaseOrFreeLicense, ensureConnectedAccount, platformFee, purchaseIdFor } from './create-purchase.ts';
export type { PaymentsDeps } from './deps.ts';
export { registerPaymentRoutes } from './http.ts';
export { rebuildLedgerTotals } from './ledger-totals.ts';
export { refundsRouter } from './refunds-router.ts';
export { createRefund, previewRefund } from './refunds.ts';
export { REFUND_RESEND_AFTER_SECONDS, REFUND_RESEND_POLL_MS, resendPendingRefunds } from './resend-pending-refunds.ts';
export { stripeEventsRouter } from './stripe-events-router.ts';
export { drainStripeEvents, HANDLED_EVENT_TYPES } from './stripe-events.ts';
export { onStripeEventsStored } from './stripe-event-writer.ts';
export { restorePendingCreatorShares, syncPurchase } from './sync-purchase.ts';
export { creditBalanceOf, creditUseEntries, postLedgerTransaction } from './ledger.ts';
export { availableCreditsOf, pendingCreditRefundsOf } from './credit-balance.ts';
export { createCreditPack, creditPackPurchaseIdFor } from './create-credit-pack.ts';
export { grantCredits, readLicenseCredits } from './license-credits.ts';
export { CREDIT_SHARE_INTERVAL_MS, payCreditShares } from './pay-credit-shares.ts';
export { parseIdempotencyKey } from './http.ts';
export { readWebhookInboxDepth } from './inbox-depth.ts';
