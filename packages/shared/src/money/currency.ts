/**
 * Money as integer minor units plus a lowercase ISO 4217 code, as Stripe represents it.
 * Exponents follow Stripe's currency table (docs.stripe.com/currencies: "Zero-decimal
 * currencies" and "Three-decimal currencies"); every other supported currency has two.
 * Exponents are those of Stripe's API, not of ISO 4217 or of the zero-decimal list: ISK and UGX
 * are whole units in practice but two-decimal in the API (500 is 5 ISK, 500 is 5 UGX), per the
 * page's "Special cases"; the amounts Stripe then accepts are in ./stripe-amounts.ts.
 * Amount limits follow the same page ("Minimum and maximum charge amounts").
 */
import { z } from 'zod';

// Stripe's zero-decimal list also names UGX, but its "Special cases" require UGX amounts with two
// decimals ("To charge 5 UGX, provide an amount value of 500"): the API representation wins.
const ZERO_DECIMAL = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** A lowercase three-letter ISO 4217 code, e.g. "usd". Upper case input is lowercased. */
export const ZCurrency = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, 'Currency must be a three-letter ISO 4217 code, e.g. "usd"');

/** An amount in minor units: a safe integer (no fractions of a minor unit). */
export const ZMinorUnits = z.number().int('Amount must be a whole number of minor units').refine(Number.isSafeInteger, 'Amount is too large');

/** Number of digits after the decimal point for `currency` (0, 2 or 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * Converts a major-unit decimal string ("12.34", "1000") to minor units for `currency`.
 * @throws RangeError when the string is not a plain decimal or has more decimals than the
 *   currency allows (a fraction of a minor unit), e.g. "1.5" JPY or "1.234" USD.
 */
export function toMinorUnits(major: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(major.trim());
  if (!match) throw new RangeError(`"${major}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`${currency.toUpperCase()} allows ${exponent} decimal places; "${major}" has ${fraction.length}`);
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${major}" is too large`);
  return sign === '-' ? -minor : minor;
}

/** Formats minor units as a major-unit decimal string without symbols, e.g. (1234, "usd") → "12.34". */
export function toMajorString(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Formats minor units for people, e.g. (123456, "usd", "en-US") → "$1,234.56". */
export function formatMoney(minor: number | bigint, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats numbers; a string keeps precision beyond 2^53 for bigint ledgers.
  return format.format(toMajorString(minor, currency) as unknown as number);
}

/**
 * Stripe's ceiling for one amount, in minor units of any currency: eight digits, i.e.
 * 99,999,999 (999,999.99 USD, ¥99,999,999, 99,999.999 KWD).
 * Source: https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 */
export const MAX_AMOUNT = 99_999_999;

/**
 * Stripe's minimum charge amounts for the common currencies, in minor units, keyed by lowercase
 * ISO 4217 code (e.g. usd: 50 = $0.50, jpy: 50 = ¥50, hkd: 400 = HK$4.00).
 * Source: https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
 * Currencies not listed accept any positive amount (see {@link minimumChargeAmount}).
 */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = Object.freeze({
  usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, nzd: 50, chf: 50, sgd: 50, hkd: 400, jpy: 50,
  dkk: 250, nok: 300, sek: 300, pln: 200, czk: 1500, huf: 17500, mxn: 1000, brl: 50, inr: 50,
});

/**
 * Smallest chargeable amount in minor units for `currency` (case-insensitive ISO 4217 code):
 * the {@link MINIMUM_CHARGE} entry, or 1 for a currency not in that table.
 * E.g. ("usd") → 50, ("JPY") → 50, ("kwd") → 1. Never throws.
 */
export function minimumChargeAmount(currency: string): number {
  const code = currency.toLowerCase();
  return Object.hasOwn(MINIMUM_CHARGE, code) ? MINIMUM_CHARGE[code]! : 1;
}
