/**
 * A creator's reply under concurrency on the PostgreSQL server, two API processes on one database:
 * 10 simultaneous replies to one review (a double-click, two tabs) leave one ReviewReply holding
 * the last one applied, and 10 audit rows that chain: the first has no reply before it, each later
 * one's `before` is a reply that was written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { replyToReview } from '../../src/modules/reviews/index.ts';
import { createTestUser, openTestDatabase, tempDir, testDeps, type TestDatabase } from '../harness.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { insertReview } from './helpers.ts';

let first: TestDatabase;
let second: Awaited<ReturnType<typeof openDatabase>>;
beforeAll(async () => {
  first = await openTestDatabase({ target: 'postgres' });
  second = await openDatabase({ databaseUrl: first.url, dataDir: tempDir() });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('replies under concurrency (PostgreSQL)', () => {
  it('10 parallel replies to one review from two processes: one reply, 10 chained audit rows', async () => {
    const user = await createTestUser(first.prisma, ['CREATOR']);
    const creator = await createCreator(first.prisma, user.id);
    const plugin = await createPlugin(first.prisma, creator.id);
    const review = await insertReview(first.prisma, plugin);
    const actor = { userId: user.id, email: user.email, requestId: 'pg-test', ip: null };
    const bodies = Array.from({ length: 10 }, (_, i) => `Reply number ${i}`);
    const answers = await Promise.all(bodies.map((body, i) => replyToReview(testDeps(i % 2 ? second : first), { reviewId: review.id, body, creatorId: creator.id, actor })));
    expect(answers.every((a) => a.reply !== null)).toBe(true);

    const replies = await first.prisma.reviewReply.findMany({ where: { reviewId: review.id }, select: { body: true } });
    expect(replies).toHaveLength(1);
    const audit = await first.prisma.auditLog.findMany({ where: { action: 'reviews.reply', targetId: review.id }, orderBy: { id: 'asc' }, select: { before: true, after: true } });
    expect(audit).toHaveLength(10);
    expect(audit.filter((row) => row.before === null)).toHaveLength(1);
    // Each write saw the one before it (the row lock orders them): the audit rows form one chain ending in the stored reply.
    const afterBodies = audit.map((row) => (row.after as { body: string }).body);
    const beforeBodies = audit.map((row) => (row.before as { body: string } | null)?.body ?? null);
    expect(beforeBodies).toEqual([null, ...afterBodies.slice(0, -1)]);
    expect(replies[0]!.body).toBe(afterBodies.at(-1));
  });
});
