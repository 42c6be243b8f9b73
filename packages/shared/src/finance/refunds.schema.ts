import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { refineStripeAmount } from '../money/stripe-amounts.ts';

export const REFUND_REASONS = ['DUPLICATE', 'FRAUDULENT', 'REQUESTED_BY_CUSTOMER'] as const;
export const ZRefundReason = z.enum(REFUND_REASONS);
export const ZRefundStatus = z.enum(['PENDING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'CANCELED']);

const ZRefundAmountFields = z.object({
  purchaseId: zId(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  /** A full refund of a subscription's payment keeps the subscription running (by default it is canceled at once). */
  keepSubscription: z.boolean().default(false),
});

/**
 * `refunds.preview`: amount in minor units of the purchase's currency (the console converts
 * major units with toMinorUnits). An amount Stripe would refuse in that currency (12.345 KWD,
 * 1.50 ISK: checkStripeAmount) is an issue on `amount`.
 */
export const ZRefundPreviewInput = ZRefundAmountFields.superRefine(refineStripeAmount('refund'));
export const ZRefundPreviewOutput = z.object({
  amount: ZMinorUnits,
  currency: ZCurrency,
  /** Taken back from the creator (minor units). */
  creatorShare: ZMinorUnits,
  /** Application fee the platform gives back (minor units). */
  platformShare: ZMinorUnits,
  /** Refundable before this refund (refundableAmount): captured − refunded, 0 once charged back. */
  refundable: ZMinorUnits,
  /** This refund takes everything still refundable: the purchase ends fully refunded and its license is revoked. */
  isFullRefund: z.boolean(),
  /** The purchase's subscription, and whether this refund cancels it at once (a full refund unless `keepSubscription`); null for a one-time purchase. */
  subscription: z.object({ id: z.string(), status: z.string(), willCancel: z.boolean() }).nullable(),
  /**
   * When the charge settled in another currency (docs/money.md, Settlement currency): the same
   * split in minor units of that currency, estimated at the charge's rate, as Stripe's reversal
   * and fee refund will move it (Stripe converts at its own rate: a minor unit or so may differ).
   * Absent otherwise.
   */
  settlement: z.object({ currency: ZCurrency, amount: ZMinorUnits, creatorShare: ZMinorUnits, platformShare: ZMinorUnits }).optional(),
  /**
   * A credit pack (a platform charge): only the unused credits of its license are refundable
   * (`availableCredits`, minor units, before this refund); the platform gives it all back, the
   * license is never revoked. Absent for any other purchase.
   */
  creditPack: z.object({ licenseId: z.string(), availableCredits: ZMinorUnits }).optional(),
});

/**
 * `refunds.create`. `requestKey`: made once per refund dialog (e.g. crypto.randomUUID()); resending
 * it never refunds twice. The amount is checked as in {@link ZRefundPreviewInput}.
 */
export const ZRefundCreateInput = ZRefundAmountFields.extend({
  reason: ZRefundReason,
  note: zText({ max: 1000, isMultiline: true }).default(''),
  /** Revoke the license even for a partial refund (a full refund always revokes). */
  revokeLicense: z.boolean().default(false),
  requestKey: zText({ min: 8, max: 100, isTrimmed: false }),
}).superRefine(refineStripeAmount('refund'));
export type RefundCreateInput = z.infer<typeof ZRefundCreateInput>;
export const ZRefundCreateOutput = z.object({
  refundId: z.string(),
  stripeRefundId: z.string().nullable(),
  status: ZRefundStatus,
  amount: ZMinorUnits,
  currency: ZCurrency,
  failureReason: z.string().nullable(),
});

/**
 * Refunds that hold money: a pending (or action-requiring) refund is already taken from what can
 * be refunded, as at Stripe (a charge's `amount_refunded` counts it); a failed or canceled one
 * gives its amount back (https://docs.stripe.com/refunds#failed-refunds).
 */
export const REFUND_STATUSES_HOLDING_MONEY = Object.freeze(['PENDING', 'REQUIRES_ACTION', 'SUCCEEDED'] as const satisfies readonly z.infer<typeof ZRefundStatus>[]);

/** Refunds that did not return the money: failed or canceled at Stripe (the home's "failed refunds", the transactions filter). */
export const FAILED_REFUND_STATUSES = Object.freeze(['FAILED', 'CANCELED'] as const satisfies readonly z.infer<typeof ZRefundStatus>[]);

/** True when a refund of `status` counts against the refundable amount (see {@link REFUND_STATUSES_HOLDING_MONEY}). */
export function isRefundHoldingMoney(status: z.infer<typeof ZRefundStatus>): boolean {
  return (REFUND_STATUSES_HOLDING_MONEY as readonly string[]).includes(status);
}
