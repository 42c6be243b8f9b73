/**
 * The pricing models in the seeded year (issue 15): a small seed of the real catalog's first
 * plugins makes free installs, trials that convert and that lapse, tier upgrades and downgrades,
 * usage reports (accepted, over a soft quota as overage, refused on a hard one), credit packs used
 * up and refunded unused — through the app's endpoints and services — and the ledger has each
 * revenue stream and still reconciles with Stripe to the cent (embedded PGlite, or DATABASE_URL's server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH } from '../../../prisma/seed/catalog.ts';
import { seedDatabase } from '../../../prisma/seed/index.ts';
import { SEED_BUYER_DOMAIN, seedMoney, type MoneySeedSummary } from '../../../prisma/seed/money.ts';
import { createProgress } from '../../../prisma/seed/progress.ts';
import { reconcilePeriod } from '../src/modules/finance/reconcile.ts';
import { startTestServer, tempDir, type TestServer } from './harness.ts';
import { expectLedgerBalanced } from './money/helpers.ts';

const NOW = new Date('2026-11-01T12:00:00Z');
const YEAR = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') };
const seeded = { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } };
let ts: TestServer;
let summary: MoneySeedSummary;

beforeAll(async () => {
  ts = await startTestServer();
  // The real catalog's first 60 plugins: free ones, tiered one-time and subscription ones, trials.
  const catalog = path.join(tempDir(), 'catalog.tsv');
  writeFileSync(catalog, readFileSync(DEFAULT_CATALOG_PATH, 'utf8').split('\n').slice(0, 61).join('\n'));
  await seedDatabase(ts.app.deps.prisma, { catalogPath: catalog });
  summary = await seedMoney(ts.app.deps, ts.url, { purchases: 120, seed: 11, now: NOW, progress: createProgress((line) => console.log(line), 10_000) });
  console.log(`pricing seed: ${JSON.stringify(summary.pricing)}`);
}, 600_000);
afterAll(async () => ts?.close());

describe('the seeded year sells every way the marketplace sells', () => {
  it('installs free plugins and free tiers without Stripe: licenses with no purchase', async () => {
    const prisma = ts.app.deps.prisma;
    expect(summary.pricing.freeInstalls).toBeGreaterThan(0);
    const free = await prisma.license.findMany({ where: { ...seeded, purchaseId: null, trial: null }, select: { plugin: { select: { pricingModel: true } }, tier: { select: { key: true, priceAmount: true } } } });
    expect(free.length).toBeGreaterThan(0);
    for (const l of free) expect(l.plugin.pricingModel === 'FREE' || l.tier?.priceAmount === 0).toBe(true);
  });

  it('starts trials that convert at the trial end and trials that lapse unpaid', async () => {
    const prisma = ts.app.deps.prisma;
    expect(summary.pricing.trials.started).toBeGreaterThanOrEqual(2);
    expect(summary.pricing.trials.converted).toBeGreaterThan(0);
    expect(summary.pricing.trials.lapsed).toBeGreaterThan(0);
    expect(await prisma.trial.count({ where: { ...seeded, status: 'CONVERTED' } })).toBe(summary.pricing.trials.converted);
    const expired = await prisma.trial.findMany({ where: { ...seeded, status: 'EXPIRED' }, select: { license: { select: { status: true } } } });
    expect(expired.length).toBeGreaterThan(0);
    for (const t of expired) expect(t.license.status).toBe('EXPIRED');
  });

  it('upgrades and downgrades tiered subscriptions', async () => {
    expect(summary.pricing.tierChanges.upgrades).toBeGreaterThan(0);
    expect(summary.pricing.tierChanges.downgrades).toBeGreaterThan(0);
    // The converted trial's upgrade charged its prorated net as a subscription purchase of the new tier.
    expect(await ts.app.deps.prisma.purchase.count({ where: { ...seeded, kind: 'SUBSCRIPTION', tier: { key: 'enterprise' }, subscription: { trial: { isNot: null } }, chargeId: { not: null } } })).toBeGreaterThan(0);
    const audits = await ts.app.deps.prisma.auditLog.count({ where: { action: { contains: 'tier' } } });
    expect(audits).toBeGreaterThan(0);
  });

  it('records usage reports, refuses those over a hard quota, and bills overage and credit packs', async () => {
    const prisma = ts.app.deps.prisma;
    expect(summary.pricing.usageReports.accepted).toBeGreaterThan(0);
    expect(summary.pricing.usageReports.refused).toBeGreaterThan(0);
    expect(await prisma.usageRecord.count()).toBe(summary.pricing.usageReports.accepted);
    expect(await prisma.usageRecord.count({ where: { creditQuantity: { gt: 0 } } })).toBeGreaterThan(0);
    expect(summary.pricing.creditPacks.bought).toBeGreaterThan(0);
    expect(summary.pricing.creditPacks.bought).toBe(await prisma.purchase.count({ where: { ...seeded, kind: 'CREDIT_PACK', chargeId: { not: null } } }));
    expect(summary.pricing.overageCharges).toBeGreaterThan(0);
    expect(summary.pricing.overageCharges).toBe(await prisma.purchase.count({ where: { ...seeded, kind: 'OVERAGE', chargeId: { not: null } } }));
  });

  it('posts every revenue stream it sold to the ledger, balanced, and reconciles with Stripe to the cent', async () => {
    const prisma = ts.app.deps.prisma;
    await expectLedgerBalanced(prisma);
    const streams = new Set((await prisma.ledgerEntry.groupBy({ by: ['stream'], where: { stream: { not: null } } })).map((g) => g.stream));
    expect(streams).toContain('ONE_TIME');
    expect(streams).toContain('SUBSCRIPTION');
    expect(streams).toContain('CREDITS_SOLD');
    expect(streams).toContain('CREDITS_USED');
    expect(streams).toContain('OVERAGE');
    const currencies = await prisma.purchase.groupBy({ by: ['currency'], where: { chargeId: { not: null } } });
    for (const { currency } of currencies) expect((await reconcilePeriod(ts.app.deps, { ...YEAR, currency })).difference).toBe(0);
  });
});
