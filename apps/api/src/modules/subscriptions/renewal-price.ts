/**
 * What a renewal charges: the subscription's tier price (the plugin's price for a plugin without
 * tiers) less its proration credit (packages/shared renewalAmount), and the renewal that the
 * credit pays whole, with no charge at all.
 */
import { renewalAmount } from '@marketdesk/shared';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { applyPaidRenewal } from './sync-subscription.ts';

export interface RenewalPrice {
  /** The tier renewed (null: a plugin without tiers). */
  tierId: string | null;
  /** The period's price, minor units of the plugin's currency. */
  price: number;
  /** What the card is charged, minor units: 0 when the credit pays it (renewWithCredit). */
  charge: number;
  /** What the proration credit pays (renewalAmount's creditUsed), taken off it when the renewal is paid. */
  creditUsed: number;
}

/**
 * The price of subscription `sub`'s next period: its tier's current price (a price change applies
 * from the next renewal, as with Stripe Billing prices), else `plugin.priceAmount`, less its
 * proration credit. Reads the tier; never writes.
 * @throws Prisma's not-found error when the subscription's tier is gone.
 */
export async function renewalPriceOf(prisma: PrismaClient, sub: { tierId: string | null; prorationCreditAmount: number }, plugin: { priceAmount: number; currency: string }): Promise<RenewalPrice> {
  const price = sub.tierId ? (await prisma.pluginTier.findUniqueOrThrow({ where: { id: sub.tierId }, select: { priceAmount: true } })).priceAmount : plugin.priceAmount;
  const { charge, creditUsed } = renewalAmount({ tierPrice: price, prorationCredit: sub.prorationCreditAmount, currency: plugin.currency });
  return { tierId: sub.tierId, price, charge, creditUsed };
}

/**
 * Renews subscription `input.subscriptionId` for period `input.period` with no charge, its
 * proration credit paying `input.creditUsed` (the whole price, or a rest below Stripe's minimum
 * charge carried as a negative credit), at `input.at`; once per period (applyPaidRenewal), with
 * a system audit row.
 */
export async function renewWithCredit(prisma: PrismaClient, input: { subscriptionId: string; period: number; creditUsed: number; at: Date }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.subscription.findUniqueOrThrow({ where: { id: input.subscriptionId }, select: { periodNumber: true, prorationCreditAmount: true } });
    if (before.periodNumber >= input.period) return;
    await applyPaidRenewal(tx, input.subscriptionId, input.period, input.at, input.creditUsed);
    await writeSystemAudit(tx, {
      action: 'subscriptions.renewedFromCredit', targetType: 'Subscription', targetId: input.subscriptionId,
      reason: `Period ${input.period} paid by the proration credit (${input.creditUsed} minor units); nothing charged`,
      before, after: { periodNumber: input.period, prorationCreditAmount: before.prorationCreditAmount - input.creditUsed },
    });
  });
}
