/**
 * Money on the edge flows a finance team audits (issue 12): each test failed before every Stripe
 * money object posted its own ledger transaction. After each flow the purchase's ledger equals
 * what Stripe's objects say (stripeViewOfPurchase, computed from Stripe alone), each refund's
 * preview equals what Stripe then made, and the platform reconciles to 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreTransferGroup } from '../../src/modules/payments/sync-purchase.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, newRequestKey, settle, startMoneyServer, type MoneyServer } from './helpers.ts';
import { purchaseLedgerNonZero, stripeViewOfPurchase } from './stripe-view.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
  // A large sale first, so that the platform's balance can pay refunds and give creators' shares back.
  await buy(ts, (await createSeller(ts.prisma, { priceAmount: 5_000_000 })).plugin.id);
  await settle(ts);
});
afterAll(async () => ts?.close());

const period = (currency: string) => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), currency });

/** Buys a plugin of `priceAmount` in `currency` and waits until it is paid. */
async function paidSale(priceAmount: number, currency = 'usd') {
  const seller = await createSeller(ts.prisma, { priceAmount, currency });
  const { purchaseId } = await buy(ts, seller.plugin.id);
  await settle(ts);
  const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
  expect(purchase.status).toBe('SUCCEEDED');
  return { ...seller, purchase };
}

/** The ids of the charge's transfer reversals and application-fee refunds, to see what one refund made. */
async function stripeObjectsOf(chargeId: string) {
  const charge = await ts.stripe.charges.retrieve(chargeId);
  const reversals = (await ts.stripe.transfers.listReversals(charge.transfer as string, { limit: 100 })).data;
  const feeRefunds = (await ts.stripe.applicationFees.listRefunds(charge.application_fee as string, { limit: 100 })).data;
  return { reversals, feeRefunds };
}

/** Refunds `amounts` one by one through the API, checking each preview against the objects Stripe made for it. */
async function refundInTurn(purchaseId: string, chargeId: string, currency: string, amounts: number[]) {
  const { caller } = await callerAs(ts, ['FINANCE']);
  for (const amount of amounts) {
    const preview = await caller.refunds.preview({ purchaseId, amount, currency });
    const before = await stripeObjectsOf(chargeId);
    const done = await caller.refunds.create({ purchaseId, amount, currency, reason: 'REQUESTED_BY_CUSTOMER', note: 'edge flow', revokeLicense: false, requestKey: newRequestKey() });
    expect(done.status).toBe('SUCCEEDED');
    await settle(ts);
    const after = await stripeObjectsOf(chargeId);
    const made = <T extends { id: string; amount: number }>(was: T[], is: T[]) => is.filter((o) => !was.some((w) => w.id === o.id)).reduce((s, o) => s + o.amount, 0);
    const reversed = made(before.reversals, after.reversals);
    const feeRefunded = made(before.feeRefunds, after.feeRefunds);
    expect({ creatorShare: reversed - feeRefunded, platformShare: amount - (reversed - feeRefunded) }, `refund of ${amount}`).toEqual({ creatorShare: preview.creatorShare, platformShare: preview.platformShare });
  }
}

describe('every Stripe money object posts itself', () => {
  it('USD 10.05 refunded 0.01 + 0.01 + 0.01 + 10.02: a fee share rounding to 0 makes no fee refund, and nothing shifts (was PLATFORM_FEES +101 / CREATOR_PAYABLE −101)', async () => {
    const { purchase } = await paidSale(1005);
    await refundInTurn(purchase.id, purchase.chargeId!, 'usd', [1, 1, 1, 1002]);
    const ledger = await purchaseLedgerNonZero(ts.prisma, purchase.id);
    expect(ledger).toEqual(await stripeViewOfPurchase(ts, purchase.id));
    // Fully refunded: Stripe reversed the whole transfer and refunded the whole fee.
    expect(ledger.PLATFORM_FEES ?? 0).toBe(0);
    expect(ledger.CREATOR_PAYABLE ?? 0).toBe(0);
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).status).toBe('REFUNDED');
    expect((await (await callerAs(ts, ['FINANCE'])).caller.finance.reconcile(period('usd'))).difference).toBe(0);
  });

  it('KRW refunded in tiny parts (zero-decimal): no unit left with the platform or the creator (was +1/−1)', async () => {
    const { purchase } = await paidSale(1000, 'krw');
    await refundInTurn(purchase.id, purchase.chargeId!, 'krw', [5, 5, 5, 985]);
    const ledger = await purchaseLedgerNonZero(ts.prisma, purchase.id);
    expect(ledger).toEqual(await stripeViewOfPurchase(ts, purchase.id));
    expect(ledger.PLATFORM_FEES ?? 0).toBe(0);
    expect(ledger.CREATOR_PAYABLE ?? 0).toBe(0);
    expect((await (await callerAs(ts, ['FINANCE'])).caller.finance.reconcile(period('krw'))).difference).toBe(0);
  });

  it('a Dashboard refund that only refunds the application fee posts that fee refund (was dropped: platform net −988 against Stripe −1,088)', async () => {
    const { purchase } = await paidSale(1000);
    await ts.stripe.refunds.create({ charge: purchase.chargeId!, amount: 1000, refund_application_fee: true });
    await settle(ts);
    const ledger = await purchaseLedgerNonZero(ts.prisma, purchase.id);
    expect(ledger).toEqual(await stripeViewOfPurchase(ts, purchase.id));
    // The platform paid the refund and gave its fee back; the creator keeps the transfer and the fee.
    expect(ledger.CREATOR_PAYABLE).toBe(1000);
    expect(ledger.PLATFORM_FEES ?? 0).toBe(0);
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).status).toBe('REFUNDED');
    expect((await (await callerAs(ts, ['FINANCE'])).caller.finance.reconcile(period('usd'))).difference).toBe(0);
  });

  it('a refund retried after a failed one takes the creator\'s share back as the preview said (was: the platform paid all of it)', async () => {
    const { purchase, creator } = await paidSale(1000);
    const charge = purchase.chargeId!;
    // The first attempt (made with reversal and fee refund) fails; its creator share (900) goes back to the creator.
    const failing = await ts.stripe.refunds.create({ charge, amount: 1000, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
    await settle(ts);
    expect((await ts.stripe.transfers.list({ transfer_group: restoreTransferGroup(failing.id) })).data.map((t) => t.amount)).toEqual([900]);
    const connected = (await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } })).stripeAccountId!;
    const creatorBalance = async () => (await ts.stripe.balance.retrieve({}, { stripeAccount: connected })).available.find((b) => b.currency === 'usd')?.amount ?? 0;
    expect(await creatorBalance()).toBe(900);

    const { caller } = await callerAs(ts, ['FINANCE']);
    const preview = await caller.refunds.preview({ purchaseId: purchase.id, amount: 1000, currency: 'usd' });
    expect(preview).toMatchObject({ creatorShare: 900, platformShare: 100, isFullRefund: true });
    await caller.refunds.create({ purchaseId: purchase.id, amount: 1000, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'retry', revokeLicense: false, requestKey: newRequestKey() });
    await settle(ts);
    // The creator gave back their 900 (from the restoring transfer), the platform its 100.
    expect(await creatorBalance()).toBe(0);
    const ledger = await purchaseLedgerNonZero(ts.prisma, purchase.id);
    expect(ledger).toEqual(await stripeViewOfPurchase(ts, purchase.id));
    expect(ledger.CREATOR_PAYABLE ?? 0).toBe(0);
    // No second restore: the share went to the buyer.
    expect((await ts.stripe.transfers.list({ transfer_group: restoreTransferGroup(failing.id) })).data).toHaveLength(1);
    expect((await caller.finance.reconcile(period('usd'))).difference).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('a partially refunded purchase says so; the full rest makes it REFUNDED', async () => {
    const { purchase } = await paidSale(2000);
    await refundInTurn(purchase.id, purchase.chargeId!, 'usd', [500]);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).toMatchObject({ status: 'PARTIALLY_REFUNDED', amountRefunded: 500 });
    await refundInTurn(purchase.id, purchase.chargeId!, 'usd', [1500]);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).toMatchObject({ status: 'REFUNDED', amountRefunded: 2000 });
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect((await caller.finance.purchase({ purchaseId: purchase.id })).refundable).toBe(0);
  });
});

describe('a full refund of a subscription payment', () => {
  async function subscribed() {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 900 });
    await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    return ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
  }

  it('cancels the subscription at once (was: ACTIVE, renewing next month) and the preview says so', async () => {
    const purchase = await subscribed();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const partial = await caller.refunds.preview({ purchaseId: purchase.id, amount: 100, currency: 'usd' });
    expect(partial.subscription).toMatchObject({ id: purchase.subscriptionId, willCancel: false });
    const full = await caller.refunds.preview({ purchaseId: purchase.id, amount: 900, currency: 'usd' });
    expect(full.subscription).toMatchObject({ id: purchase.subscriptionId, willCancel: true });
    await caller.refunds.create({ purchaseId: purchase.id, amount: 900, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'full', revokeLicense: false, requestKey: newRequestKey() });
    await settle(ts);
    const subscription = await ts.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } });
    expect(subscription).toMatchObject({ status: 'CANCELED', nextRenewalAt: null });
    const license = await ts.prisma.license.findFirstOrThrow({ where: { subscriptionId: purchase.subscriptionId! } });
    expect(['EXPIRED', 'REVOKED']).toContain(license.status);
    expect(await ts.prisma.auditLog.count({ where: { action: 'subscriptions.canceledByRefund', targetId: subscription.id } })).toBe(1);
  });

  it('keeps it when finance chooses to', async () => {
    const purchase = await subscribed();
    const { caller } = await callerAs(ts, ['FINANCE']);
    const full = await caller.refunds.preview({ purchaseId: purchase.id, amount: 900, currency: 'usd', keepSubscription: true });
    expect(full.subscription).toMatchObject({ willCancel: false });
    await caller.refunds.create({ purchaseId: purchase.id, amount: 900, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'goodwill', revokeLicense: false, keepSubscription: true, requestKey: newRequestKey() });
    await settle(ts);
    expect((await ts.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } })).status).toBe('ACTIVE');
  });
});
