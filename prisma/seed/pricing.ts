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

/** A tier of a seeded plugin, as a PluginTier row without its ids (ZPluginTier's fields). */
export interface SeedTier {
  key: 'free' | 'pro' | 'enterprise';
  name: string;
  /** Minor units of the plugin's currency, once or per month like the plugin; 0 for the free tier. */
  priceAmount: number;
  entitlements: string[];
  machineLimit: number;
  /** Days of a free trial (0: none). */
  trialDays: number;
  /** ZTierQuota[]: monthly quotas of the metric `api_calls`. */
  quotas: { metric: string; included: number; isHard: boolean; overageUnitAmount: number }[];
  sortOrder: number;
}

export interface CatalogPricing {
  pricingModel: 'FREE' | PricingModel;
  priceAmount: number;
  currency: string;
  billingInterval: 'month' | null;
  /** Cheapest first; empty for a plugin sold at its one price. */
  tiers: SeedTier[];
}

/** The metric the seeded tiers meter (plugin clients report it with POST /v1/licenses/usage). */
export const SEED_METRIC = 'api_calls';

/**
 * How the seed sells `packageName`, from other bytes of the same sha256 as
 * {@link priceForPackage} (whose outputs it keeps for every plugin it does not make free):
 * - 10 % of names are FREE (price 0, no billing interval; licensed without Stripe);
 * - 30 % of the paid ones have tiers, half free/pro/enterprise and half pro/enterprise: pro at
 *   the plugin's price, enterprise at 4 times it; entitlements core | + team-sync | + priority-support,
 *   sso; machine limits 1 / 3 / 25; a monthly `api_calls` quota of 1,000 (hard, free tier),
 *   20,000 (pro) and 200,000 (enterprise), soft with 1 minor unit per call beyond it for
 *   subscriptions and hard (credits can still pay, 1 minor unit per call) for one-time plugins;
 *   a subscription's pro tier has a 14-day trial.
 * Plugin.priceAmount of a tiered plugin is its pro tier's price.
 */
export function catalogPricingForPackage(packageName: string): CatalogPricing {
  const digest = createHash('sha256').update(packageName).digest();
  if (digest.readUInt32BE(12) % 10 === 0) return { pricingModel: 'FREE', priceAmount: 0, currency: priceForPackage(packageName).currency, billingInterval: null, tiers: [] };
  const price = priceForPackage(packageName);
  if (digest.readUInt32BE(16) % 10 >= 3) return { ...price, tiers: [] };
  const isSubscription = price.pricingModel === 'SUBSCRIPTION';
  const paidQuota = (included: number) => ({ metric: SEED_METRIC, included, isHard: !isSubscription, overageUnitAmount: 1 });
  const tiers: SeedTier[] = [];
  if (digest.readUInt32BE(20) % 2 === 0) {
    tiers.push({ key: 'free', name: 'Free', priceAmount: 0, entitlements: ['core'], machineLimit: 1, trialDays: 0, quotas: [{ metric: SEED_METRIC, included: 1_000, isHard: true, overageUnitAmount: 0 }], sortOrder: 0 });
  }
  tiers.push({ key: 'pro', name: 'Pro', priceAmount: price.priceAmount, entitlements: ['core', 'team-sync'], machineLimit: 3, trialDays: isSubscription ? 14 : 0, quotas: [paidQuota(20_000)], sortOrder: 1 });
  tiers.push({ key: 'enterprise', name: 'Enterprise', priceAmount: price.priceAmount * 4, entitlements: ['core', 'team-sync', 'priority-support', 'sso'], machineLimit: 25, trialDays: 0, quotas: [paidQuota(200_000)], sortOrder: 2 });
  return { ...price, tiers };
}
