/**
 * The money rules of metered usage, pure (no I/O) so that the usage report (apps/api
 * modules/usage), validate's QUOTA_EXCEEDED and the console read the same answer:
 * how a report's quantity is covered (included units, then credits, then overage) and which
 * period a quota counts in.
 */

/** What coverUsage is asked: one report of `quantity` units against one quota of the license's tier. */
export interface CoverUsageInput {
  /** Units already counted against the quota this period (UsageCounter.used), ≥ 0. */
  used: number;
  /** Units reported now, ≥ 1. */
  quantity: number;
  /** The tier's included units per period (ZTierQuota.included), ≥ 0. */
  included: number;
  /** A hard quota refuses what neither the included units nor the credits cover. */
  isHard: boolean;
  /** Minor units per unit beyond `included` (ZTierQuota.overageUnitAmount), ≥ 0. */
  overageUnitAmount: number;
  /** The license's prepaid credits, minor units (creditBalanceOf), ≥ 0. */
  creditBalance: number;
  /** Whether overage can be billed: the license is on an active subscription (billed at the period end). */
  canBillOverage: boolean;
}

/** A report accepted: how its quantity splits; the parts sum to the quantity. Amounts in minor units. */
export interface UsageAccepted {
  accepted: true;
  includedQuantity: number;
  creditQuantity: number;
  /** creditQuantity × overageUnitAmount, drawn from the credits (≤ the balance). */
  creditAmount: number;
  overageQuantity: number;
  /** overageQuantity × overageUnitAmount, billed at the period end. */
  overageAmount: number;
}

/** A report refused (all or nothing): nothing is recorded. `remaining` = included units left this period. */
export interface UsageRefused {
  accepted: false;
  remaining: number;
}

/** Included units left this period: `included − used`, never below 0. */
export function remainingIncluded(used: number, included: number): number {
  return Math.max(0, included - used);
}

/** Whole units `creditBalance` minor units pay at `unitAmount` each (0 when a unit costs nothing: credits are not drawn for free units). */
export function unitsCreditsCanPay(creditBalance: number, unitAmount: number): number {
  return unitAmount > 0 ? Math.floor(Math.max(0, creditBalance) / unitAmount) : 0;
}

/**
 * How one usage report of `input.quantity` units is covered, all or nothing: first the included
 * units left (`included − used`), then the license's credits (whole units of
 * `overageUnitAmount` minor units each that `creditBalance` can pay — a unit is never split),
 * then overage at `overageUnitAmount` per unit, but only for a soft quota (`!isHard`) on a
 * license whose overage can be billed (`canBillOverage`: an active subscription). Otherwise the
 * report is refused and `remaining` says how many included units are left.
 * Integers in, integers out; the caller bounds quantity and unit price so that products stay
 * below 2^53 (1,000,000 × 100,000,000 = 10^14).
 */
export function coverUsage(input: CoverUsageInput): UsageAccepted | UsageRefused {
  const { used, quantity, included, isHard, overageUnitAmount, creditBalance, canBillOverage } = input;
  const remaining = remainingIncluded(used, included);
  const includedQuantity = Math.min(quantity, remaining);
  const beyond = quantity - includedQuantity;
  const creditQuantity = Math.min(beyond, unitsCreditsCanPay(creditBalance, overageUnitAmount));
  const overageQuantity = beyond - creditQuantity;
  if (overageQuantity > 0 && (isHard || !canBillOverage)) return { accepted: false, remaining };
  return {
    accepted: true, includedQuantity, creditQuantity, creditAmount: creditQuantity * overageUnitAmount, overageQuantity, overageAmount: overageQuantity * overageUnitAmount,
  };
}

/**
 * Whether a hard quota is spent: nothing included is left and the credits cannot pay one more
 * unit (validate answers QUOTA_EXCEEDED then). A soft quota is never spent (overage or refusal is
 * decided per report).
 */
export function isQuotaSpent(quota: { isHard: boolean; included: number; overageUnitAmount: number }, used: number, creditBalance: number): boolean {
  return quota.isHard && remainingIncluded(used, quota.included) === 0 && unitsCreditsCanPay(creditBalance, quota.overageUnitAmount) === 0;
}

/** A quota period: [start, end). */
export interface QuotaPeriod {
  start: Date;
  end: Date;
}

/**
 * The quota period at `now`: a subscription license's current billing period
 * [currentPeriodStart, currentPeriodEnd) when `subscriptionPeriod` is given and `now` is at or
 * after its start; every other license's, the UTC calendar month of `now`.
 * A subscription whose period ended and was not renewed yet keeps counting in that period, so
 * its usage is never split across a month boundary the bill does not know.
 */
export function quotaPeriodOf(now: Date, subscriptionPeriod?: { start: Date; end: Date } | null): QuotaPeriod {
  if (subscriptionPeriod && subscriptionPeriod.start <= now) return { start: subscriptionPeriod.start, end: subscriptionPeriod.end };
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}
