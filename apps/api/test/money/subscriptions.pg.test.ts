/**
 * Subscription renewals racing on the PostgreSQL server (PGlite is one session and cannot race):
 * renewal runs at once on two connections pools (two API processes) and several times on each
 * charge every due subscription exactly once: one renewal purchase, one charge at Stripe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { openTestDatabase, tempDir } from '../harness.ts';
import { buy, createSeller, expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
let second: Database;
beforeAll(async () => {
  // The api-pg project runs on the PostgreSQL server whether or not DATABASE_URL is set.
  ts = await startMoneyServer({ db: await openTestDatabase({ target: 'postgres', isMigrated: false }) });
  second = await openDatabase({ databaseUrl: ts.db.url, dataDir: tempDir() });
});
afterAll(async () => {
  await second?.close();
  await ts?.close();
});

describe('renewal races (PostgreSQL)', () => {
  it('six concurrent runs on two processes charge each of 5 due subscriptions exactly once', async () => {
    expect(ts.db.url, 'runs on the PostgreSQL server (DATABASE_URL)').toBeTruthy();
    const subscriptions = [];
    for (let i = 0; i < 5; i += 1) {
      const { plugin } = await createSeller(ts.prisma, { priceAmount: 700 + i });
      await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
      const { purchaseId } = await buy(ts, plugin.id);
      subscriptions.push(purchaseId);
    }
    await settle(ts);
    const subs = await ts.prisma.subscription.findMany({ where: { purchases: { some: { id: { in: subscriptions } } } } });
    expect(subs).toHaveLength(5);
    const now = new Date(Math.max(...subs.map((s) => s.currentPeriodEnd.getTime())) + 60_000);
    const deps = ts.app.deps;
    const otherDeps = { ...deps, prisma: second.prisma };
    const runs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => renewDueSubscriptions(i % 2 === 0 ? deps : otherDeps, { at: now })));
    expect(runs.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    expect(runs.reduce((sum, r) => sum + r.charged, 0)).toBe(5);
    await settle(ts);

    for (const sub of subs) {
      const renewals = await ts.prisma.purchase.findMany({ where: { subscriptionId: sub.id }, select: { status: true, stripeCustomerId: true } });
      expect(renewals.map((p) => p.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect((await ts.stripe.charges.list({ customer: sub.stripeCustomerId! })).data).toHaveLength(2);
      expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ status: 'ACTIVE', periodNumber: 2 });
    }
    await expectLedgerBalanced(ts.prisma);
  });
});
