/**
 * Deterministic demo prices: the same package name always gets the same price, on every
 * machine and every run, so that seeded data, screenshots and tests agree.
 */
import { createHash } from 'node:crypto';
import { toMinorUnits } from '@marketdesk/shared/money';

export type PricingModel = 'ONE_TIME' | 'SUBSCRIPTION';

export interface PluginPrice {
  pricingModel: PricingModel;
  /** Minor units of `currency` (cents for usd; whole yen for jpy, a zero-decimal currency). */
  priceAmount: number;
  /** Lowercase ISO 4217 code. */
  currency: string;
  /** "month" for subscriptions, null for one-time purchases. */
  billingInterval: 'month' | null;
}

/** Price points in major units; yen has its own ladder since ¥9 is not a price anyone charges. */
const LADDER_MAJOR: Record<string, readonly number[]> = {
  usd: [5, 9, 15, 19, 29, 49],
  eur: [5, 9, 15, 19, 29, 49],
  gbp: [4, 8, 12, 16, 24, 39],
  jpy: [800, 1400, 2300, 2900, 4500, 7500],
};

/**
 * The demo price of `packageName`, from bytes of its sha256: one of six price points,
 * currency usd for 85 % of names and eur, gbp, jpy for 5 % each, SUBSCRIPTION (monthly) for
 * 20 % and ONE_TIME otherwise. Amounts are minor units per Stripe's currency table.
 */
export function priceForPackage(packageName: string): PluginPrice {
  const digest = createHash('sha256').update(packageName).digest();
  const currencyPick = digest.readUInt32BE(4) % 20;
  const currency = currencyPick === 0 ? 'eur' : currencyPick === 1 ? 'gbp' : currencyPick === 2 ? 'jpy' : 'usd';
  const ladder = LADDER_MAJOR[currency]!;
  const major = ladder[digest.readUInt32BE(0) % ladder.length]!;
  const isSubscription = digest.readUInt32BE(8) % 5 === 0;
  return {
    pricingModel: isSubscription ? 'SUBSCRIPTION' : 'ONE_TIME',
    priceAmount: toMinorUnits(String(major), currency),
    currency,
    billingInterval: isSubscription ? 'month' : null,
  };
}
