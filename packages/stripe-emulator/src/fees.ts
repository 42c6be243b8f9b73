/**
 * Money rules of the emulator, all in integer minor units of the charge's currency.
 *
 * Processing fee (the emulator's stand-in for Stripe's pricing, "2.9 % + 30¢"):
 *   fee = roundHalfUp(amount × percentBasisPoints / 10 000) + fixedMinorUnits
 * The fixed part is in minor units of whatever the currency is (30 = $0.30, ¥30, 0.030 KWD):
 * one rule for every currency, so tests can compute it. E.g. $10.00 → 29 + 30 = 59;
 * $0.50 → round(1.45) = 1 → 31; ¥1,000 → 29 + 30 = 59.
 *
 * Partial refunds (reverse_transfer, refund_application_fee): a refund of `a` on a charge of `C`
 * of which `R` was already refunded reverses this share of a total `T` (the transfer or the fee):
 *   share = roundHalfUp((R + a) × T / C) − roundHalfUp(R × T / C), at most what is left of T.
 * Each share is the refund's proportion of T within one minor unit, and the shares telescope:
 * a charge refunded in full, in any number of parts, reverses exactly T — no drift.
 * E.g. fee 123 on a 1,000 charge, refunds of 333 + 333 + 334 → fee refunds 41 + 41 + 41;
 * refunds of 500 + 500 → 62 + 61 (61.5 rounds up to 62, then 123 − 62).
 */
import { formatMoney } from '@marketdesk/shared';

export interface FeeSchedule {
  /** Percentage part in basis points (290 = 2.9 %). */
  percentBasisPoints: number;
  /** Fixed part per successful charge, in minor units of the charge's currency. */
  fixedMinorUnits: number;
  /** Dispute fee withdrawn with a chargeback (returned if the dispute is won), in minor units. */
  disputeFeeMinorUnits: number;
}

export const DEFAULT_FEES: FeeSchedule = { percentBasisPoints: 290, fixedMinorUnits: 30, disputeFeeMinorUnits: 1500 };

/** Stripe's ceiling for one amount: eight digits (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
export const MAX_AMOUNT = 99_999_999;

// Stripe's minimum charge amounts for the common currencies, in minor units (same source);
// currencies not listed accept any positive amount here.
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, nzd: 50, chf: 50, sgd: 50, hkd: 400, jpy: 50,
  dkk: 250, nok: 300, sek: 300, pln: 200, czk: 1500, huf: 17500, mxn: 1000, brl: 50, inr: 50,
};

/** Smallest chargeable amount in minor units for `currency`. */
export function minimumChargeAmount(currency: string): number {
  return MINIMUM_CHARGE[currency] ?? 1;
}

/** The processing fee in minor units for a successful charge of `amount` minor units. */
export function processingFee(amount: number, schedule: FeeSchedule): number {
  return roundHalfUpDivide(BigInt(amount) * BigInt(schedule.percentBasisPoints), 10_000n) + schedule.fixedMinorUnits;
}

/**
 * The part of `total` that goes with refunding `amount` of a charge of `whole` when
 * `alreadyRefunded` was refunded before (see the rule at the top), capped by `remaining`.
 */
export function proportionalShare(input: { amount: number; alreadyRefunded: number; whole: number; total: number; remaining: number }): number {
  const { amount, alreadyRefunded, whole, total } = input;
  const after = roundHalfUpDivide(BigInt(alreadyRefunded + amount) * BigInt(total), BigInt(whole));
  const before = roundHalfUpDivide(BigInt(alreadyRefunded) * BigInt(total), BigInt(whole));
  return Math.max(0, Math.min(after - before, input.remaining));
}

/** Formats minor units as Stripe writes amounts in messages, e.g. (1000, 'usd') → "$10.00", (12345, 'kwd') → "KWD 12.345". */
export function formatAmount(amount: number, currency: string): string {
  return formatMoney(amount, currency).replace(/\u00a0/g, ' ');
}

function roundHalfUpDivide(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
