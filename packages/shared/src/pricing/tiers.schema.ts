/**
 * The pricing vocabulary shared by the API, the console, the emulator-facing code and the seed:
 * how a plugin is sold (pricing model), its tiers and their monthly quotas, what a purchase paid
 * for (purchase kind) and the revenue stream of a ledger entry.
 */
import { z } from 'zod';

/** How a plugin is sold: FREE (licensed, no payment), ONE_TIME (paid once), SUBSCRIPTION (paid per period). */
export const PRICING_MODELS = ['FREE', 'ONE_TIME', 'SUBSCRIPTION'] as const;
export const ZPricingModel = z.enum(PRICING_MODELS);
export type PricingModel = z.infer<typeof ZPricingModel>;

/** What a purchase paid for (Purchase.kind). */
export const PURCHASE_KINDS = ['ONE_TIME', 'SUBSCRIPTION', 'OVERAGE', 'CREDIT_PACK'] as const;
export const ZPurchaseKind = z.enum(PURCHASE_KINDS);
export type PurchaseKind = z.infer<typeof ZPurchaseKind>;

/** The revenue line of a ledger entry (LedgerEntry.stream): finance's revenue by pricing model. */
export const REVENUE_STREAMS = ['ONE_TIME', 'SUBSCRIPTION', 'OVERAGE', 'CREDITS_SOLD', 'CREDITS_USED', 'CREDITS_GRANTED'] as const;
export const ZRevenueStream = z.enum(REVENUE_STREAMS);
export type RevenueStream = z.infer<typeof ZRevenueStream>;

/** A plugin's tiers, cheapest first. */
export const TIER_KEYS = ['free', 'pro', 'enterprise'] as const;
export const ZTierKey = z.enum(TIER_KEYS, { error: 'tier must be one of free, pro, enterprise' });
export type TierKey = z.infer<typeof ZTierKey>;

/** A metric name a plugin client reports usage of: 1–64 characters of a–z, 0–9, `.`, `_`, `-`, starting with a letter (e.g. "api_calls"). */
export const ZMetricName = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'metric must be 1–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter');

/**
 * One monthly quota of a tier: `included` units of `metric` per quota period. Beyond them, a hard
 * quota (`isHard`) refuses usage once the license's credits cannot pay for it; a soft one bills
 * overage at `overageUnitAmount` minor units per unit (credits first, then an OVERAGE charge at
 * the period end, subscriptions only). `overageUnitAmount` 0 with `isHard`: no paid usage at all.
 */
export const ZTierQuota = z.object({
  metric: ZMetricName,
  included: z.number().int().min(0).max(1_000_000_000),
  isHard: z.boolean(),
  /** Minor units of the plugin's currency per unit beyond `included`. */
  overageUnitAmount: z.number().int().min(0).max(100_000_000),
});
export type TierQuota = z.infer<typeof ZTierQuota>;
export const ZTierQuotas = z.array(ZTierQuota).max(20).refine((quotas) => new Set(quotas.map((q) => q.metric)).size === quotas.length, 'quotas: each metric at most once');

/** A tier as the console and the public API show it. */
export const ZPluginTier = z.object({
  id: z.string(),
  key: ZTierKey,
  name: z.string(),
  /** Minor units of `currency`, once or per period; 0 for a free tier. */
  priceAmount: z.number().int(),
  currency: z.string(),
  entitlements: z.array(z.string()),
  machineLimit: z.number().int(),
  trialDays: z.number().int(),
  quotas: z.array(ZTierQuota),
});
export type PluginTier = z.infer<typeof ZPluginTier>;
