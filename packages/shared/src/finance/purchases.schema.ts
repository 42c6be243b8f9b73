import { z } from 'zod';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZEmail } from '../users/users.schema.ts';

/** `POST /v1/purchases` body. */
export const ZPurchaseCreateInput = z.object({
  pluginId: z.string().min(1).max(100),
  buyerEmail: ZEmail,
  /** A Stripe (test) payment method id; default pm_card_visa. */
  paymentMethod: z.string().regex(/^pm_\w+$/, 'paymentMethod must be a PaymentMethod id (pm_…)').optional(),
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
  paymentIntentId: z.string(),
  amount: ZMinorUnits,
  currency: ZCurrency,
  applicationFeeAmount: ZMinorUnits,
  status: ZPurchaseStatus,
  paymentError: z.string().nullable(),
});

/** `GET /exports/transactions.csv` query: [from, to) and an optional currency. */
export const ZExportTransactionsQuery = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  currency: ZCurrency.optional(),
}).refine((q) => q.from < q.to, { message: '`from` must be before `to`', path: ['to'] });
