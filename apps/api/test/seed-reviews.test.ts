/**
 * Ratings and reviews in the seeded year (issue 16): after a small money year of the real
 * catalog's first plugins, the reviews phase writes reviews through the review API's service
 * with buyers' license keys, plants what the moderation queue must catch, decides some as the
 * demo moderator and replies to some as the demo creator — only verified buyers review, each
 * plugin's PluginRating is the aggregate of its published reviews, and a rerun adds nothing
 * (embedded PGlite, or DATABASE_URL's server). The planner's distributions are checked pure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH } from '../../../prisma/seed/catalog.ts';
import { seedDatabase } from '../../../prisma/seed/index.ts';
import { SEED_BUYER_DOMAIN, seedMoney } from '../../../prisma/seed/money.ts';
import { planReviewActions, seedReviews, type ReviewerPair, type ReviewSeedSummary } from '../../../prisma/seed/reviews-year.ts';
import { startTestServer, tempDir, type TestServer } from './harness.ts';

const NOW = new Date('2026-11-01T12:00:00Z');
const seeded = { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } };
let ts: TestServer;
let summary: ReviewSeedSummary;

describe('the seeded year of reviews', () => {
  beforeAll(async () => {
    ts = await startTestServer();
    const catalog = path.join(tempDir(), 'catalog.tsv');
    writeFileSync(catalog, readFileSync(DEFAULT_CATALOG_PATH, 'utf8').split('\n').slice(0, 61).join('\n'));
    await seedDatabase(ts.app.deps.prisma, { catalogPath: catalog });
    await seedMoney(ts.app.deps, ts.url, { purchases: 120, seed: 5, now: NOW });
    const startedAt = performance.now();
    summary = await seedReviews(ts.app.deps, { seed: 5, now: NOW, share: 0.25 });
    console.log(`reviews seed: ${JSON.stringify(summary)} in ${Math.round(performance.now() - startedAt)} ms`);
  }, 600_000);
  afterAll(async () => ts?.close());

  it('has reviews only from buyers holding (or having held) a license of the plugin, one per buyer and plugin', async () => {
    const prisma = ts.app.deps.prisma;
    expect(summary.skipped).toBeUndefined();
    expect(summary.refused).toBe(0);
    const reviews = await prisma.review.findMany({ where: seeded, select: { pluginId: true, buyerEmail: true, createdAt: true, license: { select: { pluginId: true, buyerEmail: true, issuedAt: true } } } });
    expect(reviews.length).toBe(summary.written);
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
    expect(summary.queued).toBe(await prisma.review.count({ where: queued }));
    expect(summary.held).toBeGreaterThanOrEqual(2);
    // Ordinary reviews raise nothing: their texts are distinct and carry no links or contact details.
    const flagged = await prisma.review.count({ where: { ...seeded, NOT: { signals: { isEmpty: true } } } });
    expect(flagged).toBeLessThanOrEqual(8 + 6);
  });

  it('has moderators\' decisions, creators\' replies and re-ratings with their history', async () => {
    const prisma = ts.app.deps.prisma;
    const decisions = await prisma.reviewModeration.findMany({ where: { review: seeded }, select: { action: true, toStatus: true, reason: { select: { code: true } }, review: { select: { status: true, queuedAt: true } } } });
    expect(decisions.length).toBe(summary.decided);
    expect(decisions.length).toBeGreaterThanOrEqual(3);
    for (const d of decisions) {
      expect(d.review.status).toBe(d.toStatus);
      expect(d.review.queuedAt).toBeNull();
    }
    expect(decisions.map((d) => d.reason?.code)).toContain('LEAKED_SECRET');
    expect(await prisma.auditLog.count({ where: { targetType: 'Review', action: { in: ['reviews.hide', 'reviews.delete', 'reviews.keep'] } } })).toBe(decisions.length);
    // Reports: by other buyers (their licenses) or a console user; an open one keeps its review in the queue, a decision resolves it.
    const reports = await prisma.reviewReport.findMany({ where: { review: seeded }, select: { resolvedAt: true, reporterLicenseId: true, reporterUserId: true, review: { select: { queuedAt: true, _count: { select: { moderations: true } } } } } });
    expect(reports.length).toBe(summary.reported);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    for (const r of reports) {
      expect(Boolean(r.reporterLicenseId) !== Boolean(r.reporterUserId)).toBe(true);
      if (r.resolvedAt) expect(r.review._count.moderations).toBeGreaterThan(0);
      else expect(r.review.queuedAt).not.toBeNull();
    }
    expect(summary.replied).toBeGreaterThan(0);
    expect(await prisma.reviewReply.count({ where: { review: seeded } })).toBe(summary.replied);
    expect(summary.edited).toBeGreaterThan(0);
    const edited = await prisma.review.findMany({ where: { ...seeded, revision: { gt: 1 } }, select: { revision: true, _count: { select: { revisions: true } } } });
    // Each earlier content is kept as a revision row (append-only history).
    for (const r of edited) expect(r._count.revisions).toBe(r.revision - 1);
  });

  it('adds nothing when run again', async () => {
    const prisma = ts.app.deps.prisma;
    const before = await prisma.reviewRevision.count();
    const again = await seedReviews(ts.app.deps, { seed: 5, now: NOW, share: 0.25 });
    expect({ ...again, durationMs: 0 }).toEqual({ ...summary, durationMs: 0 });
    expect(await prisma.reviewRevision.count()).toBe(before);
  });
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
