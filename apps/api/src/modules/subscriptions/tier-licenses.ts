/** Moving a subscription and its licenses onto a tier: the one write both a downgrade (at once) and a paid upgrade (from the payment sync) make. */
import type { Prisma } from '../../generated/prisma/client.ts';

/**
 * Sets subscription `change.subscriptionId`'s tier to `change.tierId` and gives each of its
 * licenses the tier's entitlements, machine limit and tierId, with `tx` (call under the
 * subscription's row lock). `change.creditDelta` (minor units, default 0) is added to the
 * subscription's prorationCreditAmount. Activations beyond a lower machine limit stay; new
 * ones are refused by activate (as with support's machine limit change).
 * @returns the licenses' ids and their tier before the change, for the audit row.
 * @throws Prisma's not-found error for an unknown tier.
 */
export async function moveSubscriptionToTier(tx: Prisma.TransactionClient, change: { subscriptionId: string; tierId: string; creditDelta?: number }): Promise<{ licenses: { id: string; tierId: string | null; entitlements: string[]; machineLimit: number }[] }> {
  const tier = await tx.pluginTier.findUniqueOrThrow({ where: { id: change.tierId }, select: { id: true, entitlements: true, machineLimit: true } });
  await tx.subscription.update({ where: { id: change.subscriptionId }, data: { tierId: tier.id, ...(change.creditDelta ? { prorationCreditAmount: { increment: change.creditDelta } } : {}) } });
  const licenses = await tx.license.findMany({ where: { subscriptionId: change.subscriptionId }, select: { id: true, tierId: true, entitlements: true, machineLimit: true } });
  await tx.license.updateMany({ where: { subscriptionId: change.subscriptionId }, data: { tierId: tier.id, entitlements: tier.entitlements, machineLimit: tier.machineLimit } });
  return { licenses };
}
