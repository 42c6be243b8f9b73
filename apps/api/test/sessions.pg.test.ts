/**
 * The sign-in throttle under real concurrency on PostgreSQL: 30 wrong guesses for one
 * (email, client) at once, split over two connection pools (as two API processes), each pool
 * of several connections, evaluate (run argon2 for) at most 5; and a session revoked through
 * one pool is refused through the other.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { authenticateSession } from '../src/platform/sessions.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, tempDir, testDeps, type TestDatabase } from './harness.ts';

let db: TestDatabase;
let secondProcess: Database;
beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  secondProcess = await openDatabase({ databaseUrl: db.url, dataDir: tempDir(), poolSize: 10 });
});
afterAll(async () => {
  await secondProcess?.close();
  await db?.close();
});

it('30 concurrent wrong guesses over two pools evaluate at most 5 (counted before argon2 runs)', async () => {
  const user = await createTestUser(db.prisma, ['ADMIN']);
  const processes = [testDeps(db), testDeps(secondProcess)];
  const outcomes = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
    const ctx = await contextFor(processes[i % 2]!, null, { ip: '198.51.100.9' });
    return createCaller(ctx).auth.signIn({ email: user.email, password: `guess ${i}` }).then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? error.code : String(error)));
  }));
  expect(outcomes.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(5);
  expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(25);
  expect(await db.prisma.signInAttempt.count({ where: { email: user.email } })).toBe(5);
  const [counter] = await db.query<{ attempts: number }>(`SELECT attempts FROM "SignInThrottle" WHERE key = $1`, [`email-client:${user.email} 198.51.100.9`]);
  expect(counter!.attempts).toBe(30);
});

it('a session signed out through one pool is refused through the other', async () => {
  const user = await createTestUser(db.prisma, ['FINANCE']);
  const ctx = await contextFor(testDeps(db), user);
  const other = testDeps(secondProcess);
  expect((await authenticateSession(other, ctx.sessionToken)).id).toBe(user.id);
  await createCaller(ctx).auth.signOut();
  await expect(authenticateSession(other, ctx.sessionToken)).rejects.toThrow(/signed out/);
});
