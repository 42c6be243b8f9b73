/**
 * A creator saving the tiers of their own plugin: the whole set at once (upsert by key, a key left
 * out is removed) and optionally the pricing model, under the plugin's row lock, audited in the
 * same transaction. Licenses already issued keep the entitlements and machine limit they were
 * issued with (License copies them); only new purchases see the new terms.
 */
import { AppError, TIER_KEYS, type PluginPricing, type SaveTiersInput } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { PricingDeps } from './deps.ts';
import { readPluginPricing, tierSelect } from './read-pricing.ts';

/**
 * Saves `input.tiers` (already checked by ZSaveTiersInput: keys, prices, limits, quotas) as the
 * tiers of plugin `input.pluginId`, owned by creator `creatorId`, and `input.pricingModel` when
 * given; answers the plugin's pricing as stored.
 * @throws AppError NOT_FOUND (field pluginId) when the plugin is not the creator's (or does not
 *   exist); INVALID_INPUT (field pricingModel) when the plugin would be FREE with a paid tier;
 *   CONFLICT (field tiers) when a tier left out was already bought, licensed or trialled.
 */
export async function saveTiers(deps: PricingDeps, input: SaveTiersInput & { creatorId: string; actor: Actor }): Promise<PluginPricing> {
  await deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Plugin" WHERE id = ${input.pluginId} AND "creatorId" = ${input.creatorId} FOR UPDATE`;
    const plugin = await tx.plugin.findFirst({ where: { id: input.pluginId, creatorId: input.creatorId }, select: { id: true, pricingModel: true, billingInterval: true } });
    if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}`, field: 'pluginId' });
    const pricingModel = input.pricingModel ?? plugin.pricingModel;
    if (pricingModel === 'FREE' && input.tiers.some((tier) => tier.priceAmount > 0)) {
      throw new AppError('INVALID_INPUT', { message: `Plugin ${plugin.id} is FREE and cannot have a paid tier: sell it ONE_TIME or SUBSCRIPTION, or price every tier 0`, field: 'pricingModel' });
    }
    const before = await tx.pluginTier.findMany({ where: { pluginId: plugin.id }, select: tierSelect, orderBy: { sortOrder: 'asc' } });
    const kept = new Set(input.tiers.map((tier) => tier.key));
    for (const removed of before.filter((tier) => !kept.has(tier.key as never))) await removeTier(tx, removed);
    for (const tier of input.tiers) {
      const data = { name: tier.name, priceAmount: tier.priceAmount, entitlements: tier.entitlements, machineLimit: tier.machineLimit, trialDays: tier.trialDays, quotas: tier.quotas, sortOrder: TIER_KEYS.indexOf(tier.key) };
      await tx.pluginTier.upsert({ where: { pluginId_key: { pluginId: plugin.id, key: tier.key } }, create: { pluginId: plugin.id, key: tier.key, ...data }, update: data });
    }
    if (pricingModel !== plugin.pricingModel) {
      await tx.plugin.update({ where: { id: plugin.id }, data: { pricingModel, ...(pricingModel === 'SUBSCRIPTION' && !plugin.billingInterval ? { billingInterval: 'month' } : {}) } });
    }
    await writeAudit(tx, {
      actor: input.actor, action: 'pricing.saveTiers', targetType: 'Plugin', targetId: plugin.id,
      before: { pricingModel: plugin.pricingModel, tiers: before }, after: { pricingModel, tiers: input.tiers },
    });
  }, { timeout: 15_000, maxWait: 15_000 });
  return readPluginPricing(deps, { pluginId: input.pluginId, creatorId: input.creatorId });
}

/** Deletes tier `tier` unless something names it (a purchase, license, subscription or trial keeps its tier). */
async function removeTier(tx: Prisma.TransactionClient, tier: { id: string; key: string }): Promise<void> {
  const [purchases, licenses, subscriptions, trials] = [
    await tx.purchase.count({ where: { tierId: tier.id } }),
    await tx.license.count({ where: { tierId: tier.id } }),
    await tx.subscription.count({ where: { tierId: tier.id } }),
    await tx.trial.count({ where: { tierId: tier.id } }),
  ];
  if (purchases + licenses + subscriptions + trials > 0) {
    throw new AppError('CONFLICT', { message: `Tier ${tier.key} has ${licenses} license(s) and ${purchases} purchase(s): keep it (you may change its price and terms for new buyers)`, field: 'tiers' });
  }
  await tx.pluginTier.delete({ where: { id: tier.id } });
}
