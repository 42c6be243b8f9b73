/**
 * Exactly once through the batched inbox on the PostgreSQL server (issue 17): every event of 12
 * purchases and 4 refunds delivered 4 times — twice to each of two apps on one database, whose
 * writers group-commit concurrent deliveries — in a shuffled order, 24 in flight, while both apps'
 * workers drain. Each event is answered `duplicate: false` exactly once, stored once, processed
 * once; each purchase has one license and its refunds once; the ledger balances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type Stripe from 'stripe';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import { startHarness, type EmulatorHarness } from '@marketdesk/stripe-emulator/testing';
import { createApp, type App } from '../../src/app.ts';
import { createPurchase, ensureConnectedAccount } from '../../src/modules/payments/create-purchase.ts';
import { drainStripeEvents, HANDLED_EVENT_TYPES } from '../../src/modules/payments/stripe-events.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { openTestDatabase, tempDir, testConfig, testSessionKeys } from '../harness.ts';
import { expectLedgerBalanced } from './helpers.ts';

let harness: EmulatorHarness;
const apps: { app: App; url: string }[] = [];

beforeAll(async () => {
  harness = await startHarness();
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  // One config for both: the same license key encryption key, as every process of one deployment has.
  const config = testConfig({ stripeEmulatorUrl: harness.emulator.url });
  for (const database of [db, await openDatabase({ databaseUrl: db.url, dataDir: tempDir() })]) {
    const app = await createApp({ config, db: database, sessionKeys: testSessionKeys, log: pino({ level: 'silent' }) });
    apps.push({ app, url: await app.server.listen({ host: '127.0.0.1', port: 0 }) });
  }
});
afterAll(async () => {
  for (const { app } of apps) await app.close();
  await harness?.close();
});

/** A fixed-seed shuffle (mulberry32), so a failure replays in the same order. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map(({ item }) => item);
}

describe('the batched inbox on the PostgreSQL server', () => {
  it('each event delivered 4 times to two apps, two workers draining: stored once, processed once, posted once', async () => {
    const [a, b] = apps as [{ app: App; url: string }, { app: App; url: string }];
    const { prisma } = a.app.deps;
    const stripe = harness.stripe;
    await prisma.creatorAccount.create({ data: { id: 'cr_batch', slug: '@batch', displayName: 'Batch' } });
    await harness.emulator.control.completeOnboarding(await ensureConnectedAccount(a.app.deps, { creatorId: 'cr_batch' }));
    await prisma.plugin.create({ data: { id: 'pl_batch', name: 'batch-plugin', creatorId: 'cr_batch', priceAmount: 2400, currency: 'usd', status: 'PUBLISHED' } });
    const since = Math.floor(Date.now() / 1000);
    const purchases = [];
    for (let i = 0; i < 12; i += 1) purchases.push(await createPurchase(a.app.deps, { pluginId: 'pl_batch', buyerEmail: `batch-${i}@example.com`, paymentMethod: 'pm_card_visa' }));
    for (const purchase of purchases.slice(0, 4)) {
      const pi = await stripe.paymentIntents.retrieve(purchase.paymentIntentId!);
      await stripe.refunds.create({ charge: pi.latest_charge as string, amount: 600, reverse_transfer: true, refund_application_fee: true });
    }
    const events: Stripe.Event[] = (await stripe.events.list({ limit: 100, created: { gte: since } }).autoPagingToArray({ limit: 1000 })).filter((e) => HANDLED_EVENT_TYPES.has(e.type));
    expect(events.length).toBeGreaterThanOrEqual(12 * 4);

    const secret = a.app.deps.stripe!.webhookSecret!;
    const answers = new Map<string, boolean[]>();
    const deliver = async (url: string, event: Stripe.Event) => {
      const body = JSON.stringify(event);
      const response = await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(body, secret, Math.floor(Date.now() / 1000)) }, body });
      expect(response.status).toBe(200);
      const { duplicate } = (await response.json()) as { duplicate: boolean };
      answers.set(event.id, [...(answers.get(event.id) ?? []), duplicate]);
    };
    const deliveries = shuffled(events.flatMap((event) => [a.url, a.url, b.url, b.url].map((url) => ({ url, event }))), 17);
    let isDelivering = true;
    const workers = [a, b].map(async ({ app }, w) => {
      while (isDelivering) {
        await drainStripeEvents(app.deps, { workerId: `batch-${w}` });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    let next = 0;
    await Promise.all(Array.from({ length: 24 }, async () => {
      for (let d = deliveries[next++]; d; d = deliveries[next++]) await deliver(d.url, d.event);
    }));
    isDelivering = false;
    await Promise.all(workers);
    // Two workers syncing one purchase at once: the loser's attempt may fail and is retried (backoff skipped here).
    for (let round = 0; round < 5; round += 1) {
      await prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
      if ((await drainStripeEvents(b.app.deps, { workerId: 'batch-retry' })) === 0) break;
    }

    const ids = events.map((e) => e.id);
    expect([...answers.values()].map((duplicates) => duplicates.filter((d) => !d).length)).toEqual(ids.map(() => 1));
    expect([...answers.values()].every((duplicates) => duplicates.length === 4)).toBe(true);
    const stored = await prisma.stripeEvent.findMany({ where: { id: { in: ids } }, select: { status: true } });
    expect(stored.map((e) => e.status)).toEqual(ids.map(() => 'PROCESSED'));
    const processedAttempts = await prisma.stripeEventAttempt.groupBy({ by: ['eventId'], where: { eventId: { in: ids }, outcome: 'PROCESSED' }, _count: { _all: true } });
    expect(processedAttempts.map((row) => row._count._all)).toEqual(ids.map(() => 1));
    const purchaseIds = purchases.map((p) => p.purchaseId);
    expect(await prisma.license.count({ where: { purchaseId: { in: purchaseIds } } })).toBe(12);
    expect(await prisma.refund.count({ where: { purchaseId: { in: purchaseIds } } })).toBe(4);
    expect((await prisma.purchase.findMany({ where: { id: { in: purchaseIds } }, select: { status: true } })).map((p) => p.status).sort()).toEqual([...Array(4).fill('PARTIALLY_REFUNDED'), ...Array(8).fill('SUCCEEDED')]);
    await expectLedgerBalanced(prisma);
    console.log(`batched inbox: ${ids.length} events × 4 deliveries to 2 apps → ${ids.length} stored (one "duplicate: false" each), ${ids.length} PROCESSED once, 12 licenses, 4 refunds, ledger balanced`);
  }, 240_000);
});
