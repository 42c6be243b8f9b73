/**
 * Pricing: a plugin's tiers (free / pro / enterprise: price, entitlements, machine limit, trial,
 * quotas), read by staff, the owning creator and the public pricing endpoint, and saved by the
 * owning creator; which tier a purchase buys; free licenses issued without a payment.
 */
export { registerPricingRoutes } from './http.ts';
export { issueFreeLicense, freeLicenseIdFor } from './issue-free-license.ts';
export { readPluginPricing, toPluginTier } from './read-pricing.ts';
export { chooseTier, isFreeOffer, type TierForPurchase } from './rules.ts';
export { saveTiers } from './save-tiers.ts';
export { pricingRouter } from './router.ts';
