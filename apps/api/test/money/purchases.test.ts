/**
 * Purchases, the webhook inbox and refunds through the real app, the real SDK and the built-in
 * Stripe emulator over HTTP (embedded PGlite, or DATABASE_URL's server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { toMinorUnits } from '@marketdesk/shared';
import { resendPendingRefunds } from '../../src/modules/payments/index.ts';
import { restoreTransferGroup } from '../../src/modules/payments/sync-purchase.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, newRequestKey, purchaseLedger, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const stripeFee = (amount: number) => Math.floor((amount * 29 + 500) / 1000) + 30;
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

describe('purchases', () => {
  it('completes only from the webhook, with the destination charge split in the ledger', async () => {
    const { plugin, creator } = await createSeller(ts.prisma, { priceAmount: 2000 });
    const started = await buy(ts, plugin.id);
    expect(started.status).toBe('PENDING');
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: started.purchaseId } })).status).toBe('PENDING');
    await settle(ts);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: started.purchaseId } });
    expect(purchase).toMatchObject({ status: 'SUCCEEDED', amount: 2000, applicationFeeAmount: 200, currency: 'usd' });
    expect(purchase.chargeId).toMatch(/^ch_/);
    expect((await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } })).stripeAccountId).toMatch(/^acct_/);
    expect(await purchaseLedger(ts.prisma, purchase.id)).toEqual({ BUYER_PAYMENTS: -2000, CREATOR_PAYABLE: 1800, PLATFORM_FEES: 200, STRIPE_FEES: stripeFee(2000), STRIPE_BALANCE: -stripeFee(2000) });
    await expectLedgerBalanced(ts.prisma);
  });

  it('syncs a purchase once for its PaymentIntent, charge, application-fee and transfer events delivered together', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1500 });
    const started = await buy(ts, plugin.id);
    await ts.app.deps.stripe!.emulator!.waitForDeliveries();
    const pending = await ts.prisma.stripeEvent.findMany({ where: { status: 'PENDING' }, select: { type: true } });
    expect(pending.map((e) => e.type)).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'charge.succeeded', 'application_fee.created', 'transfer.created']));
    // Not subscribed to: stored nowhere (the endpoint only gets the types Marketdesk handles).
    expect(pending.map((e) => e.type)).not.toContain('payment_intent.created');
    const requests: string[] = [];
    const onRequest = (request: { method: string; path: string }) => requests.push(`${request.method} ${request.path}`);
    ts.stripe.on('request', onRequest);
    try {
      await settle(ts);
    } finally {
      ts.stripe.off('request', onRequest);
    }
    expect(requests.filter((r) => r.startsWith(`GET /v1/payment_intents/${started.paymentIntentId}`))).toHaveLength(1);
    // The transfer came expanded with the charge: its event needs no request of its own.
    expect(requests.filter((r) => r.startsWith('GET /v1/transfers'))).toEqual([]);
    expect(await ts.prisma.stripeEvent.count({ where: { status: { not: 'PROCESSED' }, type: { in: pending.map((e) => e.type) } } })).toBe(0);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: started.purchaseId }, include: { transfers: true } });
    expect(purchase.status).toBe('SUCCEEDED');
    expect(purchase.transfers).toEqual([expect.objectContaining({ stripeTransferId: purchase.transferId, amount: 1500, amountReversed: 0, currency: 'usd', creatorId: purchase.creatorId })]);
  });

  it('marks a declined card FAILED from the webhook and posts nothing', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const started = await buy(ts, plugin.id, { paymentMethod: 'pm_card_chargeDeclined' });
    expect(started.paymentError).toBeTruthy();
    await settle(ts);
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: started.purchaseId } })).status).toBe('FAILED');
    expect(await purchaseLedger(ts.prisma, started.purchaseId)).toEqual({});
  });

  it('previews each partial refund\'s split exactly as Stripe then posts it (one rule: cumulative rounding, so 333 + 333 + 334 of a 100 fee is 33 + 34 + 33)', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const previewed: number[] = [];
    const posted: number[] = [];
    const isFull: boolean[] = [];
    for (const amount of [333, 333, 334]) {
      const before = (await purchaseLedger(ts.prisma, purchaseId)).PLATFORM_FEES!;
      const preview = await caller.refunds.preview({ purchaseId, amount, currency: 'usd' });
      await caller.refunds.create({ purchaseId, amount, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() });
      await settle(ts);
      previewed.push(preview.platformShare);
      isFull.push(preview.isFullRefund);
      posted.push(before - (await purchaseLedger(ts.prisma, purchaseId)).PLATFORM_FEES!);
    }
    // A per-refund rounding (the preview's old copy of the rule) said 33 + 33 + 33 and left a unit of the fee unrefunded.
    expect(previewed).toEqual([33, 34, 33]);
    expect(posted).toEqual(previewed);
    // The last one refunds everything still refundable: a full refund (the license is revoked), although 334 is not the price.
    expect(isFull).toEqual([false, false, true]);
    expect((await ts.prisma.license.findFirstOrThrow({ where: { purchaseId } })).status).toBe('REVOKED');
    expect((await purchaseLedger(ts.prisma, purchaseId)).PLATFORM_FEES).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('handles JPY (zero-decimal) and KWD (three-decimal) in minor units', async () => {
    // Stripe takes three-decimal amounts ending in 0 (checkStripeAmount): 12.340 KWD, not 12.345.
    for (const [currency, price] of [['jpy', 1500], ['kwd', 12340]] as const) {
      const { plugin } = await createSeller(ts.prisma, { priceAmount: price, currency });
      const { purchaseId } = await buy(ts, plugin.id);
      await settle(ts);
      const ledger = await purchaseLedger(ts.prisma, purchaseId);
      expect(ledger.BUYER_PAYMENTS).toBe(-price);
      expect(ledger.PLATFORM_FEES).toBe(Math.round(price / 10));
      const { caller } = await callerAs(ts, ['FINANCE']);
      const half = currency === 'jpy' ? toMinorUnits('750', 'jpy') : toMinorUnits('6.170', 'kwd');
      if (currency === 'kwd') {
        const odd = { purchaseId, amount: half + 1, currency } as const;
        expect(await codeOf(caller.refunds.preview(odd))).toMatch(/BAD_REQUEST: .*KWD amounts must end in 0: 6\.171 KWD is not accepted by Stripe; use 6\.170 or 6\.180/s);
        expect(await codeOf(caller.refunds.create({ ...odd, reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*KWD amounts must end in 0/s);
      }
      const refund = await caller.refunds.create({ purchaseId, amount: half, currency, reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() });
      expect(refund.status).toBe('SUCCEEDED');
      expect((await purchaseLedger(ts.prisma, purchaseId)).REFUNDS).toBe(half);
    }
    await expectLedgerBalanced(ts.prisma);
  });
});

describe('refunds', () => {
  it('partial refund: creator and platform give back their shares; the KPIs change', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 5000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000), currency: 'usd' };
    const before = await caller.finance.kpis(period);
    const preview = await caller.refunds.preview({ purchaseId, amount: 1000, currency: 'usd' });
    expect(preview).toMatchObject({ amount: 1000, platformShare: 100, creatorShare: 900, refundable: 5000, isFullRefund: false });
    const refund = await caller.refunds.create({ purchaseId, amount: 1000, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'Asked nicely', requestKey: newRequestKey() });
    expect(refund).toMatchObject({ status: 'SUCCEEDED', amount: 1000 });
    expect(refund.stripeRefundId).toMatch(/^re_/);
    await settle(ts);
    expect(await purchaseLedger(ts.prisma, purchaseId)).toMatchObject({ REFUNDS: 1000, CREATOR_PAYABLE: 4500 - 900, PLATFORM_FEES: 500 - 100 });
    const after = await caller.finance.kpis(period);
    expect(after.refunds - before.refunds).toBe(1000);
    expect(after.platformFees - before.platformFees).toBe(-100);
    expect(after.creatorEarnings - before.creatorEarnings).toBe(-900);
    expect(await ts.prisma.auditLog.count({ where: { targetId: purchaseId, action: 'refunds.create' } })).toBe(1);
    const timeline = await caller.finance.purchase({ purchaseId });
    expect(timeline.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['purchase_created', 'payment', 'refund']));
    expect(timeline.refundable).toBe(4000);
    await expectLedgerBalanced(ts.prisma);
  });

  it('refuses zero, negative, fractional-free-but-over-cap, wrong currency and unpaid purchases with the reason', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 3000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const base = { purchaseId, currency: 'usd', reason: 'DUPLICATE' as const };
    expect(await codeOf(caller.refunds.create({ ...base, amount: 0, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*\$30\.00 .*remains refundable/);
    expect(await codeOf(caller.refunds.create({ ...base, amount: -5, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST/);
    expect(await codeOf(caller.refunds.create({ ...base, amount: 12.5, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST/);
    await caller.refunds.create({ ...base, amount: 2000, requestKey: newRequestKey() });
    expect(await codeOf(caller.refunds.create({ ...base, amount: 1001, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*\$10\.00 .*remains refundable/);
    expect(await codeOf(caller.refunds.create({ ...base, currency: 'eur', amount: 100, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*USD/);
    expect(await codeOf(caller.refunds.create({ ...base, purchaseId: 'pur_missing', amount: 100, requestKey: newRequestKey() }))).toMatch(/NOT_FOUND/);
    const failed = await buy(ts, plugin.id, { paymentMethod: 'pm_card_chargeDeclined' });
    await settle(ts);
    expect(await codeOf(caller.refunds.create({ ...base, purchaseId: failed.purchaseId, amount: 100, requestKey: newRequestKey() }))).toMatch(/BAD_REQUEST: .*not paid/);
    expect(await codeOf(caller.refunds.create({ ...base, amount: 1000, requestKey: newRequestKey() }))).toBe('OK');
    expect(await ts.prisma.refund.count({ where: { purchaseId } })).toBe(2);
  });

  it('a double-click (same request key) makes one Stripe refund', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const input = { purchaseId, amount: 500, currency: 'usd', reason: 'DUPLICATE' as const, requestKey: newRequestKey() };
    const [a, b] = [await caller.refunds.create(input), await caller.refunds.create(input)];
    expect(a.stripeRefundId).toBe(b.stripeRefundId);
    const charge = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    expect((await ts.stripe.refunds.list({ charge })).data).toHaveLength(1);
  });

  it('an open dispute blocks refunds; the chargeback posts to DISPUTES and reduces the cap', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 4000 });
    const { purchaseId } = await buy(ts, plugin.id, { paymentMethod: 'pm_card_createDispute' });
    await settle(ts);
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    expect(dispute.status).toBe('NEEDS_RESPONSE');
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect(await codeOf(caller.refunds.create({ purchaseId, amount: 100, currency: 'usd', reason: 'FRAUDULENT', requestKey: newRequestKey() }))).toMatch(/CONFLICT: .*open dispute/);
    expect(await purchaseLedger(ts.prisma, purchaseId)).toMatchObject({ DISPUTES: 4000, STRIPE_FEES: stripeFee(4000) + 1500 });
    await fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/disputes/${dispute.stripeDisputeId}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'lost' }) });
    await settle(ts);
    expect((await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } })).status).toBe('LOST');
    expect(await codeOf(caller.refunds.preview({ purchaseId, amount: 1, currency: 'usd' }))).toMatch(/BAD_REQUEST: .*\$0\.00/);
    await expectLedgerBalanced(ts.prisma);
  });

  it('a partial chargeback that was lost leaves nothing refundable, as Stripe says (charge_disputed), not the undisputed rest', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 2000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { chargeId } = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    const control = (path: string, body: object) => fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await control(`charges/${chargeId}/dispute`, { amount: 500 })).status).toBe(200);
    await settle(ts);
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    await control(`disputes/${dispute.stripeDisputeId}/resolve`, { outcome: 'lost' });
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const record = await caller.finance.purchase({ purchaseId });
    expect(record).toMatchObject({ refundable: 0, hasOpenDispute: false });
    expect(await codeOf(caller.refunds.preview({ purchaseId, amount: 100, currency: 'usd' }))).toMatch(/BAD_REQUEST: .*\$0\.00/);
    // Stripe (here its emulator) agrees: a refund of the undisputed 1,500 is refused.
    expect(await ts.stripe.refunds.create({ charge: chargeId!, amount: 1500 }).then(() => 'refunded', (e: { code?: string }) => e.code)).toBe('charge_disputed');
  });

  it('Stripe outage mid-refund: the refund stays pending and a retry completes it exactly once', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const input = { purchaseId, amount: 700, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER' as const, requestKey: newRequestKey() };
    const outage = await fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 10, mode: 'error', status: 503, when: 'after' }) });
    expect(outage.ok).toBe(true);
    expect(await codeOf(caller.refunds.create(input))).toMatch(/BAD_GATEWAY/);
    await fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/outage`, { method: 'DELETE' });
    const row = await ts.prisma.refund.findFirstOrThrow({ where: { purchaseId } });
    expect(row.status === 'PENDING' || row.stripeRefundId !== null).toBe(true);
    const retried = await caller.refunds.create(input);
    expect(retried.status).toBe('SUCCEEDED');
    await settle(ts);
    const charge = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    expect((await ts.stripe.refunds.list({ charge })).data).toHaveLength(1);
    expect(await ts.prisma.refund.count({ where: { purchaseId } })).toBe(1);
    expect(await ts.prisma.ledgerTransaction.count({ where: { purchaseId, kind: 'refund' } })).toBe(1);
    await expectLedgerBalanced(ts.prisma);
  });

  it('Stripe outage mid-refund: the resend job completes the pending refund without anyone asking, exactly once', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const input = { purchaseId, amount: 600, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER' as const, requestKey: newRequestKey() };
    const outageUrl = `${ts.app.deps.stripe!.emulatorUrl}/_emulator/outage`;
    await fetch(outageUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 100, mode: 'error', status: 503 }) });
    expect(await codeOf(caller.refunds.create(input))).toMatch(/BAD_GATEWAY: .*pending/);
    const pending = await ts.prisma.refund.findFirstOrThrow({ where: { purchaseId } });
    expect(pending).toMatchObject({ status: 'PENDING', stripeRefundId: null });
    // Still down: the job tries, Stripe does not answer, the refund stays pending (and audited once, as requested).
    expect(await resendPendingRefunds(ts.app.deps, { resendAfterSeconds: 0 })).toMatchObject({ confirmed: 0, unanswered: 1 });
    expect(await ts.prisma.refund.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: 'PENDING', stripeRefundId: null });
    await fetch(outageUrl, { method: 'DELETE' });
    // A refund whose lease has not lapsed is left alone; once it has, the job sends it with the same key.
    expect(await resendPendingRefunds(ts.app.deps, { resendAfterSeconds: 3600 })).toEqual({ confirmed: 0, refused: 0, unanswered: 0 });
    expect(await resendPendingRefunds(ts.app.deps, { resendAfterSeconds: 0 })).toEqual({ confirmed: 1, refused: 0, unanswered: 0 });
    expect(await resendPendingRefunds(ts.app.deps, { resendAfterSeconds: 0 })).toEqual({ confirmed: 0, refused: 0, unanswered: 0 });
    await settle(ts);
    const done = await ts.prisma.refund.findUniqueOrThrow({ where: { id: pending.id } });
    expect(done.status).toBe('SUCCEEDED');
    const charge = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    expect((await ts.stripe.refunds.list({ charge })).data.map((r) => r.id)).toEqual([done.stripeRefundId]);
    expect(await ts.prisma.ledgerTransaction.count({ where: { purchaseId, kind: 'refund' } })).toBe(1);
    const audit = await ts.prisma.auditLog.findMany({ where: { OR: [{ targetId: purchaseId, action: 'refunds.create' }, { targetId: pending.id }] }, orderBy: { occurredAt: 'asc' }, select: { action: true, actorEmail: true } });
    expect(audit.map((a) => a.action)).toEqual(['refunds.create', 'refunds.confirmed']);
    // The finance user's late resend answers the same refund.
    expect(await caller.refunds.create(input)).toMatchObject({ refundId: pending.id, status: 'SUCCEEDED' });
    await expectLedgerBalanced(ts.prisma);
  });

  it('a refund made directly at Stripe arrives by webhook and lands in the ledger; a failed one is reversed', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1000 });
    // A larger sale first, so that the platform's balance can pay the Dashboard refund and give the creator's share back.
    await buy(ts, (await createSeller(ts.prisma, { priceAmount: 100_000 })).plugin.id);
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const charge = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    await ts.stripe.refunds.create({ charge, amount: 300 });
    await ts.stripe.refunds.create({ charge, amount: 200, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
    await settle(ts);
    const refunds = await ts.prisma.refund.findMany({ where: { purchaseId }, orderBy: { amount: 'desc' } });
    expect(refunds.map((r) => [r.amount, r.status])).toEqual([[300, 'SUCCEEDED'], [200, 'FAILED']]);
    // The Dashboard refund without reverse_transfer is paid from the platform's balance. The failed
    // refund's fee refund (20) stays at Stripe, so PLATFORM_FEES is 80 and the platform's balance
    // holds those 20 instead: each object posts what Stripe reports, the platform's net is unchanged.
    expect(await purchaseLedger(ts.prisma, purchaseId)).toMatchObject({ REFUNDS: 300, STRIPE_BALANCE: -stripeFee(1000) - 300 + 20, CREATOR_PAYABLE: 900, PLATFORM_FEES: 80 });
    // The failed refund's transfer reversal (200) stays at Stripe; the creator's share of it
    // (200 − 20 fee refunded) goes back to them once, so Stripe agrees with the ledger again.
    const failed = refunds[1]!.stripeRefundId!;
    const restored = await ts.stripe.transfers.list({ transfer_group: restoreTransferGroup(failed) });
    expect(restored.data.map((t) => t.amount)).toEqual([180]);
    const { caller } = await callerAs(ts, ['FINANCE']);
    await ts.app.deps.stripe!.emulator!.control.resendEvent((await ts.stripe.events.list({ type: 'refund.failed', limit: 1 })).data[0]!.id);
    await settle(ts);
    expect((await ts.stripe.transfers.list({ transfer_group: restoreTransferGroup(failed) })).data).toHaveLength(1);
    const connected = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { creator: { select: { stripeAccountId: true } } } })).creator.stripeAccountId!;
    const balance = await ts.stripe.balance.retrieve({}, { stripeAccount: connected });
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).toBe(900);
    const reconciliation = await caller.finance.reconcile({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), currency: 'usd' });
    expect(reconciliation.difference).toBe(0);
    await expectLedgerBalanced(ts.prisma);
  });

  it('a failed refund\'s creator share waits with the platform while its balance cannot cover it, and goes back once it can', async () => {
    const own = await startMoneyServer();
    try {
      const { plugin, creator } = await createSeller(own.prisma, { priceAmount: 1000 });
      const { purchaseId } = await buy(own, plugin.id);
      await settle(own);
      const charge = (await own.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
      // The platform pays a Dashboard refund from its own balance, then a refund with reversal fails.
      await own.stripe.refunds.create({ charge, amount: 500 });
      const failing = await own.stripe.refunds.create({ charge, amount: 500, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
      await settle(own);
      const connected = (await own.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } })).stripeAccountId!;
      const creatorBalance = async () => (await own.stripe.balance.retrieve({}, { stripeAccount: connected })).available.find((b) => b.currency === 'usd')?.amount;
      const period = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), currency: 'usd' };
      const { caller } = await callerAs(own, ['FINANCE']);
      // Not enough on the platform for the 450 share: Stripe and the ledger both leave it there.
      expect((await own.stripe.transfers.list({ transfer_group: restoreTransferGroup(failing.id) })).data).toEqual([]);
      expect(await creatorBalance()).toBe(450);
      expect((await purchaseLedger(own.prisma, purchaseId)).CREATOR_PAYABLE).toBe(450);
      expect((await caller.finance.reconcile(period)).difference).toBe(0);
      expect(await own.prisma.stripeEvent.count({ where: { status: { in: ['FAILED', 'DEAD'] } } })).toBe(0);
      // A large sale fills the platform's balance; the next sync of the purchase gives the share back.
      await buy(own, (await createSeller(own.prisma, { priceAmount: 100_000 })).plugin.id);
      await settle(own);
      const failedEvent = await own.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'refund.failed' } });
      await caller.stripeEvents.replay({ id: failedEvent.id });
      await settle(own);
      expect((await own.stripe.transfers.list({ transfer_group: restoreTransferGroup(failing.id) })).data.map((t) => t.amount)).toEqual([450]);
      expect(await creatorBalance()).toBe(900);
      expect((await purchaseLedger(own.prisma, purchaseId)).CREATOR_PAYABLE).toBe(900);
      expect((await caller.finance.reconcile(period)).difference).toBe(0);
      await expectLedgerBalanced(own.prisma);
    } finally {
      await own.close();
    }
  });
});
