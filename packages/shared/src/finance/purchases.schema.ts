import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZEmail } from '../users/users.schema.ts';
import { checkPeriod, ZPeriodDate } from './period.schema.ts';
import { ZTierKey } from '../pricing/tiers.schema.ts';

/** An absolute http(s) URL, as Stripe Checkout's `success_url` / `cancel_url` need. */
const ZRedirectUrl = zText({ max: 2000, isTrimmed: false }).pipe(z.string().url().refine((url) => /^https?:\/\//i.test(url), { message: 'must be an http(s) URL' }));

/**
 * The `Idempotency-Key` header of `POST /v1/purchases`: 1–255 printable ASCII characters
 * (U+0020–U+007E), Stripe's length limit (docs.stripe.com/api/idempotent_requests).
 */
export const ZIdempotencyKey = z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters').regex(/^[\x20-\x7e]+$/, 'must be printable ASCII characters');

/** `POST /v1/purchases` body. */
export const ZPurchaseCreateInput = z.object({
  pluginId: zId(),
  buyerEmail: ZEmail,
  /**
   * Pay at once, server-side, with this Stripe test payment method (`pm_card_visa`…): for
   * scripts, the seed and tests with a test key or the emulator; refused with a live key.
   * Without it the buyer pays on a Stripe Checkout page (`checkoutUrl` in the answer).
   */
  paymentMethod: zId({ prefix: 'pm' }).optional(),
  /** Where Checkout sends the buyer after paying; `{CHECKOUT_SESSION_ID}` is replaced. Default: CHECKOUT_SUCCESS_URL. */
  successUrl: ZRedirectUrl.optional(),
  /** Where Checkout's back link goes. Default: CHECKOUT_CANCEL_URL. */
  cancelUrl: ZRedirectUrl.optional(),
  /**
   * The tier to buy (`free`, `pro`, `enterprise`): required when the plugin has paid tiers. A tier
   * priced 0 (or a FREE plugin) issues its license at once, without a payment (ZFreeLicenseOutput).
   */
  tier: ZTierKey.optional(),
});
export type PurchaseCreateInput = z.infer<typeof ZPurchaseCreateInput>;

export const ZPurchaseStatus = z.enum(['PENDING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED', 'CANCELED']);
export type PurchaseStatus = z.infer<typeof ZPurchaseStatus>;

/** Statuses of a purchase that was paid: its charge succeeded, whatever was refunded since. */
export const PAID_PURCHASE_STATUSES = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const satisfies readonly PurchaseStatus[];

/** True when the purchase was paid (its charge succeeded), refunded or not. */
export const isPaidPurchase = (status: PurchaseStatus): boolean => (PAID_PURCHASE_STATUSES as readonly string[]).includes(status);

/**
 * The paid status for a charge of `amount` of which `amountRefunded` (minor units; pending and
 * succeeded refunds, Stripe's `charge.amount_refunded`) went back: REFUNDED when nothing is
 * left (Stripe's `charge.refunded`), PARTIALLY_REFUNDED when some was, else SUCCEEDED.
 */
export function paidPurchaseStatus(amount: number, amountRefunded: number): (typeof PAID_PURCHASE_STATUSES)[number] {
  if (amountRefunded <= 0) return 'SUCCEEDED';
  return amountRefunded >= amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/** `POST /v1/purchases` answer (201). */
export const ZPurchaseCreateOutput = z.object({
  purchaseId: z.string(),
  /** Null for a Checkout purchase until the buyer pays (Checkout makes the PaymentIntent then). */
  paymentIntentId: z.string().nullable(),
  /** The Checkout Session (`cs_…`) and its hosted page; null for a server-side payment (`paymentMethod`). */
  checkoutSessionId: z.string().nullable(),
  checkoutUrl: z.string().nullable(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  applicationFeeAmount: ZMinorUnits,
  status: ZPurchaseStatus,
  paymentError: z.string().nullable(),
});

/** `GET /exports/transactions.csv` query: [from, to) within the years 2000–2100 and an optional currency. */
export const ZExportTransactionsQuery = z.object({
  from: ZPeriodDate,
  to: ZPeriodDate,
  currency: ZCurrency.optional(),
}).superRefine(checkPeriod);
