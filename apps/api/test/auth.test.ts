/**
 * Sign-in and sessions over real HTTP: cookie flags, expiry, tampering, foreign keys and
 * `alg: none`, disabled accounts and role changes taking effect on the next request, the
 * lock-out of an (email, client) pair after 5 failures, sign-out ending the session, and
 * cross-site mutations refused. Nothing is written on refusal. Session revocation across two
 * app instances, password changes and the throttle under concurrency: sessions.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, sessionCookieFor, startTestServer, TEST_PASSWORD, testSessionKeys, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const CONSOLE = { 'x-marketdesk-client': 'console', 'content-type': 'application/json' };

async function call(path: string, options: { body?: unknown; cookie?: string; headers?: Record<string, string>; query?: unknown } = {}) {
  const isMutation = options.body !== undefined;
  const url = `${server.url}/trpc/${path}${options.query !== undefined ? `?input=${encodeURIComponent(JSON.stringify({ json: options.query }))}` : ''}`;
  const response = await fetch(url, {
    method: isMutation ? 'POST' : 'GET',
    headers: { ...CONSOLE, ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    body: isMutation ? JSON.stringify({ json: options.body }) : undefined,
  });
  const json = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: response.status, headers: response.headers, data: json.result?.data.json, error: json.error?.json };
}

async function signIn(email: string, password = TEST_PASSWORD) {
  const result = await call('auth.signIn', { body: { email, password } });
  const setCookie = result.headers.getSetCookie().find((c) => c.startsWith('md_session=')) ?? '';
  return { ...result, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

describe('sign-in', () => {
  it('signs in with the right password and sets a 12 h httpOnly SameSite=Strict cookie', async () => {
    const user = await createTestUser(server.db.prisma, ['FINANCE']);
    const result = await signIn(user.email.toUpperCase());
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ id: user.id, email: user.email, roles: ['FINANCE'] });
    expect(result.setCookie).toMatch(/^md_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Strict/);
    expect(result.setCookie).toMatch(/Max-Age=43200/);
    expect(result.setCookie).not.toMatch(/Secure/);
    const me = await call('auth.me', { cookie: result.cookie });
    expect(me.data).toMatchObject({ user: { id: user.id }, stripeMode: 'emulator' });
    expect(result.headers.get('x-request-id')).toBeTruthy();
  });

  it('gives one message for an unknown email and a wrong password, and names invalid fields', async () => {
    const user = await createTestUser(server.db.prisma, ['SUPPORT']);
    const wrong = await signIn(user.email, 'not the password');
    const unknown = await signIn('nobody-here@example.test');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.error?.message).toBe('Email or password is wrong');
    expect(unknown.error?.message).toBe('Email or password is wrong');
    expect(wrong.setCookie).toBe('');
    const invalid = await call('auth.signIn', { body: { email: 'not-an-email', password: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.error?.data.fieldErrors).toMatchObject({ email: ['Enter a valid email address'], password: ['Enter your password'] });
    expect(invalid.error?.data.requestId).toBe(invalid.headers.get('x-request-id'));
  });

  it('locks an (email, client) pair out after 5 failures in 15 minutes with 429 and Retry-After', async () => {
    const user = await createTestUser(server.db.prisma, ['MODERATOR']);
    for (let i = 0; i < 5; i += 1) expect((await signIn(user.email, 'wrong password')).status).toBe(401);
    const locked = await signIn(user.email); // even the right password
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.error?.data.retryAfterSeconds).toBe(retryAfter);
    expect(locked.error?.message).toMatch(/for this email; try again in 15 minute/);
    const attempts = await server.db.prisma.signInAttempt.count({ where: { email: user.email } });
    expect(attempts).toBe(5); // refused attempts are not recorded, so the lock does not extend itself
    // Another email is not affected.
    const other = await createTestUser(server.db.prisma, ['MODERATOR']);
    expect((await signIn(other.email)).status).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const user = await createTestUser(server.db.prisma, ['SUPPORT']);
    await server.db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const result = await signIn(user.email);
    expect(result.status).toBe(401);
    expect(result.error?.message).toMatch(/disabled/);
  });
});

describe('sessions', () => {
  async function expectRefused(cookie: string, message: RegExp) {
    const result = await call('users.list', { cookie, query: {} });
    expect(result.status).toBe(401);
    expect(result.error?.message).toMatch(message);
  }

  it('refuses a missing, malformed, tampered, foreign-key, alg:none or expired token', async () => {
    const admin = await createTestUser(server.db.prisma, ['ADMIN']);
    const { cookie } = await signIn(admin.email);
    expect((await call('users.list', { cookie, query: {} })).status).toBe(200);
    await expectRefused('', /Sign in/);
    await expectRefused('md_session=not-a-jwt', /not valid/);
    const [header, payload, signature] = cookie.slice('md_session='.length).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    await expectRefused(`md_session=${header}.${forged}.${signature}`, /not valid/);
    const foreign = await new SignJWT({ sv: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(admin.id).setIssuer('marketdesk').setAudience('marketdesk-console').setExpirationTime('1h').sign(randomBytes(32));
    await expectRefused(`md_session=${foreign}`, /not valid/);
    const unsigned = new UnsecuredJWT({ sv: 1 }).setSubject(admin.id).setIssuer('marketdesk').setAudience('marketdesk-console').setExpirationTime('1h').encode();
    await expectRefused(`md_session=${unsigned}`, /not valid/);
    const expired = await new SignJWT({ sv: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(admin.id).setIssuer('marketdesk').setAudience('marketdesk-console').setIssuedAt(Math.floor(Date.now() / 1000) - 13 * 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(testSessionKeys.secret);
    await expectRefused(`md_session=${expired}`, /expired/);
  });

  it('refuses the next request after the account is disabled or its roles change', async () => {
    const admin = await createTestUser(server.db.prisma, ['ADMIN']);
    const target = await createTestUser(server.db.prisma, ['ADMIN', 'SUPPORT']);
    const adminCookie = (await signIn(admin.email)).cookie;
    const targetCookie = (await signIn(target.email)).cookie;
    expect((await call('users.list', { cookie: targetCookie, query: {} })).status).toBe(200);

    const changed = await call('users.setRoles', { cookie: adminCookie, body: { userId: target.id, roles: ['SUPPORT'], reason: 'moved to support' } });
    expect(changed.status).toBe(200);
    await expectRefused(targetCookie, /roles were changed by an administrator/);
    const reSignedIn = (await signIn(target.email)).cookie;
    expect((await call('users.list', { cookie: reSignedIn, query: {} })).status).toBe(403);

    expect((await call('users.disable', { cookie: adminCookie, body: { userId: target.id, reason: 'left the company' } })).status).toBe(200);
    expect((await call('auth.me', { cookie: reSignedIn })).data).toMatchObject({ user: null });
  });

  it('signs out by ending the session: the cookie is cleared and the token captured before is refused', async () => {
    const user = await createTestUser(server.db.prisma, ['ADMIN']);
    const { cookie } = await signIn(user.email);
    const other = (await signIn(user.email)).cookie; // another browser of the same user
    const out = await call('auth.signOut', { cookie, body: {} });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/md_session=;.*Expires=Thu, 01 Jan 1970/);
    await expectRefused(cookie, /signed out/);
    expect((await call('auth.me', { cookie })).data).toMatchObject({ user: null });
    expect((await call('users.list', { cookie: other, query: {} })).status).toBe(200);
  });

  it('accepts a session started for a user until it ends, and refuses a valid token whose session row is unknown', async () => {
    const user = await createTestUser(server.db.prisma, ['ADMIN']);
    expect((await call('users.list', { cookie: await sessionCookieFor(server.app.deps, user), query: {} })).status).toBe(200);
    const unknownSession = await new SignJWT({ sid: 'no-such-session' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('marketdesk').setAudience('marketdesk-console').setExpirationTime('1h').sign(testSessionKeys.secret);
    await expectRefused(`md_session=${unknownSession}`, /not valid/);
    const versionOnly = await new SignJWT({ sv: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('marketdesk').setAudience('marketdesk-console').setExpirationTime('1h').sign(testSessionKeys.secret);
    await expectRefused(`md_session=${versionOnly}`, /not valid/);
  });
});

describe('cross-site requests', () => {
  it('refuses a mutation without the console header or from another origin, and writes nothing', async () => {
    const admin = await createTestUser(server.db.prisma, ['ADMIN']);
    const { cookie } = await signIn(admin.email);
    const body = { email: 'cross-site@example.test', name: 'Cross Site', password: 'long enough password', roles: ['ADMIN'] };
    const formPost = await fetch(`${server.url}/trpc/users.create`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ json: body }),
    });
    expect(formPost.status).toBe(403);
    const wrongOrigin = await call('users.create', { cookie, body, headers: { origin: 'https://evil.example' } });
    expect(wrongOrigin.status).toBe(403);
    expect(await server.db.prisma.user.count({ where: { email: body.email } })).toBe(0);
    const sameOrigin = await call('users.create', { cookie, body, headers: { origin: server.url } });
    expect(sameOrigin.status).toBe(200);
  });
});
