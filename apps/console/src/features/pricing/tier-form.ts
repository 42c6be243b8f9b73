/**
 * The tiers form's values and their conversion to `pricing.saveTiers` input: prices typed in major
 * units of the plugin's currency (toMinorUnits), entitlements as a comma-separated list; quotas are
 * kept as saved (edited nowhere else in the console yet).
 */
import { TIER_KEYS, toMajorString, toMinorUnits, type PluginPricing, type PricingModel, type TierInput, type TierKey, type TierQuota } from '@marketdesk/shared';

export interface TierFormValues {
  key: TierKey;
  isOffered: boolean;
  name: string;
  /** Major units as typed, e.g. "25.00". */
  price: string;
  entitlements: string;
  machineLimit: number | string;
  trialDays: number | string;
  quotas: TierQuota[];
}

export interface PricingFormValues {
  pricingModel: PricingModel;
  tiers: TierFormValues[];
}

const DEFAULT_NAMES: Record<TierKey, string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };

/** The form's values for `pricing`: one row per tier key, the saved ones offered. */
export function toFormValues(pricing: PluginPricing): PricingFormValues {
  return {
    pricingModel: pricing.pricingModel,
    tiers: TIER_KEYS.map((key) => {
      const saved = pricing.tiers.find((tier) => tier.key === key);
      return {
        key, isOffered: Boolean(saved), name: saved?.name ?? DEFAULT_NAMES[key],
        price: saved ? toMajorString(saved.priceAmount, pricing.currency) : key === 'free' ? '0' : '',
        entitlements: (saved?.entitlements ?? ['plugin.use']).join(', '), machineLimit: saved?.machineLimit ?? 3, trialDays: saved?.trialDays ?? 0, quotas: saved?.quotas ?? [],
      };
    }),
  };
}

/**
 * The `pricing.saveTiers` input of `values` (offered tiers only, in key order) and, for each
 * input index, the tier key (to show a server error `tiers.1.priceAmount` under the right tier).
 * A price that is not a decimal of the currency becomes NaN, which the shared schema refuses.
 */
export function toSaveInput(pluginId: string, currency: string, values: PricingFormValues): { input: { pluginId: string; pricingModel: PricingModel; tiers: TierInput[] }; keys: TierKey[] } {
  const offered = values.tiers.filter((tier) => tier.isOffered);
  const tiers = offered.map((tier): TierInput => ({
    key: tier.key, name: tier.name, priceAmount: priceOf(tier.price, currency),
    entitlements: tier.entitlements.split(',').map((e) => e.trim()).filter(Boolean),
    machineLimit: Number(tier.machineLimit), trialDays: Number(tier.trialDays), quotas: tier.quotas,
  }));
  return { input: { pluginId, pricingModel: values.pricingModel, tiers }, keys: offered.map((tier) => tier.key) };
}

function priceOf(major: string, currency: string): number {
  try {
    return toMinorUnits(major, currency);
  } catch {
    return Number.NaN;
  }
}

/** Errors keyed `tiers.<index>.<field>` (input order) re-keyed `<key>.<field>` for the form; others kept. */
export function errorsByTier(errors: Partial<Record<string, string>>, keys: readonly TierKey[]): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const [field, message] of Object.entries(errors)) {
    const match = /^tiers\.(\d+)\.([^.]+)/.exec(field);
    const key = match ? keys[Number(match[1])] : undefined;
    out[key ? `${key}.${match![2]}` : field] ??= message;
  }
  return out;
}
