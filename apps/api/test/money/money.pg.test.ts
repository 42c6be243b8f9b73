/**
 * Money races and delivery on the PostgreSQL server (PGlite is one session and cannot race):
 * the same refund requested 5 times at once by two API processes; 1,000+ webhook events
 * delivered twice each in shuffled order to one app, once in order to another — same ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import pino from 'pino';
import { createApp, type App } from '../../src/app.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { createPurchase, ensureConnectedAccount } from '../../src/modules/payments/create-purchase.ts';
import { createRefund } from '../../src/modules/payments/refunds.ts';
import { drainStripeEvents } from '../../src/modules/payments/stripe-events.ts';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createTestUser, openTestDatabase, tempDir, testConfig, testSessionKeys, type TestDatabase } from '../harness.ts';
import { startHarness, type EmulatorHarness } from '@marketdesk/stripe-emulator/testing';
import { expectLedgerBalanced } from './helpers.ts';

let harness: EmulatorHarness;
const opened: { db: TestDatabase; app: App; url: string; second: Database }[] = [];

async function openApp() {
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  const app = await createApp({ config: testConfig({ stripeEmulatorUrl: harness.emulator.url }), db, sessionKeys: testSessionKeys, log: pino({ level: 'silent' }) });
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  const second = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
  const entry = { db, app, url, second };
  opened.push(entry);
  return entry;
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  for (const o of opened) {
    await o.second.close();
    await o.app.close();
  }
  await harness?.close();
});

/** `creators` creators, each onboarded at Stripe (their connected account can receive transfers), with one published plugin. */
async function seedCatalog(app: App, creators: number, price: (i: number) => number) {
  const prisma = app.deps.prisma;
  for (let i = 0; i < creators; i += 1) {
    await prisma.creatorAccount.create({ data: { id: `cr_${i}`, slug: `@race-${i}`, displayName: `Race ${i}` } });
    await harness.emulator.control.completeOnboarding(await ensureConnectedAccount(app.deps, { creatorId: `cr_${i}` }));
    await prisma.plugin.create({ data: { id: `pl_${i}`, name: `race-plugin-${i}`, creatorId: `cr_${i}`, priceAmount: price(i), currency: i % 5 === 4 ? 'jpy' : 'usd', status: 'PUBLISHED' } });
  }
}

describe('on the PostgreSQL server', () => {
  it('the same refund requested 5 times at once → one Stripe refund, one ledger transaction', async () => {
    const { app, second } = await openApp();
    const prisma = app.deps.prisma;
    await seedCatalog(app, 1, () => 5000);
    const finance = await createTestUser(prisma, ['FINANCE']);
    const actor = { userId: finance.id, email: finance.email, requestId: 'race', ip: null };
    for (let round = 0; round < 3; round += 1) {
      const purchase = await createPurchase(app.deps, { pluginId: 'pl_0', buyerEmail: `race-${round}@example.com`, paymentMethod: 'pm_card_visa' });
      await harness.emulator.flush();
      await app.deps.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.purchaseId } });
      const { syncPurchase } = await import('../../src/modules/payments/sync-purchase.ts');
      await syncPurchase(app.deps, { paymentIntentId: purchase.paymentIntentId! });
      const input = { purchaseId: purchase.purchaseId, amount: 1200, currency: 'usd', reason: 'DUPLICATE' as const, note: '', revokeLicense: false, requestKey: `double-click-${round}` };
      const secondDeps = { ...app.deps, prisma: second.prisma };
      const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => createRefund(i % 2 ? secondDeps : app.deps, { ...input, actor })));
      const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof createRefund>>> => r.status === 'fulfilled');
      expect(ok.length, JSON.stringify(results.filter((r) => r.status === 'rejected'))).toBe(5);
      expect(new Set(ok.map((r) => r.value.stripeRefundId)).size).toBe(1);
      const chargeId = (await prisma.purchase.findUniqueOrThrow({ where: { id: purchase.purchaseId } })).chargeId!;
      expect((await harness.stripe.refunds.list({ charge: chargeId })).data).toHaveLength(1);
      expect(await prisma.refund.count({ where: { purchaseId: purchase.purchaseId } })).toBe(1);
      expect(await prisma.ledgerTransaction.count({ where: { purchaseId: purchase.purchaseId, kind: 'refund' } })).toBe(1);
    }
    await expectLedgerBalanced(prisma);
  });

  it('1,000 webhook events delivered twice each in shuffled order → the same ledger as in-order single delivery', async () => {
    const inOrder = await openApp();
    const shuffled = await openApp();
    const stripe = inOrder.app.deps.stripe!.stripe;
    const since = Math.floor(Date.now() / 1000) - 1;
    const creators = 20;
    await seedCatalog(inOrder.app, creators, (i) => (i % 5 === 4 ? 1500 : 1000 + i * 137));
    // Purchases through the app on the in-order side; their rows are copied to the other side.
    const purchases: { purchaseId: string; paymentIntentId: string | null }[] = [];
    for (let i = 0; i < 115; i += 1) {
      const pm = i % 15 === 7 ? 'pm_card_createDispute' : i % 23 === 11 ? 'pm_card_chargeDeclined' : 'pm_card_visa';
      purchases.push(await createPurchase(inOrder.app.deps, { pluginId: `pl_${i % creators}`, buyerEmail: `buyer-${i}@example.com`, paymentMethod: pm }));
    }
    await harness.emulator.flush();
    const rows = await inOrder.app.deps.prisma.purchase.findMany({ where: { id: { in: purchases.map((p) => p.purchaseId) } } });
    const accounts = await inOrder.app.deps.prisma.creatorAccount.findMany({ where: { id: { startsWith: 'cr_' } } });
    await shuffled.app.deps.prisma.creatorAccount.createMany({ data: accounts });
    await shuffled.app.deps.prisma.plugin.createMany({ data: await inOrder.app.deps.prisma.plugin.findMany({ where: { id: { startsWith: 'pl_' } } }) });
    await shuffled.app.deps.prisma.purchase.createMany({ data: rows.map((r) => ({ ...r, status: 'PENDING' as const, chargeId: null, paidAt: null, applicationFeeId: null, transferId: null })) });
    // Refunds at Stripe (full, partial, failing), disputes decided, payouts paid and failed.
    const charges = (await stripe.charges.list({ limit: 100, created: { gte: since } }).autoPagingToArray({ limit: 1000 })).filter((c) => c.status === 'succeeded' && !c.disputed);
    for (const [i, charge] of charges.entries()) {
      if (i % 3 === 0) await stripe.refunds.create({ charge: charge.id, amount: Math.floor(charge.amount / 3), reverse_transfer: true, refund_application_fee: true });
      if (i % 3 === 0 && i % 2 === 0) await stripe.refunds.create({ charge: charge.id, reverse_transfer: true, refund_application_fee: true });
      if (i % 3 === 0) continue;
      if (i % 7 === 1) await stripe.refunds.create({ charge: charge.id, amount: 100, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
      else if (i % 11 === 5) await stripe.refunds.create({ charge: charge.id, amount: 50 });
    }
    await harness.emulator.flush();
    for (const [i, dispute] of (await stripe.disputes.list({ limit: 100, created: { gte: since } })).data.entries()) {
      await fetch(`${harness.emulator.url}/_emulator/disputes/${dispute.id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: i % 2 ? 'won' : 'lost' }) });
    }
    for (const [i, account] of accounts.entries()) {
      const balance = await stripe.balance.retrieve({}, { stripeAccount: account.stripeAccountId! });
      for (const available of balance.available.filter((b) => b.amount > 100)) {
        const payout = await stripe.payouts.create({ amount: Math.floor(available.amount / 2), currency: available.currency }, { stripeAccount: account.stripeAccountId! });
        await fetch(`${harness.emulator.url}/_emulator/payouts/${payout.id}/${i % 4 === 3 ? 'fail' : 'paid'}`, { method: 'POST' });
      }
    }
    await harness.emulator.flush();
    // Every event of the platform and of the connected accounts, oldest first.
    const events: Stripe.Event[] = await stripe.events.list({ limit: 100, created: { gte: since } }).autoPagingToArray({ limit: 10_000 });
    for (const account of accounts) events.push(...(await stripe.events.list({ limit: 100, created: { gte: since } }, { stripeAccount: account.stripeAccountId! }).autoPagingToArray({ limit: 10_000 })));
    events.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
    expect(events.length).toBeGreaterThanOrEqual(1000);

    const secret = inOrder.app.deps.stripe!.webhookSecret!;
    const deliver = async (url: string, event: Stripe.Event) => {
      const body = JSON.stringify(event);
      const response = await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(body, secret, Math.floor(Date.now() / 1000)) }, body });
      expect(response.status).toBe(200);
    };
    // In order, once each, processed one at a time.
    for (const event of events) {
      await deliver(inOrder.url, event);
      await drainStripeEvents(inOrder.app.deps, { workerId: 'in-order', concurrency: 1 });
    }
    // Twice each, shuffled, 16 deliveries in flight, two worker processes draining meanwhile.
    const twice = [...events, ...events].map((e) => ({ e, k: Math.random() })).sort((a, b) => a.k - b.k).map(({ e }) => e);
    let isDelivering = true;
    const workers = [shuffled.app.deps.prisma, shuffled.second.prisma].map(async (prisma, w) => {
      const deps = { ...shuffled.app.deps, prisma };
      while (isDelivering) await drainStripeEvents(deps, { workerId: `shuffled-${w}`, concurrency: 8 });
      await drainStripeEvents(deps, { workerId: `shuffled-${w}`, concurrency: 8 });
    });
    for (let i = 0; i < twice.length; i += 16) await Promise.all(twice.slice(i, i + 16).map((e) => deliver(shuffled.url, e)));
    isDelivering = false;
    await Promise.all(workers);

    const ledgerOf = async (prisma: PrismaClient) => {
      const rows = await prisma.$queryRaw<{ key: string; account: string; creator: string | null; currency: string; total: bigint; at: Date }[]>`
        SELECT t."externalKey" AS key, e."accountType"::text AS account, e."creatorId" AS creator, e.currency, SUM(e.amount)::bigint AS total, t."occurredAt" AS at
          FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t.id = e."transactionId"
         GROUP BY 1, 2, 3, 4, 6 ORDER BY 1, 2, 3, 4`;
      return rows.map((r) => `${r.key} ${r.account} ${r.creator} ${r.currency} ${r.total} ${r.at.toISOString()}`);
    };
    const expected = await ledgerOf(inOrder.app.deps.prisma);
    expect(expected.length).toBeGreaterThan(300);
    expect(await ledgerOf(shuffled.app.deps.prisma)).toEqual(expected);
    const statuses = async (prisma: PrismaClient) => ({
      purchases: (await prisma.purchase.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } })).map((p) => `${p.id}:${p.status}`),
      refunds: (await prisma.refund.findMany({ select: { stripeRefundId: true, status: true }, orderBy: { stripeRefundId: 'asc' } })).map((r) => `${r.stripeRefundId}:${r.status}`),
      disputes: (await prisma.dispute.findMany({ select: { stripeDisputeId: true, status: true }, orderBy: { stripeDisputeId: 'asc' } })).map((d) => `${d.stripeDisputeId}:${d.status}`),
      payouts: (await prisma.payout.findMany({ select: { stripePayoutId: true, status: true }, orderBy: { stripePayoutId: 'asc' } })).map((p) => `${p.stripePayoutId}:${p.status}`),
    });
    expect(await statuses(shuffled.app.deps.prisma)).toEqual(await statuses(inOrder.app.deps.prisma));
    // Two workers may process events about the same object at once; the loser's attempt fails
    // and is retried with backoff — never dead-lettered. Let the backoff elapse and drain again.
    const prisma = shuffled.app.deps.prisma;
    expect(await prisma.stripeEvent.count({ where: { status: 'DEAD' } })).toBe(0);
    await prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
    await drainStripeEvents(shuffled.app.deps, { workerId: 'shuffled-retry', concurrency: 8 });
    // What is left are events about purchases of other scenarios in this file (the emulator is
    // shared): neither app knows them, so both keep them for retry — the same set in both.
    const unprocessed = async (db: PrismaClient) =>
      (await db.stripeEvent.findMany({ where: { status: { not: 'PROCESSED' }, type: { not: { startsWith: 'unknown' } } }, select: { id: true, status: true }, orderBy: { id: 'asc' } }))
        .filter((e) => e.status !== 'IGNORED')
        .map((e) => e.id);
    const left = await prisma.stripeEvent.findMany({ where: { status: { in: ['FAILED', 'DEAD', 'PENDING', 'PROCESSING'] } }, select: { lastError: true } });
    expect(left.every((e) => /which is not stored/.test(e.lastError ?? ''))).toBe(true);
    expect(await unprocessed(prisma)).toEqual(await unprocessed(inOrder.app.deps.prisma));
    expect(await ledgerOf(prisma)).toEqual(expected);
    await expectLedgerBalanced(inOrder.app.deps.prisma);
    await expectLedgerBalanced(shuffled.app.deps.prisma);
  }, 300_000);
});
