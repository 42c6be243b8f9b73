/**
 * Pure rules of pricing (no I/O): which tier a purchase request buys, whether it is paid at all,
 * and the terms a license of that tier carries.
 */
import { AppError, TIER_KEYS, type PricingModel, type TierKey } from '@marketdesk/shared';

/** The tier fields the rules read. */
export interface TierForPurchase {
  id: string;
  key: string;
  name: string;
  priceAmount: number;
  entitlements: string[];
  machineLimit: number;
}

/**
 * The tier a purchase of a plugin with `tiers` buys when the buyer asks for `requested`: that
 * tier; without `requested`, the plugin's only free tier when it sells no paid one, else null (a
 * plugin without tiers sells at its own price).
 * @throws AppError INVALID_INPUT (field tier) when `requested` is not one of the plugin's tiers,
 *   or when the plugin has paid tiers and none was named.
 */
export function chooseTier<T extends TierForPurchase>(tiers: readonly T[], requested: TierKey | undefined): T | null {
  const offered = [...tiers].sort((a, b) => TIER_KEYS.indexOf(a.key as TierKey) - TIER_KEYS.indexOf(b.key as TierKey)).map((t) => t.key).join(', ');
  if (requested === undefined) {
    if (tiers.some((tier) => tier.priceAmount > 0)) {
      throw new AppError('INVALID_INPUT', { message: `tier is required: this plugin sells the tiers ${offered}`, field: 'tier' });
    }
    return tiers.find((tier) => tier.key === 'free') ?? null;
  }
  const tier = tiers.find((t) => t.key === requested);
  if (!tier) {
    const message = tiers.length === 0 ? `tier ${requested}: this plugin has no tiers; leave tier out` : `tier ${requested}: this plugin has no such tier; its tiers are ${offered}`;
    throw new AppError('INVALID_INPUT', { message, field: 'tier' });
  }
  return tier;
}

/** True when nothing is paid: the plugin is FREE, or the tier bought costs 0. Such a license is issued without Stripe. */
export function isFreeOffer(pricingModel: PricingModel, tier: { priceAmount: number } | null): boolean {
  return pricingModel === 'FREE' || tier?.priceAmount === 0;
}
