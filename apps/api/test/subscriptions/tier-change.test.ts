/**
 * Tier changes and renewals at the tier's price, end to end: the subscription bought through
 * POST /v1/purchases, the upgrade's prorated charge at the emulator, its webhook and payment sync,
 * the license following only a paid upgrade, a downgrade's credit taken off the next renewal,
 * and the console procedure (audited, refusals).
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prorateTierChange, renewalAmount } from '@marketdesk/shared';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { platformFee } from '../../src/modules/payments/create-purchase.ts';
import { syncPurchase } from '../../src/modules/payments/sync-purchase.ts';
import { changeSubscriptionTier } from '../../src/modules/subscriptions/change-tier.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { callerAs, expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { subscribeToTier, TIER_ENTITLEMENTS, TIER_MACHINES, TIER_PRICES } from './helpers.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const emulator = () => ts.app.deps.stripe!.emulator!;
const licenseOf = (subscriptionId: string) => ts.prisma.license.findFirstOrThrow({ where: { subscriptionId } });
const subscriptionOf = (id: string) => ts.prisma.subscription.findUniqueOrThrow({ where: { id } });
const renew = async (at: Date) => {
  const run = await renewDueSubscriptions(ts.app.deps, { at });
  await settle(ts);
  return run;
};
const tenDaysIn = (sub: { currentPeriodStart: Date }) => new Date(sub.currentPeriodStart.getTime() + 10 * DAY);

describe('upgrade', () => {
  it('charges exactly the prorated net on the saved card and changes the license only once the payment succeeded', async () => {
    const { subscription, tiers, customer } = await subscribeToTier(ts, 'pro');
    const at = tenDaysIn(subscription);
    const expected = prorateTierChange({ oldAmount: TIER_PRICES.pro, newAmount: TIER_PRICES.enterprise, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, changeAt: at, currency: 'usd' });
    expect(expected.net).toBeGreaterThan(600);

    const result = await changeSubscriptionTier(ts.app.deps, { subscriptionId: subscription.id, tier: 'enterprise', at });
    expect(result).toMatchObject({ direction: 'UPGRADE', fromTier: 'pro', toTier: 'enterprise', net: expected.net, unusedCredit: expected.unusedCredit, remainingCharge: expected.remainingCharge, purchaseStatus: 'SUCCEEDED', isApplied: true, paymentError: null });
    const pi = (await ts.stripe.paymentIntents.list({ customer, limit: 10 })).data.find((p) => p.metadata.tier_change === 'upgrade')!;
    expect(pi).toMatchObject({ amount: expected.net, currency: 'usd', status: 'succeeded', application_fee_amount: platformFee(expected.net, ts.app.deps.config.platformFeePercent), metadata: { tier_id: tiers.enterprise.id, tier_change_subscription_id: subscription.id } });
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: result.purchaseId! } });
    expect(purchase).toMatchObject({ kind: 'SUBSCRIPTION', tierId: tiers.enterprise.id, subscriptionId: subscription.id, amount: expected.net, status: 'SUCCEEDED' });

    // The license moved with the paid charge (the payment sync's audit row names it), and only then.
    const audit = await ts.prisma.auditLog.findMany({ where: { targetId: subscription.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['subscriptions.changeTier', 'subscriptions.tierUpgraded']);
    expect(audit[1]!.reason).toContain(pi.id);
    expect(await licenseOf(subscription.id)).toMatchObject({ tierId: tiers.enterprise.id, entitlements: [...TIER_ENTITLEMENTS.enterprise], machineLimit: TIER_MACHINES.enterprise });
    expect(await subscriptionOf(subscription.id)).toMatchObject({ tierId: tiers.enterprise.id, prorationCreditAmount: 0 });

    // The webhooks, and a replay of the upgrade's sync after a later downgrade, change nothing.
    await settle(ts);
    await changeSubscriptionTier(ts.app.deps, { subscriptionId: subscription.id, tier: 'pro', at: new Date(at.getTime() + DAY) });
    await syncPurchase(ts.app.deps, { paymentIntentId: pi.id });
    expect((await subscriptionOf(subscription.id)).tierId).toBe(tiers.pro.id);
    expect((await licenseOf(subscription.id)).entitlements).toEqual([...TIER_ENTITLEMENTS.pro]);
    const entries = await ts.prisma.ledgerEntry.findMany({ where: { transaction: { purchaseId: purchase.id } }, select: { stream: true } });
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.stream))).toEqual(new Set(['SUBSCRIPTION']));
    await expectLedgerBalanced(ts.prisma);
  });

  it('a declined upgrade changes nothing: tier, license, credit stay; the purchase is FAILED', async () => {
    const { subscription, tiers, customer } = await subscribeToTier(ts, 'pro');
    const before = await licenseOf(subscription.id);
    await emulator().control.declineCustomerCharges(customer, 'insufficient_funds');
    const result = await changeSubscriptionTier(ts.app.deps, { subscriptionId: subscription.id, tier: 'enterprise', at: tenDaysIn(subscription) });
    await settle(ts);
    expect(result).toMatchObject({ direction: 'UPGRADE', purchaseStatus: 'FAILED', isApplied: false, paymentError: expect.stringContaining('insufficient funds') });
    expect(await subscriptionOf(subscription.id)).toMatchObject({ tierId: tiers.pro.id, prorationCreditAmount: 0, status: 'ACTIVE' });
    expect(await licenseOf(subscription.id)).toMatchObject({ tierId: before.tierId, entitlements: before.entitlements, machineLimit: before.machineLimit, status: 'ACTIVE' });
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id: result.purchaseId! } })).toMatchObject({ status: 'FAILED', kind: 'SUBSCRIPTION' });
    await expectLedgerBalanced(ts.prisma);

    // The card fixed, the same upgrade is a new attempt (a new purchase), which succeeds.
    await emulator().control.declineCustomerCharges(customer, null);
    const retried = await changeSubscriptionTier(ts.app.deps, { subscriptionId: subscription.id, tier: 'enterprise', at: tenDaysIn(subscription) });
    expect(retried.purchaseId).not.toBe(result.purchaseId);
    expect(retried).toMatchObject({ purchaseStatus: 'SUCCEEDED', isApplied: true });
  });
});

describe('downgrade', () => {
  it('applies at once with the credit for unused time, which the next renewal takes off its charge, once', async () => {
    const { subscription, tiers, customer } = await subscribeToTier(ts, 'enterprise');
    const at = tenDaysIn(subscription);
    const expected = prorateTierChange({ oldAmount: TIER_PRICES.enterprise, newAmount: TIER_PRICES.pro, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, changeAt: at, currency: 'usd' });
    expect(expected.net).toBeLessThan(0);
    const { caller, user } = await callerAs(ts, ['SUPPORT']);
    const result = await caller.subscriptions.changeTier({ subscriptionId: subscription.id, tier: 'pro', reason: 'Buyer asked to downgrade' });
    // The console changes at the server's now: the proration is of that moment.
    expect(result).toMatchObject({ direction: 'DOWNGRADE', fromTier: 'enterprise', toTier: 'pro', purchaseId: null, isApplied: true });
    expect(result.net).toBeLessThan(0);
    expect(result.prorationCreditAmount).toBe(-result.net);
    expect(await licenseOf(subscription.id)).toMatchObject({ tierId: tiers.pro.id, entitlements: [...TIER_ENTITLEMENTS.pro], machineLimit: TIER_MACHINES.pro });
    const audit = await ts.prisma.auditLog.findFirstOrThrow({ where: { targetId: subscription.id, action: 'subscriptions.changeTier' } });
    expect(audit).toMatchObject({ actorId: user.id, reason: 'Buyer asked to downgrade' });
    expect(await ts.stripe.charges.list({ customer }).then((l) => l.data.length)).toBe(1);

    // The credit as of `at` (ten days in), to check the renewal against a known figure.
    await ts.prisma.subscription.update({ where: { id: subscription.id }, data: { prorationCreditAmount: -expected.net } });
    const { charge, creditUsed } = renewalAmount({ tierPrice: TIER_PRICES.pro, prorationCredit: -expected.net, currency: 'usd' });
    expect(charge).toBe(TIER_PRICES.pro + expected.net);
    const renewAt = new Date(subscription.currentPeriodEnd.getTime() + HOUR);
    await renew(renewAt);
    await renew(new Date(renewAt.getTime() + HOUR));
    const renewal = await ts.prisma.purchase.findFirstOrThrow({ where: { subscriptionId: subscription.id, id: { not: subscription.id.replace(/^sub_/, '') } }, orderBy: { createdAt: 'desc' } });
    expect(renewal).toMatchObject({ amount: charge, status: 'SUCCEEDED', kind: 'SUBSCRIPTION', tierId: tiers.pro.id });
    const pi = await ts.stripe.paymentIntents.retrieve(renewal.paymentIntentId);
    expect(pi).toMatchObject({ amount: charge, metadata: { proration_credit_used: String(creditUsed), subscription_period: '2' } });
    expect(await subscriptionOf(subscription.id)).toMatchObject({ periodNumber: 2, prorationCreditAmount: 0, tierId: tiers.pro.id });
    // Replayed sync: the credit is consumed once.
    await syncPurchase(ts.app.deps, { paymentIntentId: renewal.paymentIntentId });
    expect((await subscriptionOf(subscription.id)).prorationCreditAmount).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('a credit larger than the price renews without a charge and keeps the rest', async () => {
    const { subscription, customer } = await subscribeToTier(ts, 'pro');
    await ts.prisma.subscription.update({ where: { id: subscription.id }, data: { prorationCreditAmount: 2500 } });
    await renew(new Date(subscription.currentPeriodEnd.getTime() + HOUR));
    expect(await subscriptionOf(subscription.id)).toMatchObject({ periodNumber: 2, prorationCreditAmount: 500, status: 'ACTIVE' });
    expect((await ts.stripe.charges.list({ customer })).data).toHaveLength(1);
    expect(await ts.prisma.auditLog.count({ where: { targetId: subscription.id, action: 'subscriptions.renewedFromCredit' } })).toBe(1);
  });
});

describe('refusals', () => {
  it('the same tier is INVALID_INPUT naming tier; a canceled or set-to-cancel subscription is CONFLICT; finance may, a creator may not', async () => {
    const { subscription } = await subscribeToTier(ts, 'pro');
    const { caller } = await callerAs(ts, ['FINANCE']);
    const same = await caller.subscriptions.changeTier({ subscriptionId: subscription.id, tier: 'pro', reason: 'no change' }).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(TRPCError);
    expect(same).toMatchObject({ code: 'BAD_REQUEST' });
    expect(JSON.stringify((same as TRPCError).cause ?? '') + (same as TRPCError).message).toContain('tier');
    await caller.subscriptions.cancel({ subscriptionId: subscription.id, reason: 'Leaving' });
    await expect(caller.subscriptions.changeTier({ subscriptionId: subscription.id, tier: 'enterprise', reason: 'upgrade' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await ts.prisma.subscription.update({ where: { id: subscription.id }, data: { status: 'TRIALING', cancelAtPeriodEnd: false } });
    await expect(caller.subscriptions.changeTier({ subscriptionId: subscription.id, tier: 'enterprise', reason: 'upgrade' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const { caller: creator } = await callerAs(ts, ['CREATOR']);
    await expect(creator.subscriptions.changeTier({ subscriptionId: subscription.id, tier: 'enterprise', reason: 'upgrade' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('billing shows the tier, the tiers, the credit and the overage bills', async () => {
    const { subscription } = await subscribeToTier(ts, 'pro');
    const { caller } = await callerAs(ts, ['SUPPORT']);
    const billing = await caller.subscriptions.billing({ subscriptionId: subscription.id });
    expect(billing).toMatchObject({ subscriptionId: subscription.id, tier: 'pro', currency: 'usd', prorationCreditAmount: 0, overage: [] });
    expect(billing.tiers.map((t) => [t.key, t.priceAmount])).toEqual([['free', 0], ['pro', 2000], ['enterprise', 3000]]);
    await expect(caller.subscriptions.billing({ subscriptionId: 'sub_nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('POST /v1/subscriptions/change-tier (the buyer, by license key)', () => {
  const post = async (body: unknown, key?: string) => {
    const response = await fetch(`${ts.url}/v1/subscriptions/change-tier`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('upgrades with the saved card under an Idempotency-Key (a replay charges nothing more); refuses a missing key header, a bad license key and the same tier', async () => {
    const { subscription, customer, tiers } = await subscribeToTier(ts, 'pro');
    const key = await renderLicenseKey(ts.app.deps, await licenseOf(subscription.id));
    expect(await post({ key, tier: 'enterprise' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'Idempotency-Key' } });
    expect(await post({ key: 'not-a-key', tier: 'enterprise' }, 'k-1')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'key' } });
    expect(await post({ key, tier: 'pro' }, 'k-1')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'tier' } });
    expect(await post({ key, tier: 'platinum' }, 'k-1')).toMatchObject({ status: 400, body: { field: 'tier' } });

    const first = await post({ key, tier: 'enterprise' }, 'upgrade-1');
    expect(first).toMatchObject({ status: 200, body: { direction: 'UPGRADE', toTier: 'enterprise', purchaseStatus: 'SUCCEEDED', isApplied: true } });
    expect(first.body.net).toBeGreaterThan(0);
    const replay = await post({ key, tier: 'enterprise' }, 'upgrade-1');
    // Already on enterprise: the replay is refused as the same tier, and nothing more was charged.
    expect(replay).toMatchObject({ status: 400, body: { field: 'tier' } });
    await settle(ts);
    expect((await ts.stripe.charges.list({ customer })).data).toHaveLength(2);
    expect((await licenseOf(subscription.id)).tierId).toBe(tiers.enterprise.id);
    const audit = await ts.prisma.auditLog.findFirstOrThrow({ where: { targetId: subscription.id, action: 'subscriptions.changeTier' } });
    expect(audit).toMatchObject({ actorId: null, reason: 'Changed by the buyer' });
  });
});
