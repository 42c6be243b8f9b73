/**
 * Subscriptions through the real path: POST /v1/purchases of a subscription plugin (card saved
 * with setup_future_usage), the emulator's signed webhooks, the inbox, the payment sync; then
 * renewals by renewDueSubscriptions with a `now` past the period end, charged off-session on the
 * saved card. Declines come from the emulator's customer decline control (a bank declining the
 * saved card later). Races between renewal runs are in subscriptions.pg.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { SUBSCRIPTION_GRACE_DAYS } from '../../src/modules/licenses/sync-purchase-license.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { MAX_RENEWAL_ATTEMPTS, periodEnd } from '../../src/modules/subscriptions/sync-subscription.ts';
import { syncPurchase } from '../../src/modules/payments/sync-purchase.ts';
import { callLicenseApi } from '../licenses/helpers.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const emulator = () => ts.app.deps.stripe!.emulator!;
const renew = async (now: Date) => {
  const run = await renewDueSubscriptions(ts.app.deps, { at: now });
  await settle(ts);
  return run;
};
/** Charges (succeeded or declined) made on the subscription's saved card. */
const chargesOf = async (customer: string) => (await ts.stripe.charges.list({ customer, limit: 100 })).data.length;
const subscriptionOf = (id: string) => ts.prisma.subscription.findUniqueOrThrow({ where: { id } });
const licenseOf = (subscriptionId: string) => ts.prisma.license.findFirstOrThrow({ where: { subscriptionId } });
const codeOf = async (subscriptionId: string) => (await callLicenseApi(ts.url, 'validate', { key: await renderLicenseKey(ts.app.deps, await licenseOf(subscriptionId)) })).body.code;

/** Buys a new monthly subscription plugin (at emulator time shifted by `daysAgo`) and waits for the webhooks. */
async function subscribe(options: { daysAgo?: number; priceAmount?: number } = {}) {
  const { plugin } = await createSeller(ts.prisma, { priceAmount: options.priceAmount ?? 900 });
  await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  if (options.daysAgo) emulator().control.setClock({ advanceSeconds: -options.daysAgo * 86_400 });
  try {
    const started = await buy(ts, plugin.id);
    await settle(ts);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: started.purchaseId } });
    expect(purchase.status).toBe('SUCCEEDED');
    return { ...started, pluginId: plugin.id, purchase, subscription: await subscriptionOf(purchase.subscriptionId!) };
  } finally {
    emulator().control.setClock({ isReset: true });
  }
}

describe('first purchase', () => {
  it('saves the card and creates exactly one subscription and license, with webhooks delivered twice and re-synced', async () => {
    emulator().configureWebhooks({ isEachDeliveredTwice: true });
    const { purchase, subscription, paymentIntentId, pluginId } = await subscribe().finally(() => emulator().configureWebhooks({ isEachDeliveredTwice: false }));
    await syncPurchase(ts.app.deps, { paymentIntentId });
    await ts.prisma.stripeEvent.updateMany({ where: { status: { in: ['PROCESSED', 'IGNORED'] } }, data: { status: 'PENDING', nextAttemptAt: new Date(0) } });
    await settle(ts);

    expect(await ts.prisma.subscription.count({ where: { pluginId } })).toBe(1);
    const pi = await ts.stripe.paymentIntents.retrieve(paymentIntentId);
    expect(pi.setup_future_usage).toBe('off_session');
    expect(subscription).toMatchObject({
      status: 'ACTIVE', buyerEmail: purchase.buyerEmail, periodNumber: 1, currentPeriodStart: purchase.paidAt, currentPeriodEnd: periodEnd(purchase.paidAt!, 1),
      stripeCustomerId: purchase.stripeCustomerId, stripePaymentMethodId: 'pm_card_visa', nextRenewalAt: periodEnd(purchase.paidAt!, 1), cancelAtPeriodEnd: false,
    });
    const licenses = await ts.prisma.license.findMany({ where: { pluginId } });
    expect(licenses).toHaveLength(1);
    expect(licenses[0]).toMatchObject({ status: 'ACTIVE', purchaseId: purchase.id, subscriptionId: subscription.id, expiresAt: new Date(subscription.currentPeriodEnd.getTime() + SUBSCRIPTION_GRACE_DAYS * DAY) });
    expect(await codeOf(subscription.id)).toBe('VALID');
  });

  it('a one-time plugin saves no card and makes no subscription', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId, paymentIntentId } = await buy(ts, plugin.id);
    await settle(ts);
    expect((await ts.stripe.paymentIntents.retrieve(paymentIntentId)).setup_future_usage).toBeNull();
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).subscriptionId).toBeNull();
  });
});

describe('renewal', () => {
  it('charges once at the period end, moves the period forward from the old end and extends the license', async () => {
    const { subscription: before, purchase } = await subscribe();
    const customer = purchase.stripeCustomerId!;
    await renew(new Date(before.currentPeriodEnd.getTime() - HOUR));
    expect(await chargesOf(customer)).toBe(1);
    const at = new Date(before.currentPeriodEnd.getTime() + 2 * HOUR);
    expect((await renew(at)).failed).toBe(0);
    expect(await chargesOf(customer)).toBe(2);
    await renew(at);
    await renew(new Date(at.getTime() + DAY));
    expect(await chargesOf(customer)).toBe(2);

    const after = await subscriptionOf(before.id);
    expect(after).toMatchObject({ status: 'ACTIVE', periodNumber: 2, currentPeriodStart: before.currentPeriodEnd, currentPeriodEnd: periodEnd(purchase.paidAt!, 2), failedRenewalAttempts: 0 });
    const renewals = await ts.prisma.purchase.findMany({ where: { subscriptionId: before.id, NOT: { id: purchase.id } } });
    expect(renewals.map((p) => p.status)).toEqual(['SUCCEEDED']);
    const renewal = await ts.stripe.paymentIntents.retrieve(renewals[0]!.paymentIntentId);
    expect(renewal).toMatchObject({ customer: purchase.stripeCustomerId, metadata: { subscription_id: before.id, subscription_period: '2' } });
    const license = await licenseOf(before.id);
    expect(license).toMatchObject({ status: 'ACTIVE', purchaseId: purchase.id, expiresAt: new Date(after.currentPeriodEnd.getTime() + SUBSCRIPTION_GRACE_DAYS * DAY) });
    expect(await ts.prisma.license.count({ where: { subscriptionId: before.id } })).toBe(1);
    expect(await codeOf(before.id)).toBe('VALID');
    await expectLedgerBalanced(ts.prisma);
  });

  it('a declined renewal makes it PAST_DUE and suspends the license; a later successful retry makes both ACTIVE', async () => {
    const { subscription, purchase } = await subscribe();
    await emulator().control.declineCustomerCharges(purchase.stripeCustomerId!, 'insufficient_funds');
    await renew(new Date(subscription.currentPeriodEnd.getTime() + HOUR));
    const pastDue = await subscriptionOf(subscription.id);
    expect(pastDue).toMatchObject({ status: 'PAST_DUE', failedRenewalAttempts: 1, periodNumber: 1, nextRenewalAt: new Date(subscription.currentPeriodEnd.getTime() + DAY) });
    expect(await licenseOf(subscription.id)).toMatchObject({ status: 'SUSPENDED', statusReason: expect.stringContaining('Subscription renewal failed: Your card has insufficient funds.') });
    const validation = await callLicenseApi(ts.url, 'validate', { key: await renderLicenseKey(ts.app.deps, await licenseOf(subscription.id)) });
    expect(validation.body.code).toBe('SUSPENDED');
    // The key holder reads that the renewal payment failed (they can fix it), not the decline text kept for staff.
    expect(validation.body.detail).toBe("This license is suspended: the subscription's renewal payment failed. Update your payment method or contact the seller's support");
    expect(validation.text).not.toContain('insufficient funds');
    // Not due again before the first retry.
    await renew(new Date(subscription.currentPeriodEnd.getTime() + 12 * HOUR));
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(2);

    await emulator().control.declineCustomerCharges(purchase.stripeCustomerId!, null);
    await renew(new Date(subscription.currentPeriodEnd.getTime() + DAY + HOUR));
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(3);
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: 'ACTIVE', periodNumber: 2, failedRenewalAttempts: 0, currentPeriodStart: subscription.currentPeriodEnd });
    expect((await licenseOf(subscription.id)).status).toBe('ACTIVE');
    expect(await codeOf(subscription.id)).toBe('VALID');
    // One renewal purchase for the period, paid on its second attempt.
    const renewals = await ts.prisma.purchase.findMany({ where: { subscriptionId: subscription.id, NOT: { id: purchase.id } } });
    expect(renewals.map((p) => p.status)).toEqual(['SUCCEEDED']);
    const charges = (await ts.stripe.charges.list({ payment_intent: renewals[0]!.paymentIntentId })).data;
    expect(charges.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
    await expectLedgerBalanced(ts.prisma);
  });

  it(`after ${MAX_RENEWAL_ATTEMPTS} declined attempts (period end, +1, +3, +5 days) it is CANCELED and the license EXPIRED after period end + grace`, async () => {
    // Bought 40 days ago: the period ended ~10 days ago, so end + 7 days of grace is already past in real time.
    const { subscription, purchase } = await subscribe({ daysAgo: 40 });
    await emulator().control.declineCustomerCharges(purchase.stripeCustomerId!, 'expired_card');
    const end = subscription.currentPeriodEnd.getTime();
    for (const [i, offset] of [HOUR, DAY + HOUR, 3 * DAY + HOUR, 5 * DAY + HOUR].entries()) {
      await renew(new Date(end + offset));
      expect((await subscriptionOf(subscription.id)).failedRenewalAttempts).toBe(i + 1);
      expect(await chargesOf(purchase.stripeCustomerId!)).toBe(i + 2);
    }
    const canceled = await subscriptionOf(subscription.id);
    expect(canceled).toMatchObject({ status: 'CANCELED', nextRenewalAt: null, cancelReason: expect.stringContaining('Your card has expired.') });
    expect(canceled.canceledAt).not.toBeNull();
    expect(await licenseOf(subscription.id)).toMatchObject({ status: 'SUSPENDED', expiresAt: new Date(end + SUBSCRIPTION_GRACE_DAYS * DAY) });
    // Nothing more is charged; once end + grace has passed the license is EXPIRED.
    await renew(new Date(end + 6 * DAY));
    expect((await licenseOf(subscription.id)).status).toBe('SUSPENDED');
    expect((await renew(new Date())).expiredLicenses).toBeGreaterThanOrEqual(1);
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(1 + MAX_RENEWAL_ATTEMPTS);
    expect((await licenseOf(subscription.id)).status).toBe('EXPIRED');
    expect(await codeOf(subscription.id)).toBe('EXPIRED');
    const renewals = await ts.prisma.purchase.findMany({ where: { subscriptionId: subscription.id, NOT: { id: purchase.id } } });
    expect(renewals.map((p) => p.status)).toEqual(['FAILED']);
    expect((await ts.stripe.charges.list({ payment_intent: renewals[0]!.paymentIntentId })).data.filter((c) => c.status === 'failed')).toHaveLength(MAX_RENEWAL_ATTEMPTS);
    await expectLedgerBalanced(ts.prisma);
  });
});

describe('cancel at period end', () => {
  it('support cancels with a reason (audited): no charge at the period end, CANCELED, and the license expires at the period end', async () => {
    const { subscription, purchase } = await subscribe({ daysAgo: 35 });
    const { caller, user } = await callerAs(ts, ['SUPPORT']);
    const canceled = await caller.subscriptions.cancel({ subscriptionId: subscription.id, reason: 'Buyer asked to stop renewing' });
    expect(canceled).toMatchObject({ status: 'ACTIVE', cancelAtPeriodEnd: true, cancelReason: 'Buyer asked to stop renewing' });
    expect(await ts.prisma.auditLog.findFirst({ where: { targetId: subscription.id, action: 'subscriptions.cancel' } })).toMatchObject({ actorId: user.id, reason: 'Buyer asked to stop renewing' });
    await expect(caller.subscriptions.cancel({ subscriptionId: subscription.id, reason: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await licenseOf(subscription.id)).expiresAt).toEqual(subscription.currentPeriodEnd);

    expect((await renew(new Date(subscription.currentPeriodEnd.getTime() + HOUR))).canceled).toBeGreaterThanOrEqual(1);
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: 'CANCELED', nextRenewalAt: null });
    expect(await ts.prisma.purchase.count({ where: { subscriptionId: subscription.id } })).toBe(1);
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(1);
    expect((await licenseOf(subscription.id)).status).toBe('EXPIRED');
    expect(await codeOf(subscription.id)).toBe('EXPIRED');
  });

  it('an unknown subscription is NOT_FOUND', async () => {
    const { caller } = await callerAs(ts, ['FINANCE']);
    await expect(caller.subscriptions.cancel({ subscriptionId: 'sub_nope', reason: 'Buyer asked' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('on the purchase and license pages', () => {
  it('finance.purchase and licenses.get carry the subscription; the purchase lists the first payment and each renewal; a one-time purchase has none', async () => {
    const { subscription, purchase } = await subscribe({ priceAmount: 1200, daysAgo: 35 });
    await renew(new Date(subscription.currentPeriodEnd.getTime() + HOUR));
    const renewed = await subscriptionOf(subscription.id);
    const renewal = await ts.prisma.purchase.findFirstOrThrow({ where: { subscriptionId: subscription.id, NOT: { id: purchase.id } } });
    const { caller } = await callerAs(ts, ['ADMIN']);
    const expected = {
      id: subscription.id, status: 'ACTIVE', periodNumber: 2, currentPeriodStart: subscription.currentPeriodEnd, currentPeriodEnd: renewed.currentPeriodEnd,
      cancelAtPeriodEnd: false, canceledAt: null, cancelReason: null, failedRenewalAttempts: 0, nextRenewalAt: renewed.currentPeriodEnd,
    };

    for (const id of [purchase.id, renewal.id]) {
      const record = await caller.finance.purchase({ purchaseId: id });
      expect(record.subscription).toMatchObject(expected);
      expect(record.subscription!.purchases).toEqual([
        { id: purchase.id, amount: 1200, currency: 'usd', status: 'SUCCEEDED', createdAt: purchase.createdAt, paidAt: purchase.paidAt },
        { id: renewal.id, amount: 1200, currency: 'usd', status: 'SUCCEEDED', createdAt: renewal.createdAt, paidAt: renewal.paidAt },
      ]);
      expect(record.subscription).not.toHaveProperty('stripePaymentMethodId');
    }
    const license = await caller.licenses.get({ id: (await licenseOf(subscription.id)).id });
    expect(license.subscription).toEqual(expected);

    const { plugin } = await createSeller(ts.prisma);
    const oneTime = await buy(ts, plugin.id);
    await settle(ts);
    expect((await caller.finance.purchase({ purchaseId: oneTime.purchaseId })).subscription).toBeNull();
    const oneTimeLicense = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: oneTime.purchaseId } });
    expect((await caller.licenses.get({ id: oneTimeLicense.id })).subscription).toBeNull();
  });
});

describe('emulator', () => {
  it('refuses off_session without confirm, in Stripe\'s error format', async () => {
    const customer = await ts.stripe.customers.create({ email: 'x@example.com' });
    await expect(ts.stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', off_session: true })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'off_session' });
  });

  it('pm_card_chargeCustomerFail declines every charge made with a customer', async () => {
    const customer = await ts.stripe.customers.create({ email: 'y@example.com' });
    await expect(ts.stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_chargeCustomerFail', confirm: true, off_session: true })).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });
  });
});

describe('graceful shutdown', () => {
  it('a renewal run told to stop charges nothing more and releases the claims it took, so the next run renews at once (not after the lease)', async () => {
    const { subscription: before, purchase } = await subscribe();
    const at = new Date(before.currentPeriodEnd.getTime() + 2 * HOUR);
    const stopping = new AbortController();
    stopping.abort();
    expect(await renewDueSubscriptions(ts.app.deps, { at, signal: stopping.signal })).toMatchObject({ charged: 0, canceled: 0, failed: 0 });
    expect((await subscriptionOf(before.id)).renewalLockedUntil).toBeNull();
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(1);
    expect((await renew(at)).charged).toBeGreaterThanOrEqual(1);
    expect(await chargesOf(purchase.stripeCustomerId!)).toBe(2);
    expect((await subscriptionOf(before.id)).periodNumber).toBe(before.periodNumber + 1);
  });
});
