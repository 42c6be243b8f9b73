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

export const ZPurchaseStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED']);

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
