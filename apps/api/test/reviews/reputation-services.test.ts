/**
 * Reputation against a database (PGlite by default, PostgreSQL with DATABASE_URL): a plugin's
 * rating from PluginRating and the marketplace prior, ratings over time by month, a creator's
 * reputation from planted purchases, refunds, disputes and submissions, and the `reputation.*`
 * procedures' permissions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creatorReputation } from '@marketdesk/shared';
import { fixedClock, type AppDeps } from '../../src/platform/deps.ts';
import { readCreatorReputation, readPluginRating, readRatingsOverTime } from '../../src/modules/reviews/index.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from '../harness.ts';
import { createCreator, createPlugin, createPurchase, createSubmission } from '../factories.ts';
import { insertReview } from './helpers.ts';

const NOW = new Date('2026-12-15T12:00:00Z');
const DAY = 86_400_000;
let db: TestDatabase;
let deps: AppDeps;
let creatorA: { id: string };
let p1: { id: string; creatorId: string };
let p2: { id: string; creatorId: string };

beforeAll(async () => {
  db = await openTestDatabase();
  deps = testDeps(db, { clock: fixedClock(NOW) });
  const { prisma } = deps;
  creatorA = await createCreator(prisma);
  p1 = await createPlugin(prisma, creatorA.id);
  p2 = await createPlugin(prisma, creatorA.id);
  for (const rating of [5, 5, 4]) await insertReview(prisma, p1, { rating, createdAt: new Date('2026-11-10T08:00:00Z') });
  for (const rating of [3, 4]) await insertReview(prisma, p1, { rating, createdAt: new Date('2026-10-31T23:59:00Z') });
  await insertReview(prisma, p1, { rating: 1, status: 'HIDDEN', createdAt: new Date('2026-11-12T08:00:00Z') });
  await insertReview(prisma, p1, { rating: 5, createdAt: new Date('2025-11-30T08:00:00Z') }); // 13 months back: counted in the rating, not in the series
  const other = await createPlugin(prisma, (await createCreator(prisma)).id);
  for (let i = 0; i < 5; i += 1) await insertReview(prisma, other, { rating: 2 });
}, 60_000);
afterAll(async () => db?.close());

describe('readPluginRating', () => {
  it('reads the PluginRating row with the marketplace prior', async () => {
    // Published: p1 5+5+4+3+4+5 = 26 over 6; other 10 over 5 → prior mean 36/11.
    const rating = await readPluginRating(deps, { pluginId: p1.id });
    const priorMean = 36 / 11;
    expect(rating.prior.weight).toBe(10);
    expect(rating.prior.mean).toBeCloseTo(priorMean, 12);
    expect(rating.count).toBe(6);
    expect(rating.average).toBeCloseTo(26 / 6, 12);
    expect(rating.score).toBeCloseTo((10 * priorMean + 26) / 16, 12);
    expect(rating.distribution.map((d) => d.count)).toEqual([0, 0, 1, 2, 3]);
    expect(rating.distribution.map((d) => d.share)).toEqual([0, 0, 1 / 6, 2 / 6, 3 / 6]);
  });

  it('answers count 0, no average and the prior mean for a plugin without reviews', async () => {
    const rating = await readPluginRating(deps, { pluginId: p2.id });
    expect(rating).toMatchObject({ count: 0, average: null });
    expect(rating.score).toBeCloseTo(36 / 11, 12);
    expect(rating.distribution.every((d) => d.share === 0)).toBe(true);
  });
});

describe('readRatingsOverTime', () => {
  it('gives 12 UTC months of published reviews, oldest first, empty months included', async () => {
    const months = await readRatingsOverTime(deps, { pluginId: p1.id });
    expect(months).toHaveLength(12);
    expect(months[0]!.month).toBe('2026-01');
    expect(months.at(-1)).toEqual({ month: '2026-12', count: 0, average: null });
    expect(months.find((m) => m.month === '2026-11')).toEqual({ month: '2026-11', count: 3, average: 14 / 3 });
    expect(months.find((m) => m.month === '2026-10')).toEqual({ month: '2026-10', count: 2, average: 3.5 });
    expect(months.reduce((a, m) => a + m.count, 0)).toBe(5);
    const byCreator = await readRatingsOverTime(deps, { creatorId: creatorA.id, months: 3 });
    expect(byCreator.map((m) => [m.month, m.count])).toEqual([['2026-10', 2], ['2026-11', 3], ['2026-12', 0]]);
  });
});

describe('readCreatorReputation', () => {
  it('computes the record from planted purchases, refunds, disputes and submissions', async () => {
    const { prisma } = deps;
    // 7 paid purchases came with the reviews; 23 more make 30, of which 3 refunded and 1 disputed; 2 unpaid do not count.
    const extra = [];
    for (let i = 0; i < 23; i += 1) extra.push(await createPurchase(prisma, p2));
    await prisma.purchase.update({ where: { id: extra[0]!.id }, data: { status: 'REFUNDED', amountRefunded: 1900 } });
    await prisma.purchase.update({ where: { id: extra[1]!.id }, data: { status: 'PARTIALLY_REFUNDED', amountRefunded: 500 } });
    await prisma.purchase.update({ where: { id: extra[2]!.id }, data: { status: 'REFUNDED', amountRefunded: 1900 } });
    await prisma.dispute.create({ data: { stripeDisputeId: `dp_${randomUUID()}`, purchaseId: extra[3]!.id, amount: 1900, currency: 'usd', reason: 'fraudulent', status: 'NEEDS_RESPONSE' } });
    for (const status of ['PENDING', 'FAILED'] as const) await prisma.purchase.update({ where: { id: (await createPurchase(prisma, p2)).id }, data: { status, paidAt: null } });
    await createSubmission(prisma, p1, { status: 'APPROVED', hasCriticalFindings: true, submittedAt: new Date(NOW.getTime() - 200 * DAY) });
    await createSubmission(prisma, p1, { status: 'REJECTED', submittedAt: new Date(NOW.getTime() - 150 * DAY) });
    await createSubmission(prisma, p2, { status: 'CHANGES_REQUESTED', submittedAt: new Date(NOW.getTime() - 100 * DAY) });
    await createSubmission(prisma, p2, { status: 'PENDING', hasCriticalFindings: true, submittedAt: new Date(NOW.getTime() - 30 * DAY) });
    await createSubmission(prisma, p2, { status: 'WITHDRAWN', hasCriticalFindings: true, submittedAt: new Date(NOW.getTime() - 10 * DAY) });

    const result = await readCreatorReputation(deps, { creatorId: creatorA.id });
    expect(result.counts).toEqual({
      reviews: 6, paidPurchases: 30, refundedPurchases: 3, disputedPurchases: 1,
      submissions: 4, decidedSubmissions: 3, rejectedSubmissions: 1, criticalSubmissions: 2, recentCriticalSubmissions: 1,
    });
    const prior = { mean: 36 / 11, weight: 10 };
    const { reviews: _reviews, ...counts } = result.counts;
    expect(result.reputation).toEqual(creatorReputation({ plugins: [{ count: 6, sum: 26 }, { count: 0, sum: 0 }], prior, ...counts }));
    const by = Object.fromEntries(result.reputation.components.map((c) => [c.key, c]));
    expect(by.refunds!.value).toBeCloseTo(0.1, 12);
    expect(by.disputes!.value).toBeCloseTo(1 / 30, 12);
    expect(by.rejections!.value).toBeCloseTo(1 / 3, 12);
    expect(by.criticalFindings!.value).toBe(0.5);
    expect(result.reputation.needsCloserLook).toBe(true);
    expect(result.reputation.closerLookReasons.some((r) => /Dispute rate 3.33 %/.test(r))).toBe(true);
    expect(result.reputation.closerLookReasons.some((r) => /1 submission with a critical finding/.test(r))).toBe(true);
    expect(result.plugins.map((p) => [p.id, p.count])).toEqual([[p1.id, 6], [p2.id, 0]]);
    expect(result.overTime.reduce((a, m) => a + m.count, 0)).toBe(5);
  });

  it('gives a new creator neutral components, not zeros', async () => {
    const fresh = await createCreator(deps.prisma);
    const result = await readCreatorReputation(deps, { creatorId: fresh.id });
    expect(result.reputation.score).toBe(75);
    expect(result.reputation.needsCloserLook).toBe(false);
    expect(result.plugins).toEqual([]);
  });
});

describe('reputation.* procedures', () => {
  it('lets staff with reviews.read read a plugin, and only admin, moderator and finance read a creator', async () => {
    const as = async (roles: Parameters<typeof createTestUser>[1]) => createCaller(await contextFor(deps, await createTestUser(deps.prisma, roles)));
    const support = await as(['SUPPORT']);
    const plugin = await support.reputation.plugin({ pluginId: p1.id });
    expect(plugin.plugin).toMatchObject({ id: p1.id, pricingModel: 'ONE_TIME', priceAmount: 1900, currency: 'usd', creator: { id: creatorA.id } });
    expect(plugin.rating.count).toBe(6);
    expect(plugin.overTime).toHaveLength(12);
    await expect(support.reputation.creator({ creatorId: creatorA.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const role of ['FINANCE', 'MODERATOR', 'ADMIN'] as const) {
      const answer = await (await as([role])).reputation.creator({ creatorId: creatorA.id });
      expect(answer.creator.id).toBe(creatorA.id);
    }
    await expect(support.reputation.plugin({ pluginId: 'no-such-plugin' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as(['FINANCE'])).reputation.creator({ creatorId: 'no-such-creator' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as(['CREATOR'])).reputation.plugin({ pluginId: p1.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
