import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZPurchaseStatus } from './purchases.schema.ts';
import { ZPayoutStatus } from './analytics.schema.ts';
import { ZRefundReason, ZRefundStatus } from './refunds.schema.ts';
import { ZSubscriptionDetail } from '../subscriptions/subscriptions.schema.ts';

const ZPage = { limit: zPageSize(100, 25), cursor: ZCursor.optional() };

export const ZPurchaseSummary = z.object({
  id: z.string(),
  buyerEmail: z.string(),
  pluginId: z.string(),
  pluginName: z.string(),
  creatorId: z.string(),
  creatorName: z.string(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  applicationFeeAmount: ZMinorUnits,
  status: ZPurchaseStatus,
  paymentIntentId: z.string(),
  chargeId: z.string().nullable(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
});

/**
 * `finance.searchPurchases`: `query` is a buyer email (or part of one), pi_…, ch_…, re_… or a purchase id;
 * `refunds: 'failed'` keeps purchases with a refund in FAILED_REFUND_STATUSES; `pluginId` and
 * `creatorId` keep one plugin's or one creator's purchases (the console's pickers).
 */
export const ZPurchaseSearchInput = z.object({
  query: zText({ max: 200 }).default(''), refunds: z.enum(['failed']).optional(), pluginId: zId().optional(), creatorId: zId().optional(), ...ZPage,
});
export const ZPurchaseSearchOutput = z.object({ items: z.array(ZPurchaseSummary), nextCursor: z.string().nullable() });

export const ZDisputeStatus = z.enum(['WARNING_NEEDS_RESPONSE', 'WARNING_UNDER_REVIEW', 'WARNING_CLOSED', 'NEEDS_RESPONSE', 'UNDER_REVIEW', 'WON', 'LOST', 'PREVENTED']);

export const ZRefundRecord = z.object({
  id: z.string(),
  purchaseId: z.string(),
  stripeRefundId: z.string().nullable(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  reason: ZRefundReason,
  note: z.string(),
  status: ZRefundStatus,
  failureReason: z.string().nullable(),
  revokeLicense: z.boolean(),
  createdAt: z.date(),
});
export const ZDisputeRecord = z.object({
  id: z.string(),
  purchaseId: z.string(),
  stripeDisputeId: z.string(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  reason: z.string(),
  status: ZDisputeStatus,
  evidenceDueBy: z.date().nullable(),
  createdAt: z.date(),
  closedAt: z.date().nullable(),
});

export const ZPurchaseTimelineInput = z.object({ purchaseId: zId() });
/**
 * What a purchase timeline event is: the purchase itself, a license change, or one ledger
 * transaction — one per Stripe money object (charge, transfer and its reversals, application fee
 * and its refunds, refund and its failure, dispute balance transaction).
 */
export const ZTimelineKind = z.enum([
  'purchase_created', 'payment', 'transfer', 'transfer_reversal', 'application_fee', 'fee_refund', 'refund', 'refund_failure', 'dispute', 'payout', 'payout_reversal', 'payment_failed', 'license',
]);
export type TimelineKind = z.infer<typeof ZTimelineKind>;

export const ZTimelineEvent = z.object({
  at: z.date(),
  kind: ZTimelineKind,
  description: z.string(),
  /** The buyer-side amount (minor units), when the step moved money. */
  amount: ZMinorUnits.nullable(),
  /** Ledger effect per figure of this step (minor units), when it posted. */
  ledger: z.object({ creator: ZMinorUnits, platform: ZMinorUnits, stripeFees: ZMinorUnits }).nullable(),
});
export const ZPurchaseTimelineOutput = z.object({
  purchase: ZPurchaseSummary,
  /** captured − refunded − disputed, minor units. */
  refundable: ZMinorUnits,
  hasOpenDispute: z.boolean(),
  refunds: z.array(ZRefundRecord),
  disputes: z.array(ZDisputeRecord),
  timeline: z.array(ZTimelineEvent),
  /** The subscription this purchase paid for (its first payment or a renewal); null for a one-time purchase. */
  subscription: ZSubscriptionDetail.extend({
    /** Every purchase of the subscription — the first payment and each renewal — oldest first (amounts in minor units). */
    purchases: z.array(z.object({ id: z.string(), amount: ZMinorUnits, currency: ZCurrency, status: ZPurchaseStatus, createdAt: z.date(), paidAt: z.date().nullable() })),
  }).nullable(),
});

export const ZDisputesListInput = z.object({ status: ZDisputeStatus.optional(), ...ZPage });
export const ZDisputesListOutput = z.object({ items: z.array(ZDisputeRecord.extend({ buyerEmail: z.string(), pluginName: z.string() })), nextCursor: z.string().nullable() });

export const ZPayoutRecord = z.object({
  id: z.string(),
  stripePayoutId: z.string(),
  creatorId: z.string(),
  creatorName: z.string(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  status: ZPayoutStatus,
  arrivalDate: z.date().nullable(),
  failureMessage: z.string().nullable(),
  createdAt: z.date(),
});
export const ZPayoutsListInput = z.object({ status: ZPayoutStatus.optional(), creatorId: zId().optional(), ...ZPage });
export const ZPayoutsListOutput = z.object({ items: z.array(ZPayoutRecord), nextCursor: z.string().nullable() });

export const ZStripeEventStatus = z.enum(['PENDING', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED', 'DEAD']);
export const ZStripeEventsListInput = z.object({ status: ZStripeEventStatus.optional(), type: zText({ max: 100 }).optional(), ...ZPage });
export const ZStripeEventRecord = z.object({
  id: z.string(),
  type: z.string(),
  account: z.string().nullable(),
  status: ZStripeEventStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  stripeCreatedAt: z.date(),
  receivedAt: z.date(),
  processedAt: z.date().nullable(),
  nextAttemptAt: z.date(),
});
export const ZStripeEventsListOutput = z.object({ items: z.array(ZStripeEventRecord), nextCursor: z.string().nullable() });
export const ZStripeEventReplayInput = z.object({ id: zId({ prefix: 'evt' }) });
export const ZStripeEventReplayOutput = z.object({ id: z.string(), status: z.literal('PENDING') });
