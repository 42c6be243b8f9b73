/** A subscription's tier, the plugin's tiers, its proration credit and its overage bills (ZSubscriptionBilling). */
import { AppError, ZTierKey, type SubscriptionBilling } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

/**
 * Reads subscription `input.subscriptionId`'s billing (staff: any subscription).
 * @throws AppError NOT_FOUND for an unknown subscription.
 */
export async function getSubscriptionBilling(deps: Pick<AppDeps, 'prisma'>, input: { subscriptionId: string }): Promise<SubscriptionBilling> {
  const { prisma } = deps;
  const sub = await prisma.subscription.findUnique({
    where: { id: input.subscriptionId },
    select: { id: true, status: true, pluginId: true, tierId: true, prorationCreditAmount: true, currentPeriodStart: true, currentPeriodEnd: true },
  });
  if (!sub) throw new AppError('NOT_FOUND', { message: `No subscription ${input.subscriptionId}` });
  const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: sub.pluginId }, select: { priceAmount: true, currency: true } });
  const tiers = await prisma.pluginTier.findMany({ where: { pluginId: sub.pluginId }, select: { id: true, key: true, name: true, priceAmount: true }, orderBy: [{ sortOrder: 'asc' }, { priceAmount: 'asc' }] });
  const overage = await prisma.purchase.findMany({
    where: { subscriptionId: sub.id, kind: 'OVERAGE' }, select: { id: true, usagePeriodStart: true, amount: true, status: true }, orderBy: [{ usagePeriodStart: 'desc' }, { id: 'asc' }], take: 120,
  });
  const known = tiers.filter((t) => ZTierKey.safeParse(t.key).success);
  return {
    subscriptionId: sub.id, status: sub.status, currency: plugin.currency, currentPeriodStart: sub.currentPeriodStart, currentPeriodEnd: sub.currentPeriodEnd,
    tier: ZTierKey.safeParse(tiers.find((t) => t.id === sub.tierId)?.key).data ?? null, basePriceAmount: plugin.priceAmount,
    tiers: known.map((t) => ({ key: ZTierKey.parse(t.key), name: t.name, priceAmount: t.priceAmount })),
    prorationCreditAmount: sub.prorationCreditAmount,
    overage: overage.map((p) => ({ purchaseId: p.id, periodStart: p.usagePeriodStart, amount: p.amount, status: p.status })),
  };
}
