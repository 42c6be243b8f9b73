/**
 * A session ended for a reason says which, over real HTTP: the UNAUTHORIZED answer to the next
 * request carries `data.sessionEndReason` (ACCESS_CHANGED after a role change, PASSWORD_RESET,
 * ACCOUNT_DISABLED, SIGNED_OUT) and `auth.me` returns it beside `user: null`, so the sign-in page
 * can tell the person why. A stranger — no token, a forged one, an unknown session — gets no reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startTestServer, TEST_PASSWORD, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const CONSOLE = { 'x-marketdesk-client': 'console', 'content-type': 'application/json' };

async function call(path: string, options: { body?: unknown; cookie?: string; query?: unknown } = {}) {
  const isMutation = options.body !== undefined;
  const url = `${server.url}/trpc/${path}${options.query !== undefined ? `?input=${encodeURIComponent(JSON.stringify({ json: options.query }))}` : ''}`;
  const response = await fetch(url, {
    method: isMutation ? 'POST' : 'GET',
    headers: { ...CONSOLE, ...(options.cookie ? { cookie: options.cookie } : {}) },
    body: isMutation ? JSON.stringify({ json: options.body }) : undefined,
  });
  const json = (await response.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: response.status, headers: response.headers, data: json.result?.data.json, error: json.error?.json };
}

async function signIn(email: string) {
  const result = await call('auth.signIn', { body: { email, password: TEST_PASSWORD } });
  return result.headers.getSetCookie().find((c) => c.startsWith('md_session='))?.split(';')[0] ?? '';
}

describe('the reason a session ended', () => {
  it('a role change: the next request is 401 with ACCESS_CHANGED and auth.me says so', async () => {
    const admin = await createTestUser(server.db.prisma, ['ADMIN']);
    const target = await createTestUser(server.db.prisma, ['SUPPORT', 'FINANCE']);
    const adminCookie = await signIn(admin.email);
    const targetCookie = await signIn(target.email);
    expect((await call('licenses.search', { cookie: targetCookie, query: {} })).status).toBe(200);

    expect((await call('users.setRoles', { cookie: adminCookie, body: { userId: target.id, roles: ['SUPPORT'], reason: 'moved to support' } })).status).toBe(200);
    const refused = await call('licenses.search', { cookie: targetCookie, query: {} });
    expect(refused.status).toBe(401);
    expect(refused.error?.data).toMatchObject({ code: 'UNAUTHORIZED', sessionEndReason: 'ACCESS_CHANGED' });
    expect(refused.error?.message).toBe('Your roles were changed by an administrator; sign in again');
    expect((await call('auth.me', { cookie: targetCookie })).data).toMatchObject({ user: null, sessionEndReason: 'ACCESS_CHANGED' });
  });

  it('a password reset, a disabled account and signing out each give their own reason', async () => {
    const admin = await createTestUser(server.db.prisma, ['ADMIN']);
    const adminCookie = await signIn(admin.email);

    const reset = await createTestUser(server.db.prisma, ['SUPPORT']);
    const resetCookie = await signIn(reset.email);
    expect((await call('users.resetPassword', { cookie: adminCookie, body: { userId: reset.id, newPassword: 'a fresh long passphrase 42', reason: 'forgot it' } })).status).toBe(200);
    expect((await call('licenses.search', { cookie: resetCookie, query: {} })).error?.data).toMatchObject({ sessionEndReason: 'PASSWORD_RESET' });

    const disabled = await createTestUser(server.db.prisma, ['SUPPORT']);
    const disabledCookie = await signIn(disabled.email);
    expect((await call('users.disable', { cookie: adminCookie, body: { userId: disabled.id, reason: 'left the company' } })).status).toBe(200);
    expect((await call('licenses.search', { cookie: disabledCookie, query: {} })).error?.data).toMatchObject({ sessionEndReason: 'ACCOUNT_DISABLED' });

    const signedOut = await createTestUser(server.db.prisma, ['SUPPORT']);
    const signedOutCookie = await signIn(signedOut.email);
    expect((await call('auth.signOut', { cookie: signedOutCookie, body: {} })).status).toBe(200);
    expect((await call('licenses.search', { cookie: signedOutCookie, query: {} })).error?.data).toMatchObject({ sessionEndReason: 'SIGNED_OUT' });
  });

  it('tells a stranger nothing: no token, a forged token and an unknown session carry no reason', async () => {
    const user = await createTestUser(server.db.prisma, ['SUPPORT']);
    const cookie = await signIn(user.email);
    const [header, payload, signature] = cookie.slice('md_session='.length).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sid: 'someone-elses-session' })).toString('base64url');
    for (const stranger of ['', 'md_session=not-a-jwt', `md_session=${header}.${forged}.${signature}`]) {
      const refused = await call('licenses.search', { cookie: stranger, query: {} });
      expect(refused.status).toBe(401);
      expect(refused.error?.data).not.toHaveProperty('sessionEndReason');
      expect((await call('auth.me', { cookie: stranger })).data).toMatchObject({ user: null, sessionEndReason: null });
    }
  });
});
