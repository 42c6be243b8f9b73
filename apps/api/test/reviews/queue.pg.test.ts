/**
 * Races on the PostgreSQL server (PGlite is one session and cannot race): two moderators, each
 * through their own connection pool as two API processes would, decide the same review at the
 * same moment — exactly one decision applies, the other gets CONFLICT, and the plugin's rating,
 * the decision rows and the audit log show one decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@marketdesk/shared';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { claimReview, decideReview } from '../../src/modules/reviews/index.ts';
import { systemClock } from '../../src/platform/deps.ts';
import { seedReviewModerationReasons } from '../../../../prisma/seed/review-moderation-reasons.ts';
import { createTestUser, openTestDatabase, tempDir, type TestDatabase } from '../harness.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { insertReview } from './helpers.ts';

let db: TestDatabase;
let secondProcess: Database;
beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  secondProcess = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
  await seedReviewModerationReasons(db.prisma);
});
afterAll(async () => {
  await secondProcess?.close();
  await db?.close();
});

const firstDeps = () => ({ prisma: db.prisma, clock: systemClock });
const secondDeps = () => ({ prisma: secondProcess.prisma, clock: systemClock });
const actorOf = (user: { id: string; email: string }) => ({ userId: user.id, email: user.email, requestId: 'race', ip: null });
const outcome = (promise: Promise<unknown>) => promise.then(() => 'won', (error: unknown) => (error instanceof AppError ? error.code : `unexpected: ${String(error)}`));

describe('buyer-review decisions racing on the PostgreSQL server', () => {
  it('two moderators decide the same review at once: exactly one applies, the other gets CONFLICT (20 rounds)', async () => {
    const spam = await db.prisma.reviewModerationReason.findUniqueOrThrow({ where: { code: 'SPAM' }, select: { id: true } });
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    for (let round = 0; round < 20; round += 1) {
      const review = await insertReview(db.prisma, plugin, { rating: 4, reports: 1 });
      const [a, b] = await Promise.all([createTestUser(db.prisma, ['MODERATOR']), createTestUser(db.prisma, ['MODERATOR'])]);
      const results = await Promise.all([
        outcome(decideReview(firstDeps(), { actor: actorOf(a), reviewId: review.id, version: 1, action: 'DELETE', reasonId: spam.id, message: '' })),
        outcome(decideReview(secondDeps(), { actor: actorOf(b), reviewId: review.id, version: 1, action: 'KEEP', message: '' })),
      ]);
      expect(results.sort()).toEqual(['CONFLICT', 'won']);
      const stored = await db.prisma.review.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, version: true } });
      expect(stored.version).toBe(2);
      expect(await db.prisma.reviewModeration.count({ where: { reviewId: review.id } })).toBe(1);
      expect(await db.prisma.auditLog.count({ where: { targetId: review.id, action: { in: ['reviews.keep', 'reviews.delete'] } } })).toBe(1);
    }
    // Every round added one published 4-star review; each KEEP left it counted, each DELETE took it out.
    const kept = await db.prisma.review.count({ where: { pluginId: plugin.id, status: 'PUBLISHED' } });
    expect(await db.prisma.pluginRating.findUniqueOrThrow({ where: { pluginId: plugin.id }, select: { count: true, sum: true } })).toEqual({ count: kept, sum: 4 * kept });
  });

  it('two moderators claim the same review at once: exactly one holds it', async () => {
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    for (let round = 0; round < 10; round += 1) {
      const review = await insertReview(db.prisma, plugin, { signals: ['LINK'] });
      const [a, b] = await Promise.all([createTestUser(db.prisma, ['MODERATOR']), createTestUser(db.prisma, ['MODERATOR'])]);
      const results = await Promise.all([
        outcome(claimReview(firstDeps(), { actor: actorOf(a), reviewId: review.id })),
        outcome(claimReview(secondDeps(), { actor: actorOf(b), reviewId: review.id })),
      ]);
      expect(results.sort()).toEqual(['CONFLICT', 'won']);
    }
  });
});
