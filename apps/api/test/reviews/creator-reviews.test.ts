/**
 * Creators and their plugins' reviews through the tRPC caller on a real database: `reviews.own`
 * (scoping, filters, pages, what a creator sees of held, hidden and deleted reviews — never a
 * buyer's email), `reviews.ownSummary`, `reviews.reply` (once, then edits; another creator's review
 * NOT_FOUND; a held one refused; audited) and staff's `reviews.forPlugin`.
 */
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REVIEW_REPLY, REVIEW_AUTHOR_LABEL } from '@marketdesk/shared';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from '../harness.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { insertReview } from './helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

/** A creator user with a creator account and one plugin, and their caller. */
async function creatorWithPlugin() {
  const user = await createTestUser(db.prisma, ['CREATOR']);
  const creator = await createCreator(db.prisma, user.id);
  const plugin = await createPlugin(db.prisma, creator.id);
  const caller = createCaller(await contextFor(testDeps(db), user));
  return { user, creator, plugin, caller };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)));
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const SECRET_TEXT = 'My key ghp_1234567890abcdefghijklmnopqrstuvwxyzAB stopped working, mail me at jo@example.test';

/** A moderator's decision on `reviewId`, as the queue records it (with a canned reason). */
async function recordDecision(reviewId: string, action: 'KEEP' | 'HIDE' | 'DELETE', label: string) {
  const moderator = await createTestUser(db.prisma, ['MODERATOR']);
  const reason = await db.prisma.reviewModerationReason.create({ data: { code: `test-${randomUUID()}`, label, cannedResponse: 'Removed.', appliesTo: action } });
  const toStatus = action === 'KEEP' ? 'PUBLISHED' : action === 'HIDE' ? 'HIDDEN' : 'DELETED';
  await db.prisma.reviewModeration.create({ data: { reviewId, moderatorId: moderator.id, action, reasonId: reason.id, message: `Decided: ${label}`, fromStatus: 'PUBLISHED', toStatus } });
}

describe('reviews.own', () => {
  it('lists the creator\'s own plugins\' reviews newest first, a page at a time, and none of another creator\'s', async () => {
    const alice = await creatorWithPlugin();
    const bob = await creatorWithPlugin();
    const second = await createPlugin(db.prisma, alice.creator.id);
    const oldest = await insertReview(db.prisma, alice.plugin, { rating: 5, createdAt: minutesAgo(30) });
    const middle = await insertReview(db.prisma, second, { rating: 2, createdAt: minutesAgo(20) });
    const newest = await insertReview(db.prisma, alice.plugin, { rating: 4, createdAt: minutesAgo(10) });
    const bobs = await insertReview(db.prisma, bob.plugin);

    const first = await alice.caller.reviews.own({ limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([newest.id, middle.id]);
    const rest = await alice.caller.reviews.own({ limit: 2, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ items: [{ id: oldest.id }], nextCursor: null });
    expect((await alice.caller.reviews.own({ pluginId: second.id })).items.map((r) => r.id)).toEqual([middle.id]);
    expect((await alice.caller.reviews.own({ stars: 5 })).items.map((r) => r.id)).toEqual([oldest.id]);
    const text = JSON.stringify(await alice.caller.reviews.own({}));
    expect(text).not.toContain(bobs.id);
    expect(text).not.toContain(oldest.buyerEmail);
    expect(first.items[0]).toMatchObject({ authorLabel: REVIEW_AUTHOR_LABEL, body: newest.body, status: 'PUBLISHED', canReply: true, reply: null, outcome: null, plugin: { id: alice.plugin.id, name: alice.plugin.name } });

    expect(await codeOf(alice.caller.reviews.own({ pluginId: bob.plugin.id }))).toBe(`NOT_FOUND: No plugin ${bob.plugin.id}`);
    expect(await codeOf(alice.caller.reviews.own({ cursor: bobs.id }))).toBe(`NOT_FOUND: No review ${bobs.id}`);
  });

  it('shows a held review without its text, and a hidden or deleted one with the moderator\'s outcome but not its text', async () => {
    const alice = await creatorWithPlugin();
    const held = await insertReview(db.prisma, alice.plugin, { status: 'HELD', signals: ['SECRET', 'PERSONAL_DATA'], body: SECRET_TEXT, createdAt: minutesAgo(3) });
    const hidden = await insertReview(db.prisma, alice.plugin, { status: 'HIDDEN', body: 'Abusive words here.', createdAt: minutesAgo(2) });
    const deleted = await insertReview(db.prisma, alice.plugin, { status: 'DELETED', body: 'Spam spam spam.', createdAt: minutesAgo(1) });
    await recordDecision(hidden.id, 'HIDE', 'Abusive language');
    await recordDecision(deleted.id, 'DELETE', 'Spam');

    const { items } = await alice.caller.reviews.own({});
    const byId = new Map(items.map((r) => [r.id, r]));
    expect(byId.get(held.id)).toMatchObject({ status: 'HELD', body: null, outcome: null, canReply: false, rating: held.rating });
    expect(byId.get(hidden.id)).toMatchObject({ status: 'HIDDEN', body: null, canReply: false, outcome: { action: 'HIDE', reasonLabel: 'Abusive language', message: 'Decided: Abusive language' } });
    expect(byId.get(deleted.id)).toMatchObject({ status: 'DELETED', body: null, outcome: { action: 'DELETE', reasonLabel: 'Spam' } });
    const text = JSON.stringify(items);
    for (const secret of ['ghp_', 'jo@example.test', 'Abusive words', 'Spam spam', held.buyerEmail]) expect(text).not.toContain(secret);
    expect((await alice.caller.reviews.own({ status: 'HELD' })).items.map((r) => r.id)).toEqual([held.id]);
  });

  it('filters by reply', async () => {
    const alice = await creatorWithPlugin();
    const answered = await insertReview(db.prisma, alice.plugin, { createdAt: minutesAgo(2) });
    const open = await insertReview(db.prisma, alice.plugin, { createdAt: minutesAgo(1) });
    await alice.caller.reviews.reply({ reviewId: answered.id, body: 'Thanks!' });
    expect((await alice.caller.reviews.own({ hasReply: true })).items.map((r) => r.id)).toEqual([answered.id]);
    expect((await alice.caller.reviews.own({ hasReply: false })).items.map((r) => r.id)).toEqual([open.id]);
  });

  it('answers a creator user without a creator account with an empty list', async () => {
    const user = await createTestUser(db.prisma, ['CREATOR']);
    const caller = createCaller(await contextFor(testDeps(db), user));
    expect(await caller.reviews.own({})).toEqual({ items: [], nextCursor: null });
    expect(await caller.reviews.ownSummary({})).toEqual({ plugins: [], overTime: [] });
  });
});

describe('reviews.ownSummary', () => {
  it('gives each plugin\'s count, average, Bayesian score and distribution, and 12 months of ratings', async () => {
    const alice = await creatorWithPlugin();
    const quiet = await createPlugin(db.prisma, alice.creator.id);
    for (const rating of [5, 5, 4, 1]) await insertReview(db.prisma, alice.plugin, { rating });
    await insertReview(db.prisma, alice.plugin, { rating: 1, status: 'HELD', signals: ['SECRET'] });
    const summary = await alice.caller.reviews.ownSummary({ pluginId: alice.plugin.id });
    expect(summary.plugins).toEqual([{ pluginId: alice.plugin.id, pluginName: alice.plugin.name, count: 4, average: 3.75, score: expect.any(Number), distribution: [1, 0, 0, 1, 2] }]);
    expect(summary.plugins[0]!.score).toBeGreaterThan(1);
    expect(summary.plugins[0]!.score).toBeLessThan(5);
    expect(summary.overTime).toHaveLength(12);
    expect(summary.overTime.at(-1)).toEqual({ month: new Date().toISOString().slice(0, 7), count: 4, average: 3.75 });
    const all = await alice.caller.reviews.ownSummary({});
    expect(all.plugins.map((p) => p.pluginId).sort()).toEqual([alice.plugin.id, quiet.id].sort());
    expect(all.plugins.find((p) => p.pluginId === quiet.id)).toMatchObject({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    const bob = await creatorWithPlugin();
    expect(await codeOf(bob.caller.reviews.ownSummary({ pluginId: alice.plugin.id }))).toBe(`NOT_FOUND: No plugin ${alice.plugin.id}`);
  });
});

describe('reviews.reply', () => {
  it('writes one reply, then edits it (createdAt kept, updatedAt moves), audited each time', async () => {
    const alice = await creatorWithPlugin();
    const review = await insertReview(db.prisma, alice.plugin);
    const first = await alice.caller.reviews.reply({ reviewId: review.id, body: '  Thanks for the review!  ' });
    expect(first.reply).toMatchObject({ body: 'Thanks for the review!' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = await alice.caller.reviews.reply({ reviewId: review.id, body: 'Thanks — fixed in 1.2.0.' });
    expect(edited.reply!.body).toBe('Thanks — fixed in 1.2.0.');
    expect(edited.reply!.createdAt).toEqual(first.reply!.createdAt);
    expect(edited.reply!.updatedAt.getTime()).toBeGreaterThan(first.reply!.updatedAt.getTime());
    expect(await db.prisma.reviewReply.count({ where: { reviewId: review.id } })).toBe(1);
    expect(await db.prisma.reviewReply.findUnique({ where: { reviewId: review.id }, select: { authorId: true, body: true } })).toEqual({ authorId: alice.user.id, body: 'Thanks — fixed in 1.2.0.' });
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'reviews.reply', targetId: review.id }, orderBy: { id: 'asc' }, select: { actorId: true, targetType: true, before: true, after: true } });
    expect(audit).toEqual([
      { actorId: alice.user.id, targetType: 'Review', before: null, after: { body: 'Thanks for the review!' } },
      { actorId: alice.user.id, targetType: 'Review', before: expect.objectContaining({ body: 'Thanks for the review!' }), after: { body: 'Thanks — fixed in 1.2.0.' } },
    ]);
  });

  it('answers another creator\'s review as one that never existed, and writes nothing', async () => {
    const alice = await creatorWithPlugin();
    const bob = await creatorWithPlugin();
    const review = await insertReview(db.prisma, alice.plugin);
    expect(await codeOf(bob.caller.reviews.reply({ reviewId: review.id, body: 'Mine now' }))).toBe(`NOT_FOUND: No review ${review.id}`);
    expect(await codeOf(bob.caller.reviews.reply({ reviewId: 'cnever0000000000000000000', body: 'Mine now' }))).toBe('NOT_FOUND: No review cnever0000000000000000000');
    expect(await db.prisma.reviewReply.count({ where: { reviewId: review.id } })).toBe(0);
  });

  it('refuses a reply on a held, hidden or deleted review, saying why', async () => {
    const alice = await creatorWithPlugin();
    for (const [status, why] of [['HELD', 'held for moderation'], ['HIDDEN', 'hidden by a moderator'], ['DELETED', 'deleted by a moderator']] as const) {
      const review = await insertReview(db.prisma, alice.plugin, { status, signals: status === 'HELD' ? ['SECRET'] : [] });
      expect(await codeOf(alice.caller.reviews.reply({ reviewId: review.id, body: 'Hello' }))).toMatch(new RegExp(`^CONFLICT: This review .*${why}`));
      expect(await db.prisma.reviewReply.count({ where: { reviewId: review.id } })).toBe(0);
      expect(await db.prisma.auditLog.count({ where: { action: 'reviews.reply', targetId: review.id } })).toBe(0);
    }
  });

  it('refuses an empty or too long reply, naming the field', async () => {
    const alice = await creatorWithPlugin();
    const review = await insertReview(db.prisma, alice.plugin);
    expect(await codeOf(alice.caller.reviews.reply({ reviewId: review.id, body: '   ' }))).toMatch(/^BAD_REQUEST/);
    expect(await codeOf(alice.caller.reviews.reply({ reviewId: review.id, body: 'x'.repeat(MAX_REVIEW_REPLY + 1) }))).toMatch(/^BAD_REQUEST/);
  });
});

describe('reviews.forPlugin (staff)', () => {
  it('lists every review of the plugin with status, signals, reports and reply; creators may not call it', async () => {
    const alice = await creatorWithPlugin();
    const published = await insertReview(db.prisma, alice.plugin, { createdAt: minutesAgo(3), reports: 2 });
    const held = await insertReview(db.prisma, alice.plugin, { status: 'HELD', signals: ['SECRET'], body: SECRET_TEXT, createdAt: minutesAgo(2) });
    await alice.caller.reviews.reply({ reviewId: published.id, body: 'Thanks' });
    const support = createCaller(await contextFor(testDeps(db), await createTestUser(db.prisma, ['SUPPORT'])));
    const page = await support.reviews.forPlugin({ pluginId: alice.plugin.id, limit: 1 });
    expect(page.items).toEqual([expect.objectContaining({ id: held.id, status: 'HELD', signals: ['SECRET'], body: SECRET_TEXT, reply: null })]);
    const next = await support.reviews.forPlugin({ pluginId: alice.plugin.id, limit: 1, cursor: page.nextCursor! });
    expect(next.items).toEqual([expect.objectContaining({ id: published.id, reportCount: 2, reply: expect.objectContaining({ body: 'Thanks' }) })]);
    expect((await support.reviews.forPlugin({ pluginId: alice.plugin.id, status: 'PUBLISHED' })).items.map((r) => r.id)).toEqual([published.id]);
    expect(await codeOf(alice.caller.reviews.forPlugin({ pluginId: alice.plugin.id }))).toMatch(/^FORBIDDEN/);
  });
});
