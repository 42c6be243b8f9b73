/** Prepaid credits: the public credit-pack request, support's grant and a license's credit movements. */
import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZPurchaseCreateInput } from '../finance/purchases.schema.ts';

/**
 * `POST /v1/credit-packs` (public, JSON): buy a credit pack for the license of `licenseKey`.
 * `packAmount` is one of the packs of the plugin's currency (creditPackAmountsFor), minor units.
 * Without `paymentMethod` the buyer pays on Stripe Checkout (`checkoutUrl` in the answer).
 */
export const ZCreditPackCreateInput = z.object({
  /** The license key (the signed JWT) whose license the credits are for. */
  licenseKey: zText({ min: 1, max: 4096 }),
  packAmount: ZMinorUnits.refine((n) => n > 0, 'packAmount must be positive'),
  paymentMethod: ZPurchaseCreateInput.shape.paymentMethod,
  successUrl: ZPurchaseCreateInput.shape.successUrl,
  cancelUrl: ZPurchaseCreateInput.shape.cancelUrl,
});
export type CreditPackCreateInput = z.infer<typeof ZCreditPackCreateInput>;

/** Why support grants credits: at least 5 characters, kept in the audit log and on the ledger posting. */
export const ZCreditGrantReason = zText({ min: 5, minMessage: 'Give a reason (at least 5 characters)', max: 1000, isMultiline: true });

/** `licenses.grantCredits`: `amount` minor units of the plugin's currency, 1 … maxCreditGrantFor(currency). */
export const ZLicenseGrantCreditsInput = z.object({
  licenseId: zId(),
  amount: ZMinorUnits.refine((n) => n >= 1, 'amount must be at least 1 minor unit'),
  reason: ZCreditGrantReason,
});
export type LicenseGrantCreditsInput = z.infer<typeof ZLicenseGrantCreditsInput>;

/** What moved a license's credits: a pack bought, credits used by usage, granted by support, refunded, or a refund that failed (back). */
export const CREDIT_MOVEMENT_KINDS = ['pack', 'use', 'grant', 'refund', 'refund_failure'] as const;
export const ZCreditMovementKind = z.enum(CREDIT_MOVEMENT_KINDS);
export type CreditMovementKind = z.infer<typeof ZCreditMovementKind>;

export const ZCreditMovement = z.object({
  /** The ledger transaction. */
  id: z.string(),
  kind: ZCreditMovementKind,
  /** Signed minor units: + credits added, − used or refunded. */
  amount: z.number().int(),
  currency: ZCurrency,
  occurredAt: z.date(),
  description: z.string(),
  purchaseId: z.string().nullable(),
});
export type CreditMovement = z.infer<typeof ZCreditMovement>;

/** `licenses.credits` and the answer of `licenses.grantCredits`: a license's credits now and their movements, newest first. */
export const ZLicenseCredits = z.object({
  licenseId: z.string(),
  /** The plugin's currency. */
  currency: ZCurrency,
  /** Σ of the license's CREDIT_LIABILITY entries, minor units. */
  balance: z.number().int(),
  /** What usage may draw: balance − credit refunds made and not posted yet, minor units. */
  available: z.number().int(),
  /** The most one grant may add, minor units (maxCreditGrantFor). */
  maxGrant: z.number().int(),
  /** The packs on sale in the currency, minor units (creditPackAmountsFor). */
  packs: z.array(z.number().int()),
  /** The latest 100 movements, newest first. */
  movements: z.array(ZCreditMovement),
});
export type LicenseCredits = z.infer<typeof ZLicenseCredits>;
