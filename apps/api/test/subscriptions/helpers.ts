/**
 * Tier-change and overage test helpers: a monthly plugin with free / pro / enterprise tiers,
 * bought through `POST /v1/purchases` (tier `pro` or `enterprise`) and its webhooks settled, so
 * that the subscription and its license are the real pipeline's.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createSeller, onboardSeller, settle, type MoneyServer } from '../money/helpers.ts';

export const TIER_PRICES = { free: 0, pro: 2000, enterprise: 3000 } as const;
export const TIER_ENTITLEMENTS = { free: ['plugin.use'], pro: ['plugin.use', 'pro.reports'], enterprise: ['plugin.use', 'pro.reports', 'enterprise.sso'] } as const;
export const TIER_MACHINES = { free: 1, pro: 3, enterprise: 10 } as const;

/** Buys a monthly tiered plugin's `tier` with pm_card_visa and waits for the webhooks. */
export async function subscribeToTier(ts: MoneyServer, tier: 'pro' | 'enterprise') {
  const { plugin } = await createSeller(ts.prisma, { priceAmount: TIER_PRICES.pro });
  await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  const tiers = {} as Record<keyof typeof TIER_PRICES, { id: string }>;
  for (const [sortOrder, key] of (['free', 'pro', 'enterprise'] as const).entries()) {
    tiers[key] = await ts.prisma.pluginTier.create({
      data: { pluginId: plugin.id, key, name: key[0]!.toUpperCase() + key.slice(1), priceAmount: TIER_PRICES[key], entitlements: [...TIER_ENTITLEMENTS[key]], machineLimit: TIER_MACHINES[key], sortOrder },
    });
  }
  await onboardSeller(ts, plugin.creatorId);
  const response = await fetch(`${ts.url}/v1/purchases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pluginId: plugin.id, tier, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa' }),
  });
  const body = (await response.json()) as { purchaseId: string; paymentIntentId: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  await settle(ts);
  const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: body.purchaseId } });
  expect(purchase.status).toBe('SUCCEEDED');
  const subscription = await ts.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } });
  expect(subscription.tierId).toBe(tiers[tier].id);
  return { plugin, tiers, purchase, subscription, customer: purchase.stripeCustomerId! };
}
