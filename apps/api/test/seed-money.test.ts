/**
 * The money seed: a year of purchases made through the running app (POST /v1/purchases → the
 * Stripe emulator → signed webhooks → inbox → ledger), with refunds, disputes and payouts; the
 * ledger agrees with the purchases and with Stripe's balance, and a second run adds nothing
 * (embedded PGlite, or DATABASE_URL's server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH } from '../../../prisma/seed/catalog.ts';
import { seedDatabase } from '../../../prisma/seed/index.ts';
import { purchaseIdFor } from '../src/modules/payments/create-purchase.ts';
import { SEED_BUYER_DOMAIN, seedMoney, type MoneySeedSummary } from '../../../prisma/seed/money.ts';
import { readKpis } from '../src/modules/finance/analytics.ts';
import { reconcilePeriod } from '../src/modules/finance/reconcile.ts';
import { startTestServer, tempDir, type TestServer } from './harness.ts';
import { expectLedgerBalanced } from './money/helpers.ts';

const NOW = new Date('2026-11-01T12:00:00Z');
const YEAR = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') };
let ts: TestServer;
let first: MoneySeedSummary;

beforeAll(async () => {
  ts = await startTestServer();
  // The real catalog's first 60 plugins: enough creators and currencies, quick to seed.
  const catalog = path.join(tempDir(), 'catalog.tsv');
  writeFileSync(catalog, readFileSync(DEFAULT_CATALOG_PATH, 'utf8').split('\n').slice(0, 61).join('\n'));
  await seedDatabase(ts.app.deps.prisma, { catalogPath: catalog });
  first = await seedMoney(ts.app.deps, ts.url, { purchases: 150, seed: 7, now: NOW, rates: { declined: 0.03, refunded: 0.08, disputed: 0.05, lapsing: 0.3, canceling: 0.2 } });
  console.log(`money seed: ${JSON.stringify(first)}`);
}, 420_000);
afterAll(async () => ts?.close());

describe('seedMoney', () => {
  it('makes the purchases through the real path, spread over the 12 months before now', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.skipped).toBeUndefined();
    expect(first.purchases.started).toBe(150);
    const renewalPurchases = (await prisma.purchase.count({ where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } } })) - 150;
    expect(renewalPurchases).toBeGreaterThanOrEqual(first.subscriptions.renewals);
    expect(first.purchases.succeeded + first.purchases.failed).toBe(150 + renewalPurchases);
    expect(first.purchases.failed).toBeGreaterThan(0);
    const ids = Array.from({ length: 150 }, (_, i) => purchaseIdFor(`seed:7:purchase:${i}`));
    const purchases = await prisma.purchase.findMany({ where: { id: { in: ids } }, select: { status: true, paidAt: true, paymentIntentId: true, chargeId: true, buyerEmail: true } });
    expect(purchases).toHaveLength(150);
    expect(purchases.every((p) => p.buyerEmail.endsWith(`@${SEED_BUYER_DOMAIN}`))).toBe(true);
    const paid = purchases.filter((p) => p.paidAt);
    // Renewals, trial conversions, upgrades, overage and credit packs are purchases too (paid by the same buyers).
    const others = await prisma.purchase.count({ where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, id: { notIn: ids }, status: { not: 'FAILED' }, chargeId: { not: null } } });
    expect(first.purchases.succeeded).toBe(paid.length + others);
    expect(others).toBeGreaterThanOrEqual(first.pricing.creditPacks.bought + first.pricing.overageCharges);
    expect(paid.every((p) => p.paidAt! < NOW && p.paidAt! > new Date('2025-10-31T00:00:00Z'))).toBe(true);
    expect(new Set(paid.map((p) => p.paidAt!.toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(12);
    // Every paid purchase is a real PaymentIntent and charge at the emulator.
    const stripe = ts.app.deps.stripe!.stripe;
    const sample = paid[0]!;
    const intent = await stripe.paymentIntents.retrieve(sample.paymentIntentId);
    expect(intent.status).toBe('succeeded');
    expect(intent.latest_charge).toBe(sample.chargeId);
    // Each paid purchase issued its license (a renewal moves its subscription's); a declined one did not.
    expect(await prisma.license.count({ where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, purchaseId: { not: null }, trial: null } })).toBe(paid.length);
    // The other licenses are free installs (no purchase) and trials.
    const freeOrTrial = await prisma.license.count({ where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, OR: [{ purchaseId: null }, { trial: { isNot: null } }] } });
    expect(await prisma.license.count({ where: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } } })).toBe(paid.length + freeOrTrial);
  });

  it('renews subscriptions month by month on the story\'s clock; failing cards lapse them, some are canceled', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.subscriptions.renewals).toBeGreaterThan(0);
    const subscriptions = await prisma.subscription.findMany({ select: { status: true, periodNumber: true, currentPeriodEnd: true, cancelAtPeriodEnd: true, trial: { select: { id: true } }, licenses: { select: { status: true, expiresAt: true } } } });
    expect(subscriptions.length).toBeGreaterThan(0);
    // Every subscription still running is paid up to now: its period ends after the story's end.
    for (const s of subscriptions.filter((x) => x.status === 'ACTIVE' && !x.cancelAtPeriodEnd)) expect(s.currentPeriodEnd > NOW).toBe(true);
    // Charges of the renewal job: each period after the first, and for a trial's subscription (period 0)
    // each period from its conversion on, plus the declined conversions of trials that lapsed.
    const declinedConversions = await prisma.purchase.count({ where: { status: 'FAILED', subscription: { trial: { isNot: null } } } });
    expect(subscriptions.reduce((sum, s) => sum + s.periodNumber - (s.trial ? 0 : 1), 0) + declinedConversions).toBe(first.subscriptions.renewals);
    expect(first.subscriptions.lapsed + first.subscriptions.canceled).toBeGreaterThan(0);
    expect(subscriptions.filter((s) => s.status === 'CANCELED' || s.cancelAtPeriodEnd).length).toBeGreaterThan(0);
  });

  it('adds refunds, disputes and payouts, and puts the emulator clock back to real time', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.refunds).toBeGreaterThan(0);
    expect(await prisma.refund.count({ where: { status: 'SUCCEEDED' } })).toBe(first.refunds + first.pricing.creditPacks.refunded);
    expect(first.disputes).toBeGreaterThan(0);
    expect(await prisma.dispute.count()).toBe(first.disputes);
    expect(first.payouts).toBeGreaterThan(0);
    expect(await prisma.payout.count()).toBe(first.payouts);
    expect(await prisma.payout.count({ where: { status: 'PAID' } })).toBeGreaterThan(0);
    const clock = ts.app.deps.stripe!.emulator!.control.setClock({});
    expect(Math.abs(clock - Date.now() / 1000)).toBeLessThan(5);
  });

  it('leaves a balanced ledger whose gross volume is what was paid and whose platform balance is Stripe\'s', async () => {
    const prisma = ts.app.deps.prisma;
    await expectLedgerBalanced(prisma);
    const currencies = await prisma.purchase.groupBy({ by: ['currency'], where: { chargeId: { not: null } }, _sum: { amount: true } });
    expect(currencies.length).toBeGreaterThan(0);
    for (const { currency, _sum } of currencies) {
      const kpis = await readKpis(ts.app.deps, { ...YEAR, currency });
      expect(kpis.grossVolume).toBe(_sum.amount);
      const reconciliation = await reconcilePeriod(ts.app.deps, { ...YEAR, currency });
      expect(reconciliation.difference).toBe(0);
    }
  });

  it('adds nothing when run again', async () => {
    const before = await ts.app.deps.prisma.ledgerEntry.count();
    const again = await seedMoney(ts.app.deps, ts.url, { purchases: 150, seed: 7, now: NOW });
    expect(again.skipped).toMatch(/already there/);
    expect(await ts.app.deps.prisma.ledgerEntry.count()).toBe(before);
  });

  it('resumes an interrupted run after the last purchase it made, ending where an uninterrupted run would', async () => {
    const prisma = ts.app.deps.prisma;
    const options = { purchases: 40, seed: 8, now: NOW };
    let ticks = 0;
    // A progress reporter that stops the run part way, as a crash or Ctrl-C would.
    const interrupting = { phase: () => ({ tick: (n = 1) => { if ((ticks += n) > 60) throw new Error('interrupted'); }, done: () => 0 }) };
    await expect(seedMoney(ts.app.deps, ts.url, { ...options, progress: interrupting })).rejects.toThrow('interrupted');
    const ids = Array.from({ length: 40 }, (_, i) => purchaseIdFor(`seed:8:purchase:${i}`));
    const madeBefore = await prisma.purchase.count({ where: { id: { in: ids } } });
    expect(madeBefore).toBeGreaterThan(0);
    expect(madeBefore).toBeLessThan(40);
    const resumed = await seedMoney(ts.app.deps, ts.url, options);
    expect(resumed.purchases.started).toBeLessThanOrEqual(40 - madeBefore + 8);
    expect(await prisma.purchase.count({ where: { id: { in: ids } } })).toBe(40);
    await expectLedgerBalanced(prisma);
    expect(Math.abs(ts.app.deps.stripe!.emulator!.control.setClock({}) - Date.now() / 1000)).toBeLessThan(5);
  });
});
