/**
 * Amounts Stripe accepts beyond "an integer number of minor units": a few currencies only take
 * multiples of 10 or 100 minor units, for every money movement or only for payouts.
 *
 * Sources (docs.stripe.com/currencies, stored copies read 2026; support.stripe.com):
 * - Three-decimal currencies (BHD JOD KWD OMR TND), https://docs.stripe.com/currencies#three-decimal:
 *   "The API supports three-decimal currencies for the standard payment flows, including Payment
 *   Intents, Refunds, and Disputes. However, to ensure compatibility with Stripe's payments
 *   partners, these API calls require the least-significant (last) digit to be 0. Your
 *   integration must round amounts to the nearest ten. For example, 5.124 KWD must be rounded to
 *   5120 or 5130." Transfers are not named there, and Stripe's own transfer reversals and
 *   application-fee refunds (proportional shares of a refund) end in any digit, so transfers,
 *   transfer reversals and fee refunds take any integer; payouts are held to the step.
 * - ISK, https://docs.stripe.com/currencies#special-cases: "ISK becomes a zero-decimal currency
 *   […] To maintain backwards compatibility, you must pass in amounts with two decimals. The
 *   amount value must be evenly divisible by 100 […] to charge 5 ISK, provide an amount value of
 *   500." And https://support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds:
 *   "the Stripe API will enforce that all amounts in ISK are stated in multiples of 100", "in all
 *   contexts", refunds included, refused with `invalid_charge_amount_no_decimal_compatible`.
 * - UGX, same special cases: "UGX became a zero-decimal currency, but backwards compatibility
 *   requires you to represent it as a two-decimal value, where the decimal amount is always 00.
 *   To charge 5 UGX, provide an amount value of 500." Stripe refuses other amounts with
 *   "Invalid amount. Currency UGX has become effectively zero-decimal and charged amounts must be
 *   evenly divisible by 100." (so {@link currencyExponent} gives UGX two decimals, as the API does).
 * - HUF and TWD, same special cases: "Stripe treats HUF as a zero-decimal currency for payouts,
 *   even though you can charge two-decimal amounts. When you create a manual payout in HUF, only
 *   integer amounts that are evenly divisible by 100 are allowed. For example, if you have an
 *   available balance of HUF 10.45, you can pay out HUF 10 by submitting 1000 for the amount
 *   value." TWD has the same payout rule.
 */
import type { z } from 'zod';
import { currencyExponent, toMajorString } from './currency.ts';

/** What an amount is for at Stripe: a charge (PaymentIntent), a refund, a transfer (or transfer reversal, application fee refund), a payout. */
export const STRIPE_AMOUNT_USES = ['charge', 'refund', 'transfer', 'payout'] as const;
export type StripeAmountUse = (typeof STRIPE_AMOUNT_USES)[number];

/** Step in minor units for every use, keyed by lowercase ISO 4217 code (see the file's sources). */
const STEP_ALWAYS: Readonly<Record<string, number>> = Object.freeze({ isk: 100, ugx: 100 });
/** Step in minor units for charges, refunds and payouts (not transfers): the three-decimal currencies' last digit is 0. */
const STEP_NOT_TRANSFERS: Readonly<Record<string, number>> = Object.freeze({ bhd: 10, jod: 10, kwd: 10, omr: 10, tnd: 10 });
/** Step in minor units for payouts only: HUF and TWD charge in two decimals but pay out whole units. */
const STEP_PAYOUT: Readonly<Record<string, number>> = Object.freeze({ huf: 100, twd: 100 });

/**
 * The step, in minor units, that an amount of `currency` (case-insensitive ISO 4217 code) used
 * for `use` must be a multiple of at Stripe: 10 for three-decimal currencies' charges, refunds
 * and payouts (the last digit is 0), 100 for ISK and UGX (whole units in a two-decimal representation) and for HUF and TWD
 * payouts, else 1. E.g. ("kwd", "refund") → 10, ("huf", "charge") → 1, ("HUF", "payout") → 100.
 * Never throws. Sources: this file's header.
 */
export function amountStepFor(currency: string, use: StripeAmountUse): number {
  const code = currency.toLowerCase();
  if (Object.hasOwn(STEP_ALWAYS, code)) return STEP_ALWAYS[code]!;
  if (use !== 'transfer' && Object.hasOwn(STEP_NOT_TRANSFERS, code)) return STEP_NOT_TRANSFERS[code]!;
  if (use === 'payout' && Object.hasOwn(STEP_PAYOUT, code)) return STEP_PAYOUT[code]!;
  return 1;
}

/**
 * `amount` (minor units) rounded down to a multiple of {@link amountStepFor}, e.g.
 * (12345, "kwd", "refund") → 12340 and (1045, "huf", "payout") → 1000: the most that can be
 * sent, e.g. when paying out a whole balance. Rounds toward zero for negative amounts.
 */
export function roundDownToAmountStep(amount: number, currency: string, use: StripeAmountUse): number {
  const step = amountStepFor(currency, use);
  return amount - (amount % step) || 0;
}

/**
 * Null when Stripe accepts `amount` (integer minor units) of `currency` for `use`, else a
 * message for people naming the rule and the two nearest accepted amounts, e.g. (12345, "kwd",
 * "refund") → "KWD amounts must end in 0: 12.345 KWD is not accepted by Stripe; use 12.340 or
 * 12.350", (150, "isk", "charge") → "ISK amounts must be whole ISK: 1.50 ISK is not accepted by
 * Stripe; use 1.00 or 2.00". Only the step is checked: a non-integer, a non-positive amount, the
 * minimum and the maximum are other rules' business (ZMinorUnits, MAX_AMOUNT, minimumChargeAmount),
 * so they give null here. Never throws. Sources: this file's header.
 */
export function checkStripeAmount(amount: number, currency: string, use: StripeAmountUse): string | null {
  const step = amountStepFor(currency, use);
  if (step === 1 || !Number.isSafeInteger(amount) || amount <= 0 || amount % step === 0) return null;
  const code = currency.toUpperCase();
  const subject = amountStepFor(currency, 'charge') === step ? `${code} amounts` : `${code} ${use}s`;
  const rule = step === 10 ? 'must end in 0' : `must be whole ${code}`;
  const lower = roundDownToAmountStep(amount, currency, use);
  const nearest = [lower, lower + step].filter((candidate) => candidate > 0).map((candidate) => toMajorString(candidate, currency));
  return `${subject} ${rule}: ${toMajorString(amount, currency)} ${code} is not accepted by Stripe; use ${nearest.join(' or ')}`;
}

/**
 * A zod refinement for an object carrying `amount` (minor units) and `currency`: adds
 * {@link checkStripeAmount}'s message as an issue on the path `[field]` (default "amount").
 * Use with `.superRefine(refineStripeAmount('refund'))`, so that the currency is known.
 */
export function refineStripeAmount(use: StripeAmountUse, field = 'amount') {
  return (value: { amount: number; currency: string }, ctx: z.RefinementCtx): void => {
    const message = checkStripeAmount(value.amount, value.currency, use);
    if (message) ctx.addIssue({ code: 'custom', message, path: [field] });
  };
}

/** Decimal places a person may type for `currency` and `use`: the exponent less the step's zeros (KWD refunds: 2; ISK: 0; USD: 2). */
export function typedDecimalsFor(currency: string, use: StripeAmountUse): number {
  return currencyExponent(currency) - Math.round(Math.log10(amountStepFor(currency, use)));
}
