/**
 * Settlement currency and pending funds (issue 12). A platform settling in USD sells a plugin
 * priced in EUR: the Purchase keeps what the buyer paid (EUR) and the settled amount (USD); the
 * ledger posts every Stripe object in USD, as its balance transaction says; after a partial
 * refund, a failed refund whose creator share is given back, and a lost dispute, the purchase's
 * ledger equals Stripe's objects and reconcile in USD finds 0. Then a platform whose funds are
 * still pending when a refund fails: the restore is refused (balance_insufficient), the restore
 * job retries once the funds are available, and the share goes back exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restorePendingCreatorShares, restoreTransferGroup } from '../../src/modules/payments/sync-purchase.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, newRequestKey, settle, startMoneyServer, type MoneyServer } from './helpers.ts';
import { purchaseLedgerNonZero, stripeViewOfPurchase } from './stripe-view.ts';

const HOUR_MS = 3_600_000;
const DAY_SECONDS = 86_400;

async function expectLedgerEqualsStripe(ts: MoneyServer, purchaseId: string, label: string) {
  expect(await purchaseLedgerNonZero(ts.prisma, purchaseId), label).toEqual(await stripeViewOfPurchase(ts, purchaseId));
}

async function reconcileDifference(ts: MoneyServer, currency: string, to = new Date(Date.now() + 60_000)) {
  const { caller } = await callerAs(ts, ['FINANCE']);
  return (await caller.finance.reconcile({ from: new Date(Date.now() - HOUR_MS), to, currency })).difference;
}

describe('a platform settling in USD sells in EUR', () => {
  let ts: MoneyServer;
  beforeAll(async () => {
    ts = await startMoneyServer();
    ts.app.deps.stripe!.emulator!.control.configureSettlement({ settlementCurrency: 'usd' });
    // A large sale first, so that the platform's USD balance can give creators' shares back.
    await buy(ts, (await createSeller(ts.prisma, { priceAmount: 5_000_000 })).plugin.id);
    await settle(ts);
  });
  afterAll(async () => ts?.close());

  it('posts the purchase, a partial refund, a failed refund with its restore and a lost dispute in USD; ledger = Stripe and reconcile 0 after each', { timeout: 120_000 }, async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 2000, currency: 'eur' });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    // What the buyer paid stays; €20.00 settled as $22.00 at the emulator's rate (1.1).
    expect(purchase).toMatchObject({ status: 'SUCCEEDED', amount: 2000, currency: 'eur', settlementCurrency: 'usd', settlementAmount: 2200 });
    const currencies = await ts.prisma.$queryRaw<{ currency: string }[]>`
      SELECT DISTINCT e.currency FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId" WHERE t."purchaseId" = ${purchaseId}`;
    expect(currencies).toEqual([{ currency: 'usd' }]);
    await expectLedgerEqualsStripe(ts, purchaseId, 'paid');
    expect(await reconcileDifference(ts, 'usd')).toBe(0);

    // A partial refund through Marketdesk, in what the buyer paid (EUR).
    const { caller } = await callerAs(ts, ['FINANCE']);
    const preview = await caller.refunds.preview({ purchaseId, amount: 500, currency: 'eur' });
    // In EUR what finance refunds; in USD what Stripe's reversal (550) and fee refund (55) will move.
    expect(preview).toMatchObject({ amount: 500, currency: 'eur', creatorShare: 450, platformShare: 50, settlement: { currency: 'usd', amount: 550, creatorShare: 495, platformShare: 55 } });
    const done = await caller.refunds.create({ purchaseId, amount: 500, currency: 'eur', reason: 'REQUESTED_BY_CUSTOMER', note: 'settlement', revokeLicense: false, requestKey: newRequestKey() });
    expect(done).toMatchObject({ status: 'SUCCEEDED', amount: 500, currency: 'eur' });
    await settle(ts);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).toMatchObject({ status: 'PARTIALLY_REFUNDED', amountRefunded: 500 });
    const ledger = await purchaseLedgerNonZero(ts.prisma, purchaseId);
    // $22.00 − $5.50 refunded; the creator gave back 550 − 55 of their 2200 − 220.
    expect(ledger).toMatchObject({ BUYER_PAYMENTS: -2200, REFUNDS: 550, CREATOR_PAYABLE: 1980 - 495, PLATFORM_FEES: 220 - 55 });
    await expectLedgerEqualsStripe(ts, purchaseId, 'partial refund');
    expect(await reconcileDifference(ts, 'usd')).toBe(0);

    // A refund that fails: the money comes back, and the creator's share is transferred back in USD.
    const failing = await ts.stripe.refunds.create({ charge: purchase.chargeId!, amount: 500, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
    await settle(ts);
    const restores = (await ts.stripe.transfers.list({ transfer_group: restoreTransferGroup(failing.id) })).data;
    expect(restores.map((t) => ({ amount: t.amount, currency: t.currency }))).toEqual([{ amount: 495, currency: 'usd' }]);
    await expectLedgerEqualsStripe(ts, purchaseId, 'failed refund restored');
    expect(await reconcileDifference(ts, 'usd')).toBe(0);

    // A chargeback of the rest (€15.00 = $16.50), lost.
    const control = ts.app.deps.stripe!.emulator!.control;
    const dispute = await control.openDispute(purchase.chargeId!, { amount: 1500 });
    await settle(ts);
    await control.resolveDispute(dispute.id, 'lost');
    await settle(ts);
    expect(await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } })).toMatchObject({ status: 'LOST', amount: 1500, currency: 'eur' });
    expect((await purchaseLedgerNonZero(ts.prisma, purchaseId)).DISPUTES).toBe(1650);
    await expectLedgerEqualsStripe(ts, purchaseId, 'dispute lost');
    expect(await reconcileDifference(ts, 'usd')).toBe(0);
    // Nothing is posted in EUR: finance figures in EUR are empty, those in USD hold the sale.
    expect(await reconcileDifference(ts, 'eur')).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });
});

describe('a failed refund while the platform\'s funds are pending', () => {
  let ts: MoneyServer;
  beforeAll(async () => {
    ts = await startMoneyServer();
    ts.app.deps.stripe!.emulator!.control.configureSettlement({ availabilityDelaySeconds: 2 * DAY_SECONDS });
  });
  afterAll(async () => {
    ts?.app.deps.stripe!.emulator!.control.setClock({ isReset: true });
    await ts?.close();
  });

  it('waits for available funds, then the restore job gives the creator\'s share back exactly once; ledger = Stripe and reconcile 0', { timeout: 120_000 }, async () => {
    const { plugin, creator } = await createSeller(ts.prisma, { priceAmount: 1000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    const platformBalance = async () => {
      const balance = await ts.stripe.balance.retrieve();
      const usd = (amounts: { currency: string; amount: number }[]) => amounts.find((b) => b.currency === 'usd')?.amount ?? 0;
      return { available: usd(balance.available), pending: usd(balance.pending) };
    };
    // Charge net 941 − transfer 1000 + application fee 100, all pending for two days.
    expect(await platformBalance()).toEqual({ available: 0, pending: 41 });

    const failing = await ts.stripe.refunds.create({ charge: purchase.chargeId!, amount: 1000, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
    await settle(ts);
    const group = restoreTransferGroup(failing.id);
    // The share (1000 reversed − 100 fee refunded) came back as pending funds: the transfer is refused and scheduled.
    expect((await ts.stripe.transfers.list({ transfer_group: group })).data).toEqual([]);
    const refund = await ts.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: failing.id } });
    expect(refund.status).toBe('FAILED');
    expect(refund.restoreRetryAt).not.toBeNull();
    await expectLedgerEqualsStripe(ts, purchaseId, 'restore refused');
    expect(await reconcileDifference(ts, 'usd')).toBe(0);

    // The job's next run, funds still pending: refused again, rescheduled.
    const start = Date.now();
    const at = (ms: number) => ({ ...ts.app.deps, clock: { now: () => new Date(start + ms) } });
    expect(await restorePendingCreatorShares(at(2 * HOUR_MS))).toBe(1);
    expect((await ts.stripe.transfers.list({ transfer_group: group })).data).toEqual([]);
    expect((await ts.prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).restoreRetryAt!.getTime()).toBeGreaterThan(start + 2 * HOUR_MS);

    // Two days later the funds are available: the next run transfers the share, once.
    ts.app.deps.stripe!.emulator!.control.setClock({ advanceSeconds: 2 * DAY_SECONDS + 60 });
    expect(await platformBalance()).toEqual({ available: 941, pending: 0 });
    const later = at(2 * DAY_SECONDS * 1000 + 4 * HOUR_MS);
    expect(await restorePendingCreatorShares(later)).toBe(1);
    expect(await restorePendingCreatorShares(later)).toBe(0);
    expect(await restorePendingCreatorShares(at(2 * DAY_SECONDS * 1000 + 8 * HOUR_MS))).toBe(0);
    await settle(ts);
    expect((await ts.stripe.transfers.list({ transfer_group: group })).data.map((t) => t.amount)).toEqual([900]);
    expect((await ts.prisma.refund.findUniqueOrThrow({ where: { id: refund.id } })).restoreRetryAt).toBeNull();
    const connected = (await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } })).stripeAccountId!;
    const creatorBalance = await ts.stripe.balance.retrieve({}, { stripeAccount: connected });
    // The payment (1000 − 100 fee), less the reversal and plus the fee refund, plus the restore: 900 available.
    expect(creatorBalance.available.find((b) => b.currency === 'usd')?.amount).toBe(900);
    await expectLedgerEqualsStripe(ts, purchaseId, 'restored once');
    expect(await reconcileDifference(ts, 'usd', new Date(Date.now() + 3 * DAY_SECONDS * 1000))).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });
});
