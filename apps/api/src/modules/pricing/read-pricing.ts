/**
 * Reading a plugin's pricing: its model, currency, interval and tiers, cheapest first (sortOrder,
 * then priceAmount). Staff read any plugin's; a creator only their own (scoped in the `where`, so
 * another creator's plugin is simply not found); the public endpoint only published plugins'.
 */
import { AppError, ZTierQuotas, type PluginPricing, type PluginTier, type TierKey } from '@marketdesk/shared';
import type { PricingDeps } from './deps.ts';

/** The columns of a PluginTier the answers carry. */
export const tierSelect = { id: true, key: true, name: true, priceAmount: true, entitlements: true, machineLimit: true, trialDays: true, quotas: true } as const;

/** A stored tier row as the API shows it, in `currency`. Quotas that no longer parse (hand-edited JSON) are shown as none. */
export function toPluginTier(row: { id: string; key: string; name: string; priceAmount: number; entitlements: string[]; machineLimit: number; trialDays: number; quotas: unknown }, currency: string): PluginTier {
  const quotas = ZTierQuotas.safeParse(row.quotas);
  return {
    id: row.id, key: row.key as TierKey, name: row.name, priceAmount: row.priceAmount, currency, entitlements: row.entitlements,
    machineLimit: row.machineLimit, trialDays: row.trialDays, quotas: quotas.success ? quotas.data : [],
  };
}

/**
 * The pricing of plugin `input.pluginId`: `{ pluginId, pluginName, pricingModel, currency,
 * billingInterval, priceAmount, tiers }` (minor units). `creatorId` limits it to that creator's
 * plugins; `isPublishedOnly` to published ones (the public endpoint).
 * @throws AppError NOT_FOUND (field pluginId) when no such plugin is visible to the caller.
 */
export async function readPluginPricing(deps: PricingDeps, input: { pluginId: string; creatorId?: string; isPublishedOnly?: boolean }): Promise<PluginPricing> {
  const plugin = await deps.prisma.plugin.findFirst({
    where: { id: input.pluginId, ...(input.creatorId !== undefined ? { creatorId: input.creatorId } : {}), ...(input.isPublishedOnly ? { status: 'PUBLISHED' as const } : {}) },
    select: { id: true, name: true, pricingModel: true, currency: true, billingInterval: true, priceAmount: true },
  });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}`, field: 'pluginId' });
  const tiers = await deps.prisma.pluginTier.findMany({ where: { pluginId: plugin.id }, orderBy: [{ sortOrder: 'asc' }, { priceAmount: 'asc' }], select: tierSelect });
  return {
    pluginId: plugin.id, pluginName: plugin.name, pricingModel: plugin.pricingModel, currency: plugin.currency,
    billingInterval: plugin.pricingModel === 'SUBSCRIPTION' ? plugin.billingInterval ?? 'month' : null, priceAmount: plugin.priceAmount,
    tiers: tiers.map((tier) => toPluginTier(tier, plugin.currency)),
  };
}
