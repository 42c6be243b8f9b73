/**
 * Settlement currency and pending funds: what the platform's balance holds, and when.
 *
 * ## Settlement currency (currency conversion)
 * With `settlementCurrency` set (the platform account's `default_currency`), a charge in another
 * (presentment) currency settles in it, as Stripe converts funds an account cannot hold
 * (docs.stripe.com/currencies/conversions): the charge's balance transaction has
 * `currency = settlementCurrency`, `amount` converted and `exchange_rate` set — "if money was
 * converted from currency A to currency B, then the amount in currency A, times exchange_rate,
 * would be the amount in currency B" (docs.stripe.com/api/balance_transactions/object). The
 * Stripe fee is computed on, and charged in, the settled amount. What follows settles there too:
 * a destination charge's transfer and application fee (in the settlement currency, converted from
 * the PaymentIntent's amounts), their reversals and refunds (proportional shares of those), the
 * refund's and the dispute's balance transactions (converted; the Refund and Dispute objects keep
 * the charge's currency and amount), a refund failure (the refund's settled amount back).
 * Unset (the default), every charge settles in its own currency, as before.
 *
 * Rates are fixed (below), so amounts are deterministic; one rate serves a charge and its later
 * refunds and disputes (Stripe would use the rate of each moment). Conversion of `amount` minor
 * units: roundHalfUp(amount × usd(from) × 10^exp(to) / (usd(to) × 10^exp(from))), signs kept.
 *
 * ## Pending funds
 * With `availabilityDelaySeconds` > 0, a charge's funds become available `available_on` = created
 * + delay later (docs.stripe.com/api/balance_transactions/object: "the date that the
 * transaction's net funds become available in the Stripe balance"); until then they are `pending`
 * in the balance. A destination charge's transfer, the connected account's payment and the
 * application fee share the charge's `available_on`; a transfer reversal or fee refund made
 * before then gives back funds that are still pending, so it is pending until then too. Every
 * other balance transaction (a refund, its failure, a dispute, a payout) is available at once. Transfers without `source_transaction` and
 * payouts need available funds (`balance_insufficient`), as Stripe's balance says: "available
 * funds that you can transfer or pay out" (docs.stripe.com/api/balance/balance_object). Time moves
 * with the emulator's clock (`/_emulator/clock` advance_seconds). Default 0: funds available at once.
 */
import { currencyExponent } from '@marketdesk/shared';
import { invalidRequest } from './errors.ts';

/**
 * The emulator's fixed exchange rates: US dollars per major unit of each currency, in millionths
 * (1 EUR = 1.10 USD, ¥1 = 0.0067 USD). A charge in a currency missing here cannot settle in
 * another currency (400).
 */
export const USD_MICROS_PER_UNIT: Readonly<Record<string, number>> = Object.freeze({
  usd: 1_000_000, eur: 1_100_000, gbp: 1_250_000, chf: 1_120_000, cad: 730_000, aud: 650_000, nzd: 600_000, sgd: 740_000, hkd: 128_000,
  sek: 95_000, nok: 93_000, dkk: 147_000, pln: 250_000, mxn: 55_000, brl: 180_000, inr: 12_000,
  jpy: 6_700, krw: 750, clp: 1_050, vnd: 40, isk: 7_200, huf: 2_800, twd: 31_000, ugx: 270,
  kwd: 3_250_000, bhd: 2_650_000, jod: 1_410_000, omr: 2_600_000, tnd: 320_000,
});

export interface Settled {
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** null when nothing was converted. */
  exchangeRate: number | null;
}

/**
 * `amount` minor units of `currency` as they settle on a balance held in `settlementCurrency`
 * (null: in `currency` itself).
 * @throws StripeApiError 400 when either currency has no rate in USD_MICROS_PER_UNIT.
 */
export function settle(amount: number, currency: string, settlementCurrency: string | null): Settled {
  if (!settlementCurrency || settlementCurrency === currency) return { amount, currency, exchangeRate: null };
  const from = rateOf(currency);
  const to = rateOf(settlementCurrency);
  const numerator = BigInt(Math.abs(amount)) * BigInt(from) * 10n ** BigInt(currencyExponent(settlementCurrency));
  const denominator = BigInt(to) * 10n ** BigInt(currencyExponent(currency));
  const converted = Number((numerator * 2n + denominator) / (denominator * 2n));
  return { amount: Math.sign(amount) * converted, currency: settlementCurrency, exchangeRate: Number((from / to).toPrecision(6)) };
}

function rateOf(currency: string): number {
  const rate = USD_MICROS_PER_UNIT[currency];
  if (rate === undefined) throw invalidRequest(`The Stripe emulator has no exchange rate for ${currency.toUpperCase()}, so it cannot settle it in another currency.`, { param: 'currency' });
  return rate;
}
