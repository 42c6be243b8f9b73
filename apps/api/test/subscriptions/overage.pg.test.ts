/**
 * Overage billing racing on the PostgreSQL server: renewal runs at once on two connection pools
 * (two API processes) bill a subscription's period overage exactly once — one OVERAGE purchase,
 * one charge at Stripe — and the ledger stays balanced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { openTestDatabase, tempDir } from '../harness.ts';
import { expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { subscribeToTier } from './helpers.ts';

let ts: MoneyServer;
let second: Database;
beforeAll(async () => {
  ts = await startMoneyServer({ db: await openTestDatabase({ target: 'postgres', isMigrated: false }) });
  second = await openDatabase({ databaseUrl: ts.db.url, dataDir: tempDir() });
});
afterAll(async () => {
  await second?.close();
  await ts?.close();
});

describe('overage races (PostgreSQL)', () => {
  it('six concurrent renewal runs on two processes bill each period’s overage once', async () => {
    expect(ts.db.url, 'runs on the PostgreSQL server (DATABASE_URL)').toBeTruthy();
    const subs = [];
    for (let i = 0; i < 3; i += 1) {
      const { subscription } = await subscribeToTier(ts, 'pro');
      const license = await ts.prisma.license.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
      await ts.prisma.usageCounter.create({
        data: { licenseId: license.id, metric: 'api_calls', periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, used: 1100 + i, overageQuantity: 100 + i, overageAmount: 500 + 5 * i },
      });
      subs.push(subscription);
    }
    const at = new Date(Math.max(...subs.map((s) => s.currentPeriodEnd.getTime())) + 60_000);
    const otherDeps = { ...ts.app.deps, prisma: second.prisma };
    const runs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => renewDueSubscriptions(i % 2 === 0 ? ts.app.deps : otherDeps, { at })));
    expect(runs.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    await settle(ts);
    for (const [i, sub] of subs.entries()) {
      const overage = await ts.prisma.purchase.findMany({ where: { subscriptionId: sub.id, kind: 'OVERAGE' } });
      expect(overage.map((p) => [p.amount, p.status])).toEqual([[500 + 5 * i, 'SUCCEEDED']]);
      const charges = (await ts.stripe.charges.list({ customer: sub.stripeCustomerId!, limit: 100 })).data;
      expect(charges.filter((c) => c.amount === 500 + 5 * i)).toHaveLength(1);
      expect(charges).toHaveLength(3);
    }
    await expectLedgerBalanced(ts.prisma);
  });
});
