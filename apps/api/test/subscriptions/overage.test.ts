/**
 * Overage billed at the period end: usage counters with overage (written directly here; the usage
 * endpoint writes them in production) become one OVERAGE purchase per subscription and period,
 * a destination charge with the platform fee, posted to the ledger with stream OVERAGE, once;
 * a decline is retried on the renewal retry schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformFee } from '../../src/modules/payments/create-purchase.ts';
import { billSubscriptionOverage, overagePurchaseIdFor } from '../../src/modules/subscriptions/overage.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { subscribeToTier } from './helpers.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const emulator = () => ts.app.deps.stripe!.emulator!;

/** Counters of the subscription's license for its current period: `overage` = [metric, quantity, amount]. */
async function writeOverage(subscription: { id: string; currentPeriodStart: Date; currentPeriodEnd: Date }, overage: [string, number, number][]) {
  const license = await ts.prisma.license.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
  for (const [metric, quantity, amount] of overage) {
    await ts.prisma.usageCounter.create({
      data: { licenseId: license.id, metric, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, used: 1000 + quantity, overageQuantity: quantity, overageAmount: amount },
    });
  }
  return license;
}

describe('overage at the period end', () => {
  it('one OVERAGE destination charge for the period, with the fee and the metrics, posted with stream OVERAGE, billed once', async () => {
    const { subscription, customer } = await subscribeToTier(ts, 'pro');
    const license = await writeOverage(subscription, [['api_calls', 120, 600], ['tokens', 40, 200]]);
    // Before the period end: nothing.
    await renewDueSubscriptions(ts.app.deps, { at: new Date(subscription.currentPeriodEnd.getTime() - HOUR) });
    expect(await ts.prisma.purchase.count({ where: { subscriptionId: subscription.id, kind: 'OVERAGE' } })).toBe(0);

    const at = new Date(subscription.currentPeriodEnd.getTime() + HOUR);
    const run = await renewDueSubscriptions(ts.app.deps, { at });
    expect(run).toMatchObject({ charged: 1, failed: 0 });
    await settle(ts);
    await renewDueSubscriptions(ts.app.deps, { at: new Date(at.getTime() + 2 * HOUR) });
    await billSubscriptionOverage(ts.app.deps, { subscriptionId: subscription.id, at: new Date(at.getTime() + 3 * HOUR) });
    await settle(ts);

    const overage = await ts.prisma.purchase.findMany({ where: { subscriptionId: subscription.id, kind: 'OVERAGE' } });
    expect(overage).toHaveLength(1);
    const purchase = overage[0]!;
    expect(purchase).toMatchObject({ id: overagePurchaseIdFor(subscription.id, subscription.currentPeriodStart), amount: 800, status: 'SUCCEEDED', usagePeriodStart: subscription.currentPeriodStart, applicationFeeAmount: platformFee(800, ts.app.deps.config.platformFeePercent) });
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    expect(pi).toMatchObject({ amount: 800, customer, application_fee_amount: purchase.applicationFeeAmount, metadata: { overage_subscription_id: subscription.id, overage_quantities: 'api_calls=120,tokens=40' } });
    expect(pi.transfer_data?.destination).toBeTruthy();
    const counters = await ts.prisma.usageCounter.findMany({ where: { licenseId: license.id } });
    expect(counters.map((c) => c.billedPurchaseId)).toEqual([purchase.id, purchase.id]);

    const entries = await ts.prisma.ledgerEntry.findMany({ where: { transaction: { purchaseId: purchase.id } }, select: { stream: true, accountType: true, amount: true } });
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.stream))).toEqual(new Set(['OVERAGE']));
    const creatorShare = entries.filter((e) => e.accountType === 'CREATOR_PAYABLE').reduce((s, e) => s + e.amount, 0n);
    // The transfer (+800) less the application fee: the creator's share, as for any sale.
    expect(creatorShare).toBe(BigInt(800 - purchase.applicationFeeAmount));
    // The renewal went on as usual, and the license was not touched by the overage sale.
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ periodNumber: 2, status: 'ACTIVE' });
    expect(await ts.prisma.license.count({ where: { pluginId: subscription.pluginId } })).toBe(1);
    await expectLedgerBalanced(ts.prisma);
  });

  it('a period below Stripe’s minimum charge is carried and billed with the next period’s overage', async () => {
    const { subscription } = await subscribeToTier(ts, 'pro');
    await writeOverage(subscription, [['api_calls', 3, 15]]);
    await renewDueSubscriptions(ts.app.deps, { at: new Date(subscription.currentPeriodEnd.getTime() + HOUR) });
    await settle(ts);
    expect(await ts.prisma.purchase.count({ where: { subscriptionId: subscription.id, kind: 'OVERAGE' } })).toBe(0);
    const renewed = await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    await writeOverage(renewed, [['api_calls', 100, 500]]);
    await billSubscriptionOverage(ts.app.deps, { subscriptionId: subscription.id, at: new Date(renewed.currentPeriodEnd.getTime() + HOUR) });
    await settle(ts);
    const [purchase] = await ts.prisma.purchase.findMany({ where: { subscriptionId: subscription.id, kind: 'OVERAGE' } });
    expect(purchase).toMatchObject({ amount: 515, status: 'SUCCEEDED', usagePeriodStart: renewed.currentPeriodStart });
    expect(await ts.prisma.usageCounter.count({ where: { billedPurchaseId: purchase!.id } })).toBe(2);
  });

  it('a declined overage charge is FAILED and charged again when the renewal job retries the subscription', async () => {
    const { subscription, customer } = await subscribeToTier(ts, 'pro');
    await writeOverage(subscription, [['api_calls', 200, 1000]]);
    await emulator().control.declineCustomerCharges(customer, 'insufficient_funds');
    await renewDueSubscriptions(ts.app.deps, { at: new Date(subscription.currentPeriodEnd.getTime() + HOUR) });
    await settle(ts);
    const id = overagePurchaseIdFor(subscription.id, subscription.currentPeriodStart);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'FAILED', kind: 'OVERAGE' });
    const pastDue = await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(pastDue).toMatchObject({ status: 'PAST_DUE', nextRenewalAt: new Date(subscription.currentPeriodEnd.getTime() + DAY) });

    await emulator().control.declineCustomerCharges(customer, null);
    await renewDueSubscriptions(ts.app.deps, { at: new Date(subscription.currentPeriodEnd.getTime() + DAY + HOUR) });
    await settle(ts);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'SUCCEEDED', amount: 1000 });
    expect(await ts.prisma.purchase.count({ where: { subscriptionId: subscription.id, kind: 'OVERAGE' } })).toBe(1);
    const charges = (await ts.stripe.charges.list({ customer, limit: 100 })).data.filter((c) => c.amount === 1000);
    expect(charges.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
    await expectLedgerBalanced(ts.prisma);
  });
});
