/**
 * Reconciliation with its differences (`finance.reconciliation`) and one ledger transaction with
 * its entries (`finance.ledgerTransaction`), the drill-down of a difference. Amounts are signed
 * minor units of the period's currency; a balance transaction's `net` and a ledger transaction's
 * platform net (Σ STRIPE_BALANCE + Σ PLATFORM_FEES + Σ CREDIT_LIABILITY of its entries) are the figures compared.
 */
import { z } from 'zod';
import { zId } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';

/** Why a row is a difference: Stripe moved money the ledger did not post, posted another amount or in another period, or the ledger posted what Stripe did not move. */
export const ZReconciliationDifferenceKind = z.enum(['MISSING_IN_LEDGER', 'AMOUNT_DIFFERS', 'OTHER_PERIOD_IN_LEDGER', 'MISSING_AT_STRIPE']);
export type ReconciliationDifferenceKind = z.infer<typeof ZReconciliationDifferenceKind>;

/** Where the console shows the Stripe object: the purchase it belongs to, when we have it. */
export const ZReconciliationLink = z.object({ purchaseId: z.string().nullable() });

export const ZReconciliationDifference = z.object({
  kind: ZReconciliationDifferenceKind,
  /** Stripe's side: the balance transaction (txn_…), its type and `source` (ch_, re_, dp_, tr_, trr_, fee_, fr_ …), net and creation time; null when Stripe has none. */
  stripe: z.object({ balanceTransactionId: z.string(), type: z.string(), sourceId: z.string().nullable(), net: ZMinorUnits, created: z.date() }).nullable(),
  /** The ledger's side: the transaction posting it (externalKey, e.g. "refund:re_…") and its platform net; null when the ledger has none. */
  ledger: z.object({ id: z.string(), externalKey: z.string(), kind: z.string(), platformNet: ZMinorUnits, occurredAt: z.date() }).nullable(),
  /** The ledger key Stripe's object should be posted under (null for a type with no posting rule, or a ledger-only row). */
  expectedKey: z.string().nullable(),
  /** ledger − Stripe, minor units (a missing side counts 0). */
  difference: ZMinorUnits,
  link: ZReconciliationLink,
});
export type ReconciliationDifference = z.infer<typeof ZReconciliationDifference>;

export const ZReconciliationOutput = z.object({
  currency: ZCurrency,
  from: z.date(),
  to: z.date(),
  /** Σ platform net of the ledger transactions dated in the period. */
  ledgerPlatformNet: ZMinorUnits,
  /** Σ net of the platform's balance transactions created in the period (its own payouts left out). */
  stripePlatformNet: ZMinorUnits,
  difference: ZMinorUnits,
  /** Per Stripe balance-transaction type (a ledger kind counts under the type it posts: payment → charge, dispute → adjustment …). */
  byType: z.array(z.object({ type: z.string(), stripeCount: z.number().int(), stripeNet: ZMinorUnits, ledgerCount: z.number().int(), ledgerNet: ZMinorUnits })),
  /** Every difference, oldest first. */
  differences: z.array(ZReconciliationDifference),
  /** True when there is no difference at all (the totals then agree too). */
  isReconciled: z.boolean(),
});

export const ZLedgerTransactionInput = z.object({ id: zId() });
export const ZLedgerTransactionOutput = z.object({
  id: z.string(),
  externalKey: z.string(),
  kind: z.string(),
  description: z.string(),
  purchaseId: z.string().nullable(),
  occurredAt: z.date(),
  createdAt: z.date(),
  /** Signed minor units: + flowed into the account, − out of it (see the ledger's sign convention). */
  entries: z.array(z.object({
    accountType: z.string(),
    amount: ZMinorUnits,
    currency: ZCurrency,
    creatorId: z.string().nullable(),
    creatorName: z.string().nullable(),
    pluginId: z.string().nullable(),
    pluginName: z.string().nullable(),
  })),
});
