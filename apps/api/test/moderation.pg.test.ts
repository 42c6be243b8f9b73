/**
 * Races on the PostgreSQL server (PGlite is one session and cannot race): two moderators
 * claiming one submission at the same moment, two decisions on one submission at once, and
 * one moderator claiming many at once against the limit of 3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@marketdesk/shared';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { claimSubmission } from '../src/modules/moderation/claims.ts';
import { decideSubmission } from '../src/modules/moderation/decide.ts';
import { systemClock } from '../src/platform/deps.ts';
import { createTestUser, openTestDatabase, tempDir, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';

let db: TestDatabase;
/** A second connection pool, as a second API process would have. */
let secondProcess: Database;
beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  secondProcess = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
});
afterAll(async () => {
  await secondProcess?.close();
  await db?.close();
});

/** What a service of each "process" takes: its own pool, the real clock. */
const firstDeps = () => ({ prisma: db.prisma, clock: systemClock });
const secondDeps = () => ({ prisma: secondProcess.prisma, clock: systemClock });
const actorOf = (user: { id: string; email: string }) => ({ userId: user.id, email: user.email, requestId: 'race', ip: null });
const outcome = (promise: Promise<unknown>) => promise.then(() => 'won', (error: unknown) => (error instanceof AppError ? error.code : `unexpected: ${String(error)}`));

async function submission() {
  const creator = await createCreator(db.prisma);
  return createSubmission(db.prisma, await createPlugin(db.prisma, creator.id));
}

describe('races on the PostgreSQL server', () => {
  it('two moderators claim the same submission at the same moment: exactly one holds it', async () => {
    for (let round = 0; round < 10; round += 1) {
      const s = await submission();
      const [a, b] = await Promise.all([createTestUser(db.prisma, ['MODERATOR']), createTestUser(db.prisma, ['MODERATOR'])]);
      const results = await Promise.all([
        outcome(claimSubmission(firstDeps(), { actor: actorOf(a), submissionId: s.id })),
        outcome(claimSubmission(secondDeps(), { actor: actorOf(b), submissionId: s.id })),
      ]);
      expect(results.sort()).toEqual(['CONFLICT', 'won']);
      const stored = await db.prisma.submission.findUniqueOrThrow({ where: { id: s.id } });
      expect([a.id, b.id]).toContain(stored.claimedById);
      expect(await db.prisma.auditLog.count({ where: { targetId: s.id, action: 'submissions.claim' } })).toBe(1);
    }
  });

  it('two decisions on one submission at once: one applies, the other gets CONFLICT', async () => {
    for (let round = 0; round < 10; round += 1) {
      const s = await submission();
      const moderator = await createTestUser(db.prisma, ['MODERATOR']);
      await claimSubmission(firstDeps(), { actor: actorOf(moderator), submissionId: s.id });
      const results = await Promise.all([
        outcome(decideSubmission(firstDeps(), { actor: actorOf(moderator), kind: 'APPROVE', submissionId: s.id, version: 1, message: '' })),
        outcome(decideSubmission(secondDeps(), { actor: actorOf(moderator), kind: 'REQUEST_CHANGES', submissionId: s.id, version: 1, message: 'Add tests' })),
      ]);
      expect(results.sort()).toEqual(['CONFLICT', 'won']);
      expect(await db.prisma.reviewDecision.count({ where: { submissionId: s.id } })).toBe(1);
      expect(await db.prisma.notification.count({ where: { creatorId: s.creatorId } })).toBe(1);
      expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: s.id } })).version).toBe(2);
    }
  });

  it('one moderator claiming 6 submissions at once gets exactly 3', async () => {
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    const subs = await Promise.all([1, 2, 3, 4, 5, 6].map(() => submission()));
    const results = await Promise.all(subs.map((s, i) => outcome(claimSubmission(i % 2 ? firstDeps() : secondDeps(), { actor: actorOf(moderator), submissionId: s.id }))));
    expect(results.filter((r) => r === 'won')).toHaveLength(3);
    expect(results.filter((r) => r === 'PRECONDITION_FAILED')).toHaveLength(3);
    expect(await db.prisma.submission.count({ where: { claimedById: moderator.id } })).toBe(3);
  });
});
