/**
 * The seeded year, replayed once for all its checks (issues 6, 15 and 16): a small seed of the real
 * catalog's first 60 plugins makes a year of purchases through the running app (POST /v1/purchases →
 * the Stripe emulator → signed webhooks → inbox → ledger) with refunds, disputes and payouts; the
 * pricing models (free installs, trials that convert and lapse, tier changes, usage with overage and
 * hard quotas, credit packs used and refunded); then a year of reviews through the review API's
 * service with buyers' license keys, planted cases for the moderation queue, decisions and replies.
 * The ledger balances and reconciles with Stripe to the cent, and reruns add nothing (embedded PGlite,
 * or DATABASE_URL's server). One replay serves every check: each replay costs minutes of the suite.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH } from '../../../prisma/seed/catalog.ts';
import { seedDatabase } from '../../../prisma/seed/index.ts';
import { SEED_BUYER_DOMAIN, seedMoney, type MoneySeedSummary } from '../../../prisma/seed/money.ts';
import { planReviewActions, seedReviews, type ReviewerPair, type ReviewSeedSummary } from '../../../prisma/seed/reviews-year.ts';
import { purchaseIdFor } from '../src/modules/payments/create-purchase.ts';
import { readKpis } from '../src/modules/finance/analytics.ts';
import { reconcilePeriod } from '../src/modules/finance/reconcile.ts';
import { startTestServer, tempDir, type TestServer } from './harness.ts';
import { expectLedgerBalanced } from './money/helpers.ts';

const NOW = new Date('2026-11-01T12:00:00Z');
const YEAR = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') };
const seeded = { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } };
const REVIEWS = { seed: 5, now: NOW, share: 0.25 };
let ts: TestServer;
let first: MoneySeedSummary;
let reviewsSummary: ReviewSeedSummary;

beforeAll(async () => {
  ts = await startTestServer();
  const catalog = path.join(tempDir(), 'catalog.tsv');
  writeFileSync(catalog, readFileSync(DEFAULT_CATALOG_PATH, 'utf8').split('\n').slice(0, 61).join('\n'));
  await seedDatabase(ts.app.deps.prisma, { catalogPath: catalog });
  first = await seedMoney(ts.app.deps, ts.url, { purchases: 150, seed: 5, now: NOW, rates: { declined: 0.03, refunded: 0.08, disputed: 0.05, lapsing: 0.3, canceling: 0.5 } });
  console.log(`money seed: ${JSON.stringify(first)}`);
  const startedAt = performance.now();
  reviewsSummary = await seedReviews(ts.app.deps, REVIEWS);
  console.log(`reviews seed: ${JSON.stringify(reviewsSummary)} in ${Math.round(performance.now() - startedAt)} ms`);
}, 900_000);
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
    const ids = Array.from({ length: 150 }, (_, i) => purchaseIdFor(`seed:5:purchase:${i}`));
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

});

describe('the seeded year sells every way the marketplace sells', () => {
  it('installs free plugins and free tiers without Stripe: licenses with no purchase', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.pricing.freeInstalls).toBeGreaterThan(0);
    const free = await prisma.license.findMany({ where: { ...seeded, purchaseId: null, trial: null }, select: { plugin: { select: { pricingModel: true } }, tier: { select: { key: true, priceAmount: true } } } });
    expect(free.length).toBeGreaterThan(0);
    for (const l of free) expect(l.plugin.pricingModel === 'FREE' || l.tier?.priceAmount === 0).toBe(true);
  });

  it('starts trials that convert at the trial end and trials that lapse unpaid', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.pricing.trials.started).toBeGreaterThanOrEqual(2);
    expect(first.pricing.trials.converted).toBeGreaterThan(0);
    expect(first.pricing.trials.lapsed).toBeGreaterThan(0);
    expect(await prisma.trial.count({ where: { ...seeded, status: 'CONVERTED' } })).toBe(first.pricing.trials.converted);
    const expired = await prisma.trial.findMany({ where: { ...seeded, status: 'EXPIRED' }, select: { license: { select: { status: true } } } });
    expect(expired.length).toBeGreaterThan(0);
    for (const t of expired) expect(t.license.status).toBe('EXPIRED');
  });

  it('upgrades and downgrades tiered subscriptions', async () => {
    expect(first.pricing.tierChanges.upgrades).toBeGreaterThan(0);
    expect(first.pricing.tierChanges.downgrades).toBeGreaterThan(0);
    // The converted trial's upgrade charged its prorated net as a subscription purchase of the new tier.
    expect(await ts.app.deps.prisma.purchase.count({ where: { ...seeded, kind: 'SUBSCRIPTION', tier: { key: 'enterprise' }, subscription: { trial: { isNot: null } }, chargeId: { not: null } } })).toBeGreaterThan(0);
    const audits = await ts.app.deps.prisma.auditLog.count({ where: { action: { contains: 'tier' } } });
    expect(audits).toBeGreaterThan(0);
  });

  it('records usage reports, refuses those over a hard quota, and bills overage and credit packs', async () => {
    const prisma = ts.app.deps.prisma;
    expect(first.pricing.usageReports.accepted).toBeGreaterThan(0);
    expect(first.pricing.usageReports.refused).toBeGreaterThan(0);
    expect(await prisma.usageRecord.count()).toBe(first.pricing.usageReports.accepted);
    expect(await prisma.usageRecord.count({ where: { creditQuantity: { gt: 0 } } })).toBeGreaterThan(0);
    expect(first.pricing.creditPacks.bought).toBeGreaterThan(0);
    expect(first.pricing.creditPacks.bought).toBe(await prisma.purchase.count({ where: { ...seeded, kind: 'CREDIT_PACK', chargeId: { not: null } } }));
    expect(first.pricing.overageCharges).toBeGreaterThan(0);
    expect(first.pricing.overageCharges).toBe(await prisma.purchase.count({ where: { ...seeded, kind: 'OVERAGE', chargeId: { not: null } } }));
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

describe('the seeded year of reviews', () => {
  it('has reviews only from buyers holding (or having held) a license of the plugin, one per buyer and plugin', async () => {
    const prisma = ts.app.deps.prisma;
    expect(reviewsSummary.skipped).toBeUndefined();
    expect(reviewsSummary.refused).toBe(0);
    const reviews = await prisma.review.findMany({ where: seeded, select: { pluginId: true, buyerEmail: true, createdAt: true, license: { select: { pluginId: true, buyerEmail: true, issuedAt: true } } } });
    expect(reviews.length).toBe(reviewsSummary.written);
    expect(reviews.length).toBeGreaterThan(20);
    for (const r of reviews) {
      expect(r.license).toMatchObject({ pluginId: r.pluginId, buyerEmail: r.buyerEmail });
      expect(r.createdAt.getTime()).toBeGreaterThan(r.license.issuedAt.getTime());
      expect(r.createdAt.getTime()).toBeLessThan(NOW.getTime());
    }
    expect(new Set(reviews.map((r) => `${r.pluginId} ${r.buyerEmail}`)).size).toBe(reviews.length);
  });

  it('keeps every plugin\'s PluginRating equal to the aggregate of its published reviews', async () => {
    const prisma = ts.app.deps.prisma;
    const groups = await prisma.review.groupBy({ by: ['pluginId', 'rating'], where: { status: 'PUBLISHED' }, _count: { _all: true } });
    const expected = new Map<string, { count: number; sum: number; stars: number[] }>();
    for (const g of groups) {
      const e = expected.get(g.pluginId) ?? { count: 0, sum: 0, stars: [0, 0, 0, 0, 0] };
      e.count += g._count._all;
      e.sum += g.rating * g._count._all;
      e.stars[g.rating - 1]! += g._count._all;
      expected.set(g.pluginId, e);
    }
    const ratings = await prisma.pluginRating.findMany({ select: { pluginId: true, count: true, sum: true, stars1: true, stars2: true, stars3: true, stars4: true, stars5: true } });
    expect(ratings.length).toBeGreaterThanOrEqual(expected.size);
    for (const r of ratings) {
      const e = expected.get(r.pluginId) ?? { count: 0, sum: 0, stars: [0, 0, 0, 0, 0] };
      expect({ pluginId: r.pluginId, count: r.count, sum: r.sum, stars: [r.stars1, r.stars2, r.stars3, r.stars4, r.stars5] }).toEqual({ pluginId: r.pluginId, ...e });
    }
  });

  it('plants each kind the moderation queue catches, and leaves some waiting', async () => {
    const prisma = ts.app.deps.prisma;
    const queued = { ...seeded, queuedAt: { not: null } };
    expect(await prisma.review.count({ where: { ...queued, status: 'HELD', signals: { has: 'SECRET' } } })).toBeGreaterThan(0);
    expect(await prisma.review.count({ where: { ...queued, status: 'HELD', signals: { has: 'PERSONAL_DATA' } } })).toBeGreaterThan(0);
    expect(await prisma.review.count({ where: { ...queued, signals: { has: 'BURST' } } })).toBeGreaterThanOrEqual(5);
    expect(await prisma.review.count({ where: { ...queued, signals: { has: 'REPEATED_TEXT' } } })).toBeGreaterThan(0);
    expect(await prisma.review.count({ where: { ...seeded, signals: { has: 'LINK' } } })).toBeGreaterThanOrEqual(3);
    expect(await prisma.review.count({ where: { ...seeded, signals: { has: 'LANGUAGE' } } })).toBeGreaterThan(0);
    expect(reviewsSummary.queued).toBe(await prisma.review.count({ where: queued }));
    expect(reviewsSummary.held).toBeGreaterThanOrEqual(2);
    // Ordinary reviews raise nothing: their texts are distinct and carry no links or contact details.
    const flagged = await prisma.review.count({ where: { ...seeded, NOT: { signals: { isEmpty: true } } } });
    expect(flagged).toBeLessThanOrEqual(8 + 6);
  });

  it('has moderators\' decisions, creators\' replies and re-ratings with their history', async () => {
    const prisma = ts.app.deps.prisma;
    const decisions = await prisma.reviewModeration.findMany({ where: { review: seeded }, select: { action: true, toStatus: true, reason: { select: { code: true } }, review: { select: { status: true, queuedAt: true } } } });
    expect(decisions.length).toBe(reviewsSummary.decided);
    expect(decisions.length).toBeGreaterThanOrEqual(3);
    for (const d of decisions) {
      expect(d.review.status).toBe(d.toStatus);
      expect(d.review.queuedAt).toBeNull();
    }
    expect(decisions.map((d) => d.reason?.code)).toContain('LEAKED_SECRET');
    expect(await prisma.auditLog.count({ where: { targetType: 'Review', action: { in: ['reviews.hide', 'reviews.delete', 'reviews.keep'] } } })).toBe(decisions.length);
    // Reports: by other buyers (their licenses) or a console user; an open one keeps its review in the queue, a decision resolves it.
    const reports = await prisma.reviewReport.findMany({ where: { review: seeded }, select: { resolvedAt: true, reporterLicenseId: true, reporterUserId: true, review: { select: { queuedAt: true, _count: { select: { moderations: true } } } } } });
    expect(reports.length).toBe(reviewsSummary.reported);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    for (const r of reports) {
      expect(Boolean(r.reporterLicenseId) !== Boolean(r.reporterUserId)).toBe(true);
      if (r.resolvedAt) expect(r.review._count.moderations).toBeGreaterThan(0);
      else expect(r.review.queuedAt).not.toBeNull();
    }
    expect(reviewsSummary.replied).toBeGreaterThan(0);
    expect(await prisma.reviewReply.count({ where: { review: seeded } })).toBe(reviewsSummary.replied);
    expect(reviewsSummary.edited).toBeGreaterThan(0);
    const edited = await prisma.review.findMany({ where: { ...seeded, revision: { gt: 1 } }, select: { revision: true, _count: { select: { revisions: true } } } });
    // Each earlier content is kept as a revision row (append-only history).
    for (const r of edited) expect(r._count.revisions).toBe(r.revision - 1);
  });

  it('adds nothing when run again', async () => {
    const prisma = ts.app.deps.prisma;
    const before = await prisma.reviewRevision.count();
    const again = await seedReviews(ts.app.deps, REVIEWS);
    expect({ ...again, durationMs: 0 }).toEqual({ ...reviewsSummary, durationMs: 0 });
    expect(await prisma.reviewRevision.count()).toBe(before);
  });
});

describe('seedMoney run again', () => {
  it('adds nothing when run again', async () => {
    const before = await ts.app.deps.prisma.ledgerEntry.count();
    const again = await seedMoney(ts.app.deps, ts.url, { purchases: 150, seed: 5, now: NOW });
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
  }, 300_000);
});

describe('planReviewActions', () => {
  const now = Math.floor(NOW.getTime() / 1000);
  const pairs: ReviewerPair[] = Array.from({ length: 4_000 }, (_, i) => ({
    pluginId: `plugin-${i % 40}`, pluginName: `plugin-${i % 40}`, buyerEmail: `buyer${i}@${SEED_BUYER_DOMAIN}`,
    boughtAt: now - 360 * 86_400 + Math.floor((i * 7_919) % (350 * 86_400)), versions: ['1.0.0', '1.1.0'], isCreatorReplying: i % 40 === 0,
  }));
  const plan = planReviewActions({ pairs, burstPluginId: 'free-plugin', share: 0.12, seed: 1, now });
  const firsts = plan.filter((a) => a.kind === 'write' && a.revision === 1 && !a.planted);

  it('is the same for the same seed, and a share of buyers reviews days to weeks after buying', () => {
    expect(planReviewActions({ pairs: [...pairs].reverse(), burstPluginId: 'free-plugin', share: 0.12, seed: 1, now })).toEqual(plan);
    expect(firsts.length / pairs.length).toBeGreaterThan(0.09);
    expect(firsts.length / pairs.length).toBeLessThan(0.15);
    const byPair = new Map(pairs.map((p) => [`${p.pluginId} ${p.buyerEmail}`, p]));
    for (const w of firsts) {
      const days = (w.at - byPair.get(`${w.pluginId} ${w.buyerEmail}`)!.boughtAt) / 86_400;
      expect(days).toBeGreaterThanOrEqual(2);
      expect(days).toBeLessThan(46);
    }
  });

  it('plans the same story at a later now, only longer (a resumed or later run adds its newer part)', () => {
    const earlier = planReviewActions({ pairs, burstPluginId: null, share: 0.12, seed: 1, now: now - 60 * 86_400 });
    const later = new Set(plan.map((a) => JSON.stringify(a)));
    // Planted reviews' moments depend on now (within the month after buying, before now); their pairs and texts do not.
    const plantedPairs = new Set(earlier.flatMap((a) => (a.kind === 'write' && a.planted ? [`${a.pluginId} ${a.buyerEmail}`] : [])));
    const missing = earlier.filter((a) => !plantedPairs.has(`${a.pluginId} ${a.buyerEmail}`) && !later.has(JSON.stringify(a)));
    expect(earlier.length).toBeGreaterThan(300);
    expect(missing).toEqual([]);
    const plantedOf = (p: typeof plan) => p.flatMap((a) => (a.kind === 'write' && a.planted && a.planted !== 'burst' ? [`${a.planted} ${a.pluginId} ${a.buyerEmail} ${a.body}`] : []));
    expect(plantedOf(earlier)).toEqual(plantedOf(plan));
  });

  it('draws J-shaped ratings, clearly worse for a few plugins, and distinct texts', () => {
    const stars = [0, 0, 0, 0, 0];
    for (const w of firsts) if (w.kind === 'write') stars[w.rating - 1]! += 1;
    expect(stars[4]).toBeGreaterThan(stars[3]!);
    expect(stars[3]).toBeGreaterThan(stars[2]!);
    expect(stars[0]).toBeGreaterThan(stars[1]!); // the J's hook
    const meanOf = (pluginId: string) => {
      const ratings = firsts.flatMap((w) => (w.kind === 'write' && w.pluginId === pluginId ? [w.rating] : []));
      return ratings.reduce((a, b) => a + b, 0) / ratings.length;
    };
    const means = Array.from({ length: 40 }, (_, i) => meanOf(`plugin-${i}`)).sort((a, b) => a - b);
    expect(means[0]).toBeLessThan(3);
    expect(means[20]).toBeGreaterThan(3.8);
    const texts = firsts.flatMap((w) => (w.kind === 'write' && w.body.length >= 30 ? [w.body.toLowerCase()] : []));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('plants every kind once (spam three times on three plugins) and a burst of six new buyers within an hour', () => {
    const planted = plan.filter((a) => a.kind === 'write' && a.planted);
    const kinds = planted.map((a) => (a.kind === 'write' ? a.planted : undefined));
    for (const kind of ['github-token', 'aws-key', 'email', 'phone', 'offensive']) expect(kinds.filter((k) => k === kind)).toHaveLength(1);
    const spam = planted.filter((a) => a.kind === 'write' && a.planted === 'spam-link');
    expect(new Set(spam.map((a) => a.pluginId)).size).toBe(3);
    const burst = planted.filter((a) => a.kind === 'write' && a.planted === 'burst');
    expect(burst).toHaveLength(6);
    expect(Math.max(...burst.map((a) => a.at)) - Math.min(...burst.map((a) => a.at))).toBeLessThan(3600);
    expect(plan.filter((a) => a.kind === 'install')).toHaveLength(6);
    expect(plan.filter((a) => a.kind === 'write' && a.revision === 2).length).toBeGreaterThan(0);
    expect(plan.filter((a) => a.kind === 'reply').length).toBeGreaterThan(0);
    expect(plan.filter((a) => a.kind === 'report').length).toBeGreaterThan(2);
  });
});
