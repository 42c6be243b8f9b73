/**
 * The buyer-review moderation queue through the tRPC caller on a real database: the list's order,
 * pages and tabs; claims; each decision and what it does (status, PluginRating, reports, queue,
 * ReviewModeration, audit, the creator's notification); stale pages refused; bulk per-item results.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/deps.ts';
import { seedReviewModerationReasons } from '../../../../prisma/seed/review-moderation-reasons.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from '../harness.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { insertReview } from './helpers.ts';

let db: TestDatabase;
let reasonId: (code: string) => string;
beforeAll(async () => {
  db = await openTestDatabase();
  await seedReviewModerationReasons(db.prisma);
  const reasons = await db.prisma.reviewModerationReason.findMany({ select: { id: true, code: true } });
  reasonId = (code) => reasons.find((r) => r.code === code)!.id;
});
afterAll(async () => db?.close());

async function moderator(name?: string) {
  const user = await createTestUser(db.prisma, ['MODERATOR'], { name });
  return { user, caller: createCaller(await contextFor(testDeps(db), user)) };
}

async function plugin() {
  const creator = await createCreator(db.prisma);
  return createPlugin(db.prisma, creator.id);
}

const rating = (pluginId: string) => db.prisma.pluginRating.findUnique({ where: { pluginId }, select: { count: true, sum: true, stars5: true, stars1: true } });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)));
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const SECRET_TEXT = 'Great plugin, but my key ghp_1234567890abcdefghijklmnopqrstuvwxyzAB stopped working after the update.';

describe('list', () => {
  it('lists queued reviews oldest first, a page at a time, with the tabs and their counts', async () => {
    const p = await plugin();
    const reported = await insertReview(db.prisma, p, { reports: 2, queuedAt: minutesAgo(40) });
    const flagged = await insertReview(db.prisma, p, { signals: ['LINK'], queuedAt: minutesAgo(30) });
    const held = await insertReview(db.prisma, p, { status: 'HELD', signals: ['SECRET'], body: SECRET_TEXT, queuedAt: minutesAgo(20) });
    const language = await insertReview(db.prisma, p, { signals: ['LANGUAGE'], queuedAt: minutesAgo(10) });
    await insertReview(db.prisma, p); // published, not queued
    const alice = await moderator();
    await alice.caller.reviewQueue.claim({ reviewId: language.id });

    const all = await alice.caller.reviewQueue.list({ pluginId: p.id });
    expect(all.items.map((i) => i.id)).toEqual([reported.id, flagged.id, held.id, language.id]);
    expect(all.counts).toEqual({ all: 4, held: 1, reported: 1, flagged: 3, mine: 1 });
    const heldRow = all.items.find((i) => i.id === held.id)!;
    expect(heldRow).toMatchObject({ status: 'HELD', signals: ['SECRET'], excerpt: SECRET_TEXT, version: 1, plugin: { id: p.id, name: p.name } });
    expect(all.items.find((i) => i.id === language.id)!.claim).toMatchObject({ holderId: alice.user.id, holderName: alice.user.name });

    const first = await alice.caller.reviewQueue.list({ pluginId: p.id, limit: 3 });
    const second = await alice.caller.reviewQueue.list({ pluginId: p.id, limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(second.nextCursor).toBeNull();

    const ids = async (tab: 'held' | 'reported' | 'flagged' | 'mine') => (await alice.caller.reviewQueue.list({ pluginId: p.id, tab })).items.map((i) => i.id);
    expect(await ids('held')).toEqual([held.id]);
    expect(await ids('reported')).toEqual([reported.id]);
    expect(await ids('flagged')).toEqual([flagged.id, held.id, language.id]);
    expect(await ids('mine')).toEqual([language.id]);
  });

  it('cuts the excerpt at 200 characters and refuses a cursor it did not issue', async () => {
    const p = await plugin();
    await insertReview(db.prisma, p, { signals: ['REPEATED_TEXT'], body: 'x'.repeat(500) });
    const { caller } = await moderator();
    expect((await caller.reviewQueue.list({ pluginId: p.id })).items[0]!.excerpt).toHaveLength(200);
    expect(await codeOf(caller.reviewQueue.list({ cursor: 'bm90LWEtY3Vyc29y' }))).toMatch(/^BAD_REQUEST/);
  });
});

describe('claims', () => {
  it('claims for 10 minutes; another moderator is refused until it is released or expires', async () => {
    const p = await plugin();
    const review = await insertReview(db.prisma, p, { signals: ['LINK'] });
    const alice = await moderator('Alice Moderator');
    const bob = await moderator();
    const claim = await alice.caller.reviewQueue.claim({ reviewId: review.id });
    expect(claim.claimExpiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(await codeOf(bob.caller.reviewQueue.claim({ reviewId: review.id }))).toMatch(/^CONFLICT: Claimed by Alice Moderator/);
    expect((await bob.caller.reviewQueue.get({ reviewId: review.id })).claim).toMatchObject({ holderName: 'Alice Moderator' });
    expect(await alice.caller.reviewQueue.release({ reviewId: review.id })).toEqual({ reviewId: review.id, isReleased: true });
    expect(await codeOf(alice.caller.reviewQueue.renew({ reviewId: review.id }))).toMatch(/^CONFLICT/);
    await bob.caller.reviewQueue.claim({ reviewId: review.id });
    // Expired: Alice can take it over.
    const later = createCaller(await contextFor(testDeps(db, { clock: fixedClock(new Date(Date.now() + 11 * 60_000)) }), alice.user));
    await later.reviewQueue.claim({ reviewId: review.id });
    expect(await db.prisma.auditLog.count({ where: { targetId: review.id, action: { in: ['reviews.claim', 'reviews.release'] } } })).toBe(4);
  });

  it('refuses a review that is not queued, and a review of the moderator\'s own plugin', async () => {
    const p = await plugin();
    const published = await insertReview(db.prisma, p);
    const { caller } = await moderator();
    expect(await codeOf(caller.reviewQueue.claim({ reviewId: published.id }))).toMatch(/^CONFLICT: This review is not in the queue/);
    const own = await createTestUser(db.prisma, ['MODERATOR', 'CREATOR']);
    const ownPlugin = await createPlugin(db.prisma, (await createCreator(db.prisma, own.id)).id);
    const ownReview = await insertReview(db.prisma, ownPlugin, { signals: ['LINK'] });
    const ownCaller = createCaller(await contextFor(testDeps(db), own));
    expect(await codeOf(ownCaller.reviewQueue.claim({ reviewId: ownReview.id }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(ownCaller.reviewQueue.decide({ reviewId: ownReview.id, version: 1, action: 'KEEP', message: '' }))).toMatch(/^FORBIDDEN/);
  });
});

describe('decide', () => {
  it('HIDE of a held review with a leaked key: hidden, out of the queue, reason, audit, creator notified; the rating is untouched', async () => {
    const p = await plugin();
    await insertReview(db.prisma, p, { rating: 5 });
    const held = await insertReview(db.prisma, p, { status: 'HELD', signals: ['SECRET'], body: SECRET_TEXT, rating: 1 });
    const alice = await moderator();
    await alice.caller.reviewQueue.claim({ reviewId: held.id });
    const result = await alice.caller.reviewQueue.decide({ reviewId: held.id, version: 1, action: 'HIDE', reasonId: reasonId('LEAKED_SECRET'), message: '' });
    expect(result).toEqual({ reviewId: held.id, status: 'HIDDEN', version: 2 });
    const stored = await db.prisma.review.findUniqueOrThrow({ where: { id: held.id } });
    expect(stored).toMatchObject({ status: 'HIDDEN', queuedAt: null, claimedById: null, version: 2 });
    expect(await rating(p.id)).toEqual({ count: 1, sum: 5, stars5: 1, stars1: 0 });
    const moderation = await db.prisma.reviewModeration.findFirstOrThrow({ where: { reviewId: held.id } });
    expect(moderation).toMatchObject({ action: 'HIDE', fromStatus: 'HELD', toStatus: 'HIDDEN', moderatorId: alice.user.id, reasonId: reasonId('LEAKED_SECRET') });
    expect(moderation.message).toMatch(/credential/);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: held.id, action: 'reviews.hide' } });
    expect(audit).toMatchObject({ actorId: alice.user.id, reason: 'Leaked secret' });
    const notification = await db.prisma.notification.findFirstOrThrow({ where: { creatorId: p.creatorId, kind: 'review.moderated' } });
    expect(notification.subject).toMatch(/was hidden/);
    expect(notification.payload).toMatchObject({ reviewId: held.id, action: 'HIDE', status: 'HIDDEN' });
    const detail = await alice.caller.reviewQueue.get({ reviewId: held.id });
    expect(detail.moderations).toMatchObject([{ action: 'HIDE', reason: 'Leaked secret', moderatorName: alice.user.name }]);
    expect(detail.signals[0]).toMatchObject({ code: 'SECRET', explanation: expect.stringMatching(/credential/) });
  });

  it('DELETE of a reported published review takes its rating out and resolves its reports', async () => {
    const p = await plugin();
    const review = await insertReview(db.prisma, p, { rating: 5, reports: 2 });
    expect(await rating(p.id)).toMatchObject({ count: 1, sum: 5 });
    const { caller } = await moderator();
    await caller.reviewQueue.decide({ reviewId: review.id, version: 1, action: 'DELETE', reasonId: reasonId('SPAM'), message: 'Spam, removed.' });
    expect(await rating(p.id)).toEqual({ count: 0, sum: 0, stars5: 0, stars1: 0 });
    expect(await db.prisma.review.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, reportCount: true, queuedAt: true } })).toEqual({ status: 'DELETED', reportCount: 0, queuedAt: null });
    expect(await db.prisma.reviewReport.count({ where: { reviewId: review.id, resolvedAt: null } })).toBe(0);
    expect(await db.prisma.reviewReport.count({ where: { reviewId: review.id } })).toBe(2);
    const detail = await caller.reviewQueue.get({ reviewId: review.id });
    expect(detail.reports.every((r) => r.resolvedAt !== null)).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { targetId: review.id, action: 'reviews.delete' } })).toBe(1);
  });

  it('KEEP publishes a held review (its rating counts now) without a reason; HIDE without one is refused', async () => {
    const p = await plugin();
    const held = await insertReview(db.prisma, p, { status: 'HELD', signals: ['PERSONAL_DATA'], rating: 3 });
    const { caller } = await moderator();
    expect(await codeOf(caller.reviewQueue.decide({ reviewId: held.id, version: 1, action: 'HIDE', message: 'x' }))).toMatch(/^BAD_REQUEST/);
    expect(await codeOf(caller.reviewQueue.decide({ reviewId: held.id, version: 1, action: 'HIDE', reasonId: reasonId('REVIEWED_OK'), message: 'x' }))).toMatch(/^BAD_REQUEST/);
    await caller.reviewQueue.decide({ reviewId: held.id, version: 1, action: 'KEEP', message: '' });
    expect(await rating(p.id)).toMatchObject({ count: 1, sum: 3 });
    expect(await db.prisma.review.findUniqueOrThrow({ where: { id: held.id }, select: { status: true } })).toEqual({ status: 'PUBLISHED' });
    expect(await db.prisma.auditLog.count({ where: { targetId: held.id, action: 'reviews.keep' } })).toBe(1);
  });

  it('refuses a stale version and a review claimed by someone else with CONFLICT, applying nothing', async () => {
    const p = await plugin();
    const review = await insertReview(db.prisma, p, { signals: ['LINK'], rating: 2 });
    const alice = await moderator('Alice Holder');
    const bob = await moderator();
    await alice.caller.reviewQueue.claim({ reviewId: review.id });
    expect(await codeOf(bob.caller.reviewQueue.decide({ reviewId: review.id, version: 1, action: 'DELETE', reasonId: reasonId('SPAM'), message: '' }))).toMatch(/^CONFLICT: Claimed by Alice Holder/);
    await alice.caller.reviewQueue.decide({ reviewId: review.id, version: 1, action: 'KEEP', message: '' });
    expect(await codeOf(bob.caller.reviewQueue.decide({ reviewId: review.id, version: 1, action: 'DELETE', reasonId: reasonId('SPAM'), message: '' }))).toMatch(/^CONFLICT: This review changed/);
    expect(await db.prisma.review.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, version: true } })).toEqual({ status: 'PUBLISHED', version: 2 });
    expect(await rating(p.id)).toMatchObject({ count: 1, sum: 2 });
    expect(await db.prisma.reviewModeration.count({ where: { reviewId: review.id } })).toBe(1);
  });
});

describe('bulkDecide', () => {
  it('decides each item on its own: one stale item is refused, the others are applied', async () => {
    const p = await plugin();
    const [a, b, c] = [
      await insertReview(db.prisma, p, { signals: ['REPEATED_TEXT'] }),
      await insertReview(db.prisma, p, { signals: ['REPEATED_TEXT'] }),
      await insertReview(db.prisma, p, { signals: ['REPEATED_TEXT'] }),
    ];
    const { caller } = await moderator();
    const { results } = await caller.reviewQueue.bulkDecide({
      items: [{ reviewId: a.id, version: 1 }, { reviewId: b.id, version: 7 }, { reviewId: c.id, version: 1 }],
      action: 'DELETE', reasonId: reasonId('SPAM'), message: '',
    });
    expect(results).toEqual([
      { reviewId: a.id, ok: true },
      { reviewId: b.id, ok: false, code: 'CONFLICT', message: expect.stringMatching(/changed since you opened it/) },
      { reviewId: c.id, ok: true },
    ]);
    const statuses = await db.prisma.review.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [a.id]: 'DELETED', [b.id]: 'PUBLISHED', [c.id]: 'DELETED' });
    expect((await caller.reviewQueue.list({ pluginId: p.id })).items.map((i) => i.id)).toEqual([b.id]);
  });

  it('lists the active reasons; other staff roles cannot use the queue', async () => {
    const { caller } = await moderator();
    const reasons = await caller.reviewQueue.reasons();
    expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['REVIEWED_OK', 'LEAKED_SECRET', 'PERSONAL_DATA', 'SPAM', 'OFFENSIVE_LANGUAGE', 'NOT_ABOUT_PLUGIN', 'BUG_REPORT']));
    const support = createCaller(await contextFor(testDeps(db), await createTestUser(db.prisma, ['SUPPORT'])));
    expect(await codeOf(support.reviewQueue.list({}))).toMatch(/^FORBIDDEN/);
  });
});
