/**
 * Proration of a subscription's tier change and the renewal charge after it: pure money rules
 * shared by the API (the charge, the credit) and the console (the preview), so both agree to the
 * minor unit.
 *
 * Source: Stripe's documented proration (docs.stripe.com/billing/subscriptions/prorations): a
 * change mid-period gives a credit for the unused time on the old price and a charge for the
 * remaining time on the new price, each prorated to the second; an upgrade's net is charged now,
 * a downgrade's net credit goes to the customer balance and is taken off the next invoice.
 * Stripe's minimum charge amount (packages/shared money: minimumChargeAmount): an amount below it
 * is not charged but carried on the customer balance to the next invoice.
 */
import { AppError } from '../errors.ts';
import { amountStepFor, minimumChargeAmount } from '../money/index.ts';

export interface TierChangeInput {
  /** The old tier's price per period, minor units of `currency` (≥ 0). */
  oldAmount: number;
  /** The new tier's price per period, minor units of `currency` (≥ 0). */
  newAmount: number;
  periodStart: Date;
  periodEnd: Date;
  /** When the change takes effect, within [periodStart, periodEnd]. */
  changeAt: Date;
  /** ISO 4217 code, any case. */
  currency: string;
}

export interface TierChangeProration {
  /** Credit for the unused time on the old price, minor units (0 ≤ unusedCredit ≤ oldAmount). */
  unusedCredit: number;
  /** Charge for the remaining time on the new price, minor units (0 ≤ remainingCharge ≤ newAmount). */
  remainingCharge: number;
  /** remainingCharge − unusedCredit: > 0 an upgrade's amount charged now, < 0 a downgrade's credit to the next renewal. */
  net: number;
}

/** a / b rounded half away from zero, for integers with b > 0 (exact while |a| ≤ 2^53). */
function roundDiv(a: number, b: number): number {
  const q = Math.trunc(a / b);
  const r = a - q * b;
  if (2 * Math.abs(r) >= b) return q + Math.sign(a);
  return q;
}

const SECOND_MS = 1000;

/**
 * The proration of a tier change at `changeAt` in the period [periodStart, periodEnd): with
 * r = whole seconds from changeAt to periodEnd and T = whole seconds of the period,
 * remainingCharge = round(newAmount · r / T), net = round((newAmount − oldAmount) · r / T) and
 * unusedCredit = remainingCharge − net (≈ round(oldAmount · r / T), within one minor unit). Net
 * is rounded once, on the difference, so that it is monotone in time and |net| ≤ |new − old|;
 * roundings are half away from zero, to Stripe's charge step of the currency (amountStepFor:
 * 10 for three-decimal currencies, 100 for ISK and UGX). E.g. 1000 → 3000 usd half-way through
 * the period: { unusedCredit: 500, remainingCharge: 1500, net: 1000 }.
 * @throws AppError INVALID_INPUT (field `amount`) for a negative or non-integer amount, (field
 *   `changeAt`) when changeAt is outside [periodStart, periodEnd] or the period is empty.
 */
export function prorateTierChange(input: TierChangeInput): TierChangeProration {
  const { oldAmount, newAmount, periodStart, periodEnd, changeAt, currency } = input;
  for (const amount of [oldAmount, newAmount]) {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new AppError('INVALID_INPUT', { message: `amount: ${amount} is not a non-negative whole number of minor units`, field: 'amount' });
  }
  const period = Math.floor((periodEnd.getTime() - periodStart.getTime()) / SECOND_MS);
  const remaining = Math.floor((periodEnd.getTime() - changeAt.getTime()) / SECOND_MS);
  if (period <= 0 || changeAt.getTime() < periodStart.getTime() || changeAt.getTime() > periodEnd.getTime()) {
    throw new AppError('INVALID_INPUT', { message: `changeAt: ${changeAt.toISOString()} is outside the period [${periodStart.toISOString()}, ${periodEnd.toISOString()})`, field: 'changeAt' });
  }
  const r = Math.min(remaining, period);
  const step = amountStepFor(currency, 'charge');
  const prorate = (amount: number) => roundDiv(amount * r, period * step) * step || 0; // || 0: never −0
  const remainingCharge = prorate(newAmount);
  const net = prorate(newAmount - oldAmount);
  return { unusedCredit: remainingCharge - net, remainingCharge, net };
}

export interface RenewalAmount {
  /** Charged on the card for the period, minor units: 0, or at least Stripe's minimum charge. */
  charge: number;
  /** Taken from the proration credit: tierPrice − charge (more than the credit when a tiny rest is carried). */
  creditUsed: number;
  /** The credit after the renewal: prorationCredit − creditUsed; negative when a rest below the minimum charge is carried to the next renewal. */
  creditLeft: number;
}

/**
 * What a renewal at `tierPrice` (minor units of `currency`, ≥ 0) charges when the subscription
 * holds `prorationCredit` (minor units; positive: owed to the buyer by a downgrade; negative: a
 * rest owed by the buyer, carried from before). The credit pays first; a rest below Stripe's
 * minimum charge of the currency is not charged but carried (creditLeft < 0), as Stripe carries
 * an invoice total below the minimum to the customer balance (docs.stripe.com/billing/customer/balance;
 * minimums: docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). Invariants:
 * charge + creditUsed = tierPrice, creditLeft = prorationCredit − creditUsed, charge ≥ 0.
 * E.g. (2000, 700, usd) → { charge: 1300, creditUsed: 700, creditLeft: 0 };
 * (500, 700) → { charge: 0, creditUsed: 500, creditLeft: 200 }; (2000, 1980, usd) → { charge: 0, creditUsed: 2000, creditLeft: −20 }.
 * @throws AppError INVALID_INPUT (field `tierPrice` / `prorationCredit`) for a negative or non-integer price or a non-integer credit.
 */
export function renewalAmount(input: { tierPrice: number; prorationCredit: number; currency: string }): RenewalAmount {
  const { tierPrice, prorationCredit, currency } = input;
  if (!Number.isSafeInteger(tierPrice) || tierPrice < 0) throw new AppError('INVALID_INPUT', { message: `tierPrice: ${tierPrice} is not a non-negative whole number of minor units`, field: 'tierPrice' });
  if (!Number.isSafeInteger(prorationCredit)) throw new AppError('INVALID_INPUT', { message: `prorationCredit: ${prorationCredit} is not a whole number of minor units`, field: 'prorationCredit' });
  const due = tierPrice - prorationCredit;
  const charge = due >= minimumChargeAmount(currency) ? due : 0;
  const creditUsed = tierPrice - charge;
  return { charge, creditUsed, creditLeft: prorationCredit - creditUsed };
}
