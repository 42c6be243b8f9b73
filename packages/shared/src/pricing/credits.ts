/**
 * Prepaid credits: the packs a buyer may buy for a license, the cap on support's grants, and how
 * much of a credit pack can still be refunded. Pure rules, shared by the API (POST
 * /v1/credit-packs, refunds, licenses.grantCredits) and the console (the pack ladder, the grant
 * form). Every amount is integer minor units of the plugin's currency (packages/shared money).
 */
import { currencyExponent, toMinorUnits } from '../money/currency.ts';

/**
 * The credit packs of a currency, in major units: 5 / 10 / 50 of the currency, except where five
 * units buy next to nothing — the zero-decimal currencies priced in hundreds (JPY ¥500 / ¥1,000 /
 * ¥5,000, KRW ₩5,000 / ₩10,000 / ₩50,000, …) have their own ladder. Stripe's minimum charge
 * (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts) is below the smallest pack in
 * each: $0.50, ¥50, ₩500.
 */
const MAJOR_LADDERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  jpy: ['500', '1000', '5000'],
  krw: ['5000', '10000', '50000'],
  clp: ['5000', '10000', '50000'],
  vnd: ['100000', '200000', '1000000'],
  huf: ['2000', '4000', '20000'],
});
const DEFAULT_LADDER = ['5', '10', '50'] as const;

/**
 * The credit packs on sale in `currency` (lowercase ISO 4217), smallest first, in minor units:
 * e.g. usd → [500, 1000, 5000], jpy → [500, 1000, 5000], kwd → [5000, 10000, 50000].
 */
export function creditPackAmountsFor(currency: string): number[] {
  const code = currency.toLowerCase();
  return (MAJOR_LADDERS[code] ?? DEFAULT_LADDER).map((major) => toMinorUnits(major, code));
}

/** True when `amount` (minor units) is one of the packs of `currency`. */
export function isCreditPackAmount(amount: number, currency: string): boolean {
  return creditPackAmountsFor(currency).includes(amount);
}

/** How many of the largest pack one grant may add at most (see maxCreditGrantFor). */
export const CREDIT_GRANT_CAP_IN_PACKS = 20;

/**
 * The most support may grant at once in `currency`, minor units: 20 of the currency's largest
 * pack — $1,000 (100,000 minor units) in USD and EUR, ¥100,000 in JPY, 1,000 KWD (1,000,000 minor
 * units) — so a typo of a few zeros is refused, whatever the currency's exponent.
 */
export function maxCreditGrantFor(currency: string): number {
  const packs = creditPackAmountsFor(currency);
  return packs[packs.length - 1]! * CREDIT_GRANT_CAP_IN_PACKS;
}

/** Input of {@link creditPackRefundable}; minor units of the pack's currency. */
export interface CreditPackRefundableInput {
  /** What the purchase itself has left to refund (refundableAmount: captured − refunded, 0 when charged back), ≥ 0. */
  purchaseRefundable: number;
  /** The license's credit balance (Σ of its CREDIT_LIABILITY entries); may be below 0 only by a data error. */
  creditBalance: number;
  /** Refunds of the license's credit packs made but not yet posted to the ledger (reserved), ≥ 0. */
  pendingCreditRefunds: number;
}

/**
 * What can still be refunded of a credit pack, minor units: only unused credits go back, so the
 * least of what the purchase has left and the license's available credits (balance − refunds
 * reserved and not posted yet), never below 0. Credits used are revenue recognised; refunding
 * them would refund revenue, which a refund of a plugin sale does instead.
 * E.g. pack 1,000 with 300 used, no pending refund → 700; then a refund of 200 pending → 500.
 * @throws RangeError naming the field when a field is not a safe integer, or
 *   purchaseRefundable / pendingCreditRefunds is negative.
 */
export function creditPackRefundable(input: CreditPackRefundableInput): number {
  const { purchaseRefundable, creditBalance, pendingCreditRefunds } = input;
  for (const [name, value] of Object.entries(input)) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer number of minor units; got ${String(value)}`);
  }
  if (purchaseRefundable < 0) throw new RangeError(`purchaseRefundable must not be negative; got ${purchaseRefundable}`);
  if (pendingCreditRefunds < 0) throw new RangeError(`pendingCreditRefunds must not be negative; got ${pendingCreditRefunds}`);
  return Math.max(0, Math.min(purchaseRefundable, creditBalance - pendingCreditRefunds));
}

/**
 * The least a creator's share of used credits is transferred in, minor units of `currency`: one
 * major unit of a two- or three-decimal currency (100 in USD = $1, 1,000 in KWD = 1 KWD), 100 of a
 * zero-decimal one (¥100), so a transfer is never made for a few cents — the rest waits for more use.
 */
export function minimumCreditShareTransfer(currency: string): number {
  return currencyExponent(currency) === 0 ? 100 : 10 ** currencyExponent(currency);
}
