/**
 * A plugin's pricing as the console edits it and the public API shows it: its tiers
 * (free / pro / enterprise), and the answer of a free license issued without a payment.
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZPluginTier, ZPricingModel, ZTierKey, ZTierQuotas } from './tiers.schema.ts';

/** Most tiers a plugin has: one per key (free, pro, enterprise). */
export const MAX_TIERS = 3;
/** Machines a tier's license may activate: 1–100. */
export const TIER_MACHINE_LIMIT = { min: 1, max: 100 } as const;
/** Days of a tier's free trial: 0 (none) to 30. */
export const TIER_TRIAL_DAYS = { min: 0, max: 30 } as const;

/** An entitlement (a feature a license carries), e.g. `plugin.use`, `export.pdf`: 1–64 of a–z, 0–9, `.`, `_`, `-`, starting with a letter. */
export const ZEntitlement = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'entitlement must be 1–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter');

/** One tier as the creator saves it; its currency is the plugin's. */
export const ZTierInput = z.object({
  key: ZTierKey,
  name: zText({ min: 1, max: 60 }),
  /** Minor units of the plugin's currency, once or per period: 0 for the `free` tier only, more than 0 for the others. */
  priceAmount: z.number().int().min(0, 'must be 0 or more').max(100_000_000, 'must be at most 100000000'),
  entitlements: z.array(ZEntitlement).min(1, 'must name at least one entitlement').max(30, 'must be at most 30 entitlements').refine((e) => new Set(e).size === e.length, 'each entitlement at most once'),
  machineLimit: z.number().int().min(TIER_MACHINE_LIMIT.min, `must be ${TIER_MACHINE_LIMIT.min}–${TIER_MACHINE_LIMIT.max}`).max(TIER_MACHINE_LIMIT.max, `must be ${TIER_MACHINE_LIMIT.min}–${TIER_MACHINE_LIMIT.max}`),
  trialDays: z.number().int().min(TIER_TRIAL_DAYS.min, `must be ${TIER_TRIAL_DAYS.min}–${TIER_TRIAL_DAYS.max}`).max(TIER_TRIAL_DAYS.max, `must be ${TIER_TRIAL_DAYS.min}–${TIER_TRIAL_DAYS.max}`),
  quotas: ZTierQuotas,
});
export type TierInput = z.infer<typeof ZTierInput>;

/**
 * `pricing.saveTiers`: the whole set of a plugin's tiers (up to 3, one per key; a key left out is
 * removed, unless a purchase or license names it) and optionally its pricing model. Rules: the
 * `free` tier costs 0 and every other tier more than 0; a trial only on a paid tier; FREE only
 * without a paid tier. Issues name the field (`tiers.1.priceAmount`, `pricingModel`).
 */
export const ZSaveTiersInput = z.object({
  pluginId: zId(),
  pricingModel: ZPricingModel.optional(),
  tiers: z.array(ZTierInput).max(MAX_TIERS, `at most ${MAX_TIERS} tiers`),
}).superRefine((input, ctx) => {
  const seen = new Set<string>();
  input.tiers.forEach((tier, index) => {
    if (seen.has(tier.key)) ctx.addIssue({ code: 'custom', path: ['tiers', index, 'key'], message: `tier ${tier.key} appears twice` });
    seen.add(tier.key);
    if (tier.key === 'free' && tier.priceAmount !== 0) ctx.addIssue({ code: 'custom', path: ['tiers', index, 'priceAmount'], message: 'the free tier costs 0' });
    if (tier.key !== 'free' && tier.priceAmount === 0) ctx.addIssue({ code: 'custom', path: ['tiers', index, 'priceAmount'], message: 'only the free tier may cost 0' });
    if (tier.priceAmount === 0 && tier.trialDays > 0) ctx.addIssue({ code: 'custom', path: ['tiers', index, 'trialDays'], message: 'a free tier has no trial' });
  });
  if (input.pricingModel === 'FREE' && input.tiers.some((t) => t.priceAmount > 0)) {
    ctx.addIssue({ code: 'custom', path: ['pricingModel'], message: 'a plugin with a paid tier cannot be FREE' });
  }
});
export type SaveTiersInput = z.infer<typeof ZSaveTiersInput>;

/** `pricing.tiers` (staff) and `pricing.ownTiers` (the owning creator). */
export const ZTiersInput = z.object({ pluginId: zId() });

/** A plugin's pricing: how it sells, in which currency and interval, and its tiers, cheapest first. */
export const ZPluginPricing = z.object({
  pluginId: z.string(),
  pluginName: z.string(),
  pricingModel: ZPricingModel,
  currency: z.string(),
  /** "month" or "year" for a subscription plugin; null otherwise. */
  billingInterval: z.string().nullable(),
  /** Minor units: the plugin's price when it has no tiers. */
  priceAmount: z.number().int(),
  tiers: z.array(ZPluginTier),
});
export type PluginPricing = z.infer<typeof ZPluginPricing>;

/**
 * `POST /v1/purchases` answer (201) for a free plugin or a tier priced 0: the license at once,
 * no payment. The same buyer, plugin and tier again answer the same license.
 */
export const ZFreeLicenseOutput = z.object({
  status: z.literal('FREE'),
  licenseId: z.string(),
  /** The license key to give the plugin client (a signed JWT). */
  licenseKey: z.string(),
  pluginId: z.string(),
  /** The tier's key; null for a FREE plugin without tiers. */
  tier: ZTierKey.nullable(),
  /** Always null: nothing was bought. */
  purchaseId: z.null(),
  amount: z.literal(0),
  currency: z.string(),
});
export type FreeLicenseOutput = z.infer<typeof ZFreeLicenseOutput>;
