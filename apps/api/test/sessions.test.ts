/**
 * Sessions that end and sign-in throttling, on a real database (PGlite, or PostgreSQL when
 * DATABASE_URL is set):
 * - two app instances on one database (each its own app and, on PostgreSQL, its own pool — as
 *   two processes would be): sign-out, a password change, an admin's reset, a role change and
 *   disabling on one are refused on the other at the next request;
 * - the throttle (through the caller, with the client IP and known-client cookie of the
 *   request): 30 concurrent guesses evaluate 5, an attacker's lock-out does not stop the
 *   user's known browser, one client spraying many emails is slowed with Retry-After.
 * The concurrency variant on a pool of several connections is sessions.pg.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeSignInState } from '../src/modules/auth/index.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { fixedClock } from '../src/platform/deps.ts';
import { contextFor, createCaller, createTestUser, startTestServer, TEST_PASSWORD, tempDir, type TestServer } from './harness.ts';

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  // One license key encryption key, as processes sharing a config would have.
  const config = { licenseKeyEncryptionKey: randomBytes(32).toString('base64url') };
  a = await startTestServer({ config });
  // On PostgreSQL the second instance gets its own pool on the same database; PGlite is one
  // backend in this process, so there the second app shares it (and must not close it).
  const second = a.db.url ? await openDatabase({ databaseUrl: a.db.url, dataDir: tempDir() }) : { ...a.db, close: async () => undefined };
  b = await startTestServer({ config, db: second });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const CONSOLE = { 'x-marketdesk-client': 'console', 'content-type': 'application/json' };

async function call(server: TestServer, path: string, options: { body?: unknown; cookie?: string; query?: unknown } = {}) {
  const isMutation = options.body !== undefined;
  const url = `${server.url}/trpc/${path}${options.query !== undefined ? `?input=${encodeURIComponent(JSON.stringify({ json: options.query }))}` : ''}`;
  const response = await fetch(url, {
    method: isMutation ? 'POST' : 'GET',
    headers: { ...CONSOLE, ...(options.cookie ? { cookie: options.cookie } : {}) },
    body: isMutation ? JSON.stringify({ json: options.body }) : undefined,
  });
  const json = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: response.status, headers: response.headers, data: json.result?.data.json, error: json.error?.json };
}

async function signInOver(server: TestServer, email: string, password = TEST_PASSWORD): Promise<string> {
  const result = await call(server, 'auth.signIn', { body: { email, password } });
  expect(result.status, result.error?.message).toBe(200);
  return result.headers.getSetCookie().find((c) => c.startsWith('md_session='))!.split(';')[0]!;
}

async function expectSignedIn(server: TestServer, cookie: string) {
  expect((await call(server, 'auth.me', { cookie })).data).toMatchObject({ user: { id: expect.any(String) } });
}

async function expectRefused(server: TestServer, cookie: string, message: RegExp) {
  const result = await call(server, 'auth.changePassword', { cookie, body: { currentPassword: 'x', newPassword: 'irrelevant new password' } });
  expect(result.status).toBe(401);
  expect(result.error?.message).toMatch(message);
}

describe('sessions end on every app instance (two apps, each with its own pool on PostgreSQL, one database)', () => {
  it('sign-out on instance A: the token captured before is refused on instance B', async () => {
    const user = await createTestUser(a.db.prisma, ['FINANCE']);
    const cookie = await signInOver(a, user.email);
    await expectSignedIn(b, cookie);
    expect((await call(a, 'auth.signOut', { cookie, body: {} })).status).toBe(200);
    await expectRefused(b, cookie, /signed out/);
    expect((await call(b, 'auth.me', { cookie })).data).toMatchObject({ user: null });
  });

  it('a password change ends the user\'s other sessions on both instances and keeps this one', async () => {
    const user = await createTestUser(a.db.prisma, ['SUPPORT']);
    const here = await signInOver(a, user.email);
    const elsewhere = await signInOver(b, user.email);
    const wrong = await call(a, 'auth.changePassword', { cookie: here, body: { currentPassword: 'not it', newPassword: 'a brand new passphrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.error?.data).toMatchObject({ field: 'currentPassword' });
    const same = await call(a, 'auth.changePassword', { cookie: here, body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } });
    expect(same.status).toBe(400);
    const short = await call(a, 'auth.changePassword', { cookie: here, body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.error?.data.fieldErrors).toMatchObject({ newPassword: ['Password must be at least 12 characters'] });

    const changed = await call(a, 'auth.changePassword', { cookie: here, body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(changed).toMatchObject({ status: 200, data: { endedSessions: 1 } });
    await expectRefused(b, elsewhere, /password was changed/);
    await expectSignedIn(b, here);
    expect((await call(b, 'auth.signIn', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(401);
    await signInOver(b, user.email, 'a brand new passphrase');
    const audit = await a.db.prisma.auditLog.findMany({ where: { targetId: user.id }, select: { action: true, actorId: true, after: true } });
    expect(audit).toEqual([{ action: 'auth.changePassword', actorId: user.id, after: { endedSessions: 1 } }]);
    expect(JSON.stringify(audit)).not.toMatch(/passphrase/);
  });

  it('an admin\'s password reset, role change and disable each end the user\'s sessions on the other instance', async () => {
    const admin = await createTestUser(a.db.prisma, ['ADMIN']);
    const target = await createTestUser(a.db.prisma, ['ADMIN', 'SUPPORT']);
    const adminCookie = await signInOver(a, admin.email);

    let targetCookie = await signInOver(b, target.email);
    const reset = await call(a, 'users.resetPassword', { cookie: adminCookie, body: { userId: target.id, newPassword: 'set by the admin 123', reason: 'forgot it' } });
    expect(reset.status).toBe(200);
    await expectRefused(b, targetCookie, /reset by an administrator/);

    targetCookie = await signInOver(b, target.email, 'set by the admin 123');
    expect((await call(a, 'users.setRoles', { cookie: adminCookie, body: { userId: target.id, roles: ['SUPPORT'] } })).status).toBe(200);
    await expectRefused(b, targetCookie, /roles were changed by an administrator/);

    targetCookie = await signInOver(b, target.email, 'set by the admin 123');
    expect((await call(a, 'users.disable', { cookie: adminCookie, body: { userId: target.id } })).status).toBe(200);
    await expectRefused(b, targetCookie, /disabled/);
    expect((await call(a, 'users.enable', { cookie: adminCookie, body: { userId: target.id } })).status).toBe(200);
    await expectRefused(b, targetCookie, /disabled/); // re-enabling does not bring an ended session back
    await expectSignedIn(b, adminCookie);
  });
});

describe('sign-in throttling (per email and client, per client, known clients)', () => {
  /** Signs in through the caller as from `ip` (and a known-client token): 'OK' + the known-client token, or the error code. */
  async function attempt(email: string, password: string, ip: string, knownClientToken: string | null = null) {
    const ctx = await contextFor(a.app.deps, null, { ip, knownClientToken });
    return createCaller(ctx).auth.signIn({ email, password }).then(
      () => ({ code: 'OK', knownClient: ctx.cookies.knownClient ?? null, retryAfter: null }),
      (error: unknown) => ({ code: error instanceof TRPCError ? error.code : String(error), knownClient: null, retryAfter: ctx.headers['Retry-After'] ?? null }),
    );
  }
  const evaluated = (email: string) => a.db.prisma.signInAttempt.count({ where: { email } });

  it('30 concurrent wrong guesses for one (email, client) evaluate at most 5; the rest get 429 with Retry-After', async () => {
    const user = await createTestUser(a.db.prisma, ['ADMIN']);
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => attempt(user.email, 'guess', '198.51.100.1')));
    expect(outcomes.filter((o) => o.code === 'UNAUTHORIZED')).toHaveLength(5);
    expect(outcomes.filter((o) => o.code === 'TOO_MANY_REQUESTS')).toHaveLength(25);
    expect(await evaluated(user.email)).toBe(5); // one recorded attempt per argon2 verification
    const retryAfter = Number(outcomes.find((o) => o.retryAfter)!.retryAfter);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('an attacker locking the email out from elsewhere does not stop the user\'s known browser, even on the attacker\'s network', async () => {
    const user = await createTestUser(a.db.prisma, ['ADMIN']);
    const first = await attempt(user.email, TEST_PASSWORD, '192.0.2.10');
    expect(first.code).toBe('OK');
    const knownClient = first.knownClient!;
    for (let i = 0; i < 6; i += 1) await attempt(user.email, 'guess', '203.0.113.66');
    expect((await attempt(user.email, TEST_PASSWORD, '203.0.113.66')).code).toBe('TOO_MANY_REQUESTS'); // the attacker's pair is locked
    expect((await attempt(user.email, TEST_PASSWORD, '203.0.113.66', knownClient)).code).toBe('OK'); // the known browser is not
    expect((await attempt(user.email, TEST_PASSWORD, '192.0.2.11')).code).toBe('OK'); // nor a new client elsewhere

    // A known-client token is the user's own: another user's, or a forged one, counts as unknown.
    const other = await createTestUser(a.db.prisma, ['SUPPORT']);
    expect((await attempt(other.email, TEST_PASSWORD, '203.0.113.66', knownClient)).code).toBe('OK');
    expect((await attempt(user.email, TEST_PASSWORD, '203.0.113.66', `${knownClient}x`)).code).toBe('TOO_MANY_REQUESTS');

    // The known browser has its own allowance of 5 failures, which does not touch others'.
    for (let i = 0; i < 5; i += 1) expect((await attempt(user.email, 'typo', '192.0.2.10', knownClient)).code).toBe('UNAUTHORIZED');
    expect((await attempt(user.email, TEST_PASSWORD, '192.0.2.10', knownClient)).code).toBe('TOO_MANY_REQUESTS');
    expect((await attempt(user.email, TEST_PASSWORD, '192.0.2.12')).code).toBe('OK');
  });

  it('one client spraying many emails is refused after 20 failures in 15 minutes, with Retry-After; other clients are not', async () => {
    const sprayer = '198.51.100.77';
    for (let i = 0; i < 20; i += 1) expect((await attempt(`sprayed-${i}-${Date.now()}@example.test`, 'Winter2026!', sprayer)).code).toBe('UNAUTHORIZED');
    const user = await createTestUser(a.db.prisma, ['FINANCE']);
    const refused = await attempt(user.email, TEST_PASSWORD, sprayer);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(await evaluated(user.email)).toBe(0);
    expect((await attempt(user.email, TEST_PASSWORD, '198.51.100.78')).code).toBe('OK');
  });

  it('successful sign-ins do not count against the client (an office behind one address)', async () => {
    const user = await createTestUser(a.db.prisma, ['MODERATOR']);
    for (let i = 0; i < 25; i += 1) expect((await attempt(user.email, TEST_PASSWORD, '198.51.100.200')).code).toBe('OK');
    expect((await attempt(user.email, 'one typo', '198.51.100.200')).code).toBe('UNAUTHORIZED');
  });
});

describe('purging old sign-in state', () => {
  it('deletes throttle counters whose window is over and sessions expired more than 30 days ago, nothing else', async () => {
    const user = await createTestUser(a.db.prisma, ['SUPPORT']);
    const now = new Date();
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    await a.db.prisma.signInThrottle.createMany({ data: [{ key: `purge-old-${user.id}`, windowStart: minutesAgo(15), attempts: 3 }, { key: `purge-current-${user.id}`, windowStart: minutesAgo(14), attempts: 3 }] });
    await a.db.prisma.session.createMany({ data: [
      { id: `purge-old-${user.id}`, userId: user.id, createdAt: minutesAgo(31 * 1440 + 720), expiresAt: minutesAgo(31 * 1440) },
      { id: `purge-recent-${user.id}`, userId: user.id, createdAt: minutesAgo(29 * 1440 + 720), expiresAt: minutesAgo(29 * 1440), revokedAt: minutesAgo(29 * 1440 + 60), revokedReason: 'SIGNED_OUT' },
    ] });
    const purged = await purgeSignInState({ prisma: a.db.prisma, clock: fixedClock(now) });
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect((await a.db.prisma.signInThrottle.findMany({ where: { key: { startsWith: 'purge-' } }, select: { key: true } })).map((r) => r.key)).toEqual([`purge-current-${user.id}`]);
    expect((await a.db.prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })).map((r) => r.id)).toEqual([`purge-recent-${user.id}`]);
  });
});
