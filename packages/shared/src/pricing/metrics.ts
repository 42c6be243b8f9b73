/**
 * Subscription and trial metrics finance reads beside the ledger (finance.pricingModels): pure
 * rules over rows, no I/O, so that the API, the console and the tests compute them one way.
 *
 * Definitions (the usual SaaS ones, stated here because each has variants):
 * - A subscription is **paying** from `payingSince` — the start of its first paid period (a
 *   trial's conversion; null while it never paid) — until `canceledAt`, the span
 *   [payingSince, canceledAt): paying at instant t when payingSince ≤ t and (canceledAt is null
 *   or t < canceledAt). Trials and incomplete first payments are not paying, so they are in
 *   neither MRR nor churn.
 * - **MRR** at t = Σ monthly price of the subscriptions paying at t, each at its tier's price
 *   (else its plugin's): a monthly price as is, a yearly one ÷ 12. The sum is taken in annual
 *   amounts and divided once, rounded half up, so twelve yearly subscriptions of 100 make 100.
 * - **Logo churn** of [from, to) = subscriptions paying at `from` and canceled by `to` ÷
 *   subscriptions paying at `from`. **Revenue churn** = the MRR of those canceled ÷ MRR at `from`.
 *   Subscriptions that start during the period are in neither (the base is fixed at its start),
 *   so paying at `to` = paying at `from` − canceled + started.
 * - **Trial conversion** of a period = trials CONVERTED in it ÷ (CONVERTED + EXPIRED in it);
 *   canceled trials are left out (the buyer stopped it, nothing was offered to convert).
 * Rates are fractions 0–1, or null when their base is 0 (nothing to divide by).
 */

/** A billing interval as plugins store it ("month" or "year"). */
export type BillingInterval = 'month' | 'year';

/** A subscription as the metrics read it: its price per interval in minor units, and its paying span. */
export interface SubscriptionSpan {
  /** Minor units per `interval`. */
  priceAmount: number;
  interval: BillingInterval;
  /** Start of the first paid period; null when it never paid (a lapsed trial, an incomplete payment). */
  payingSince: Date | null;
  canceledAt: Date | null;
}

/** Whether `subscription` is paying at instant `at` (see the definitions above). */
export function isPayingAt(subscription: Pick<SubscriptionSpan, 'payingSince' | 'canceledAt'>, at: Date): boolean {
  if (subscription.payingSince === null || subscription.payingSince > at) return false;
  return subscription.canceledAt === null || at < subscription.canceledAt;
}

/**
 * The monthly recurring revenue of `subscriptions`, minor units: Σ of their monthly prices (a
 * yearly price ÷ 12), summed as annual amounts and divided by 12 once, rounded half up.
 * @throws RangeError when a price is not a non-negative safe integer.
 */
export function monthlyRecurringRevenue(subscriptions: readonly Pick<SubscriptionSpan, 'priceAmount' | 'interval'>[]): number {
  let annual = 0;
  for (const { priceAmount, interval } of subscriptions) {
    if (!Number.isSafeInteger(priceAmount) || priceAmount < 0) throw new RangeError(`priceAmount must be a non-negative whole number of minor units, got ${priceAmount}`);
    annual += interval === 'year' ? priceAmount : priceAmount * 12;
  }
  return Math.floor((annual + 6) / 12);
}

/** `part` ÷ `base` as a fraction, or null when `base` is 0. */
function rateOf(part: number, base: number): number | null {
  return base > 0 ? part / base : null;
}

/** Trials CONVERTED ÷ (CONVERTED + EXPIRED) of a period; null when no trial ended in it. */
export function trialConversionRate(counts: { converted: number; expired: number }): number | null {
  return rateOf(counts.converted, counts.converted + counts.expired);
}

export interface ChurnFigures {
  /** Subscriptions paying at the period's start. */
  activeAtStart: number;
  /** Of those, canceled by `to` (not paying at `to`). */
  canceled: number;
  /** MRR at the start, minor units. */
  mrrAtStart: number;
  /** MRR of the canceled ones at the start, minor units. */
  canceledMrr: number;
  /** MRR at the period's end, minor units. */
  mrrAtEnd: number;
  /** Subscriptions paying at the period's end. */
  activeAtEnd: number;
  /** canceled ÷ activeAtStart, null without any. */
  logoChurnRate: number | null;
  /** canceledMrr ÷ mrrAtStart, null without MRR. */
  revenueChurnRate: number | null;
}

/**
 * MRR and churn of [`from`, `to`) over `subscriptions` (see the definitions above); amounts in
 * minor units of one currency.
 */
export function subscriptionMetrics(subscriptions: readonly SubscriptionSpan[], period: { from: Date; to: Date }): ChurnFigures {
  const atStart = subscriptions.filter((s) => isPayingAt(s, period.from));
  const churned = atStart.filter((s) => !isPayingAt(s, period.to));
  const atEnd = subscriptions.filter((s) => isPayingAt(s, period.to));
  const mrrAtStart = monthlyRecurringRevenue(atStart);
  const canceledMrr = monthlyRecurringRevenue(churned);
  return {
    activeAtStart: atStart.length, canceled: churned.length, mrrAtStart, canceledMrr,
    mrrAtEnd: monthlyRecurringRevenue(atEnd), activeAtEnd: atEnd.length,
    logoChurnRate: rateOf(churned.length, atStart.length), revenueChurnRate: rateOf(canceledMrr, mrrAtStart),
  };
}
