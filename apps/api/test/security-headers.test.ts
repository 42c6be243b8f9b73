/**
 * Security headers on every kind of answer: the console's page, tRPC, the public license API (a
 * 400 too), health, a 404. HSTS only over HTTPS: a Secure-cookie config, or X-Forwarded-Proto
 * https from a trusted proxy. (The console passing the CSP is checked in Chromium:
 * apps/console/test/navigation.test.ts.)
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from '../src/platform/http/security-headers.ts';
import { startTestServer, type TestServer } from './harness.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.close());

const requests: [string, string, RequestInit?][] = [
  ['the console', '/'],
  ['a console route', '/finance/transactions'],
  ['tRPC', '/trpc/auth.me'],
  ['the license API', '/v1/licenses/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'not-a-key' }) }],
  ['a refused license request', '/v1/licenses/validate', { method: 'POST', body: '{' }],
  ['/healthz', '/healthz'],
  ['a 404', '/v1/no-such-route'],
];

describe('security headers', () => {
  it.each(requests)('%s (%s) answers with the CSP, frame, nosniff and referrer headers, without HSTS over plain HTTP', async (_name, path, init) => {
    const response = await fetch(`${ts.url}${path}`, init);
    await response.arrayBuffer();
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src-attr 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "connect-src 'self'"]) {
      expect(csp, path).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  // HSTS is decided per request: a bare Fastify with the same registration (the whole app takes seconds to start).
  const serverWith = async (options: { isCookieSecure: boolean; isBehindProxy: boolean }) => {
    const server = Fastify({ trustProxy: options.isBehindProxy });
    await registerSecurityHeaders(server, options);
    server.get('/healthz', async () => ({ status: 'ok' }));
    return server;
  };

  it('HSTS when the config says the console is served over HTTPS (COOKIE_SECURE, an https PUBLIC_URL)', async () => {
    const secure = await serverWith({ isCookieSecure: true, isBehindProxy: false });
    expect((await secure.inject('/healthz')).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('HSTS when a trusted TLS proxy says the request came over HTTPS, not when an untrusted client says so', async () => {
    const proxied = await serverWith({ isCookieSecure: false, isBehindProxy: true });
    expect((await proxied.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect((await proxied.inject('/healthz')).headers['strict-transport-security']).toBeUndefined();
    const direct = await fetch(`${ts.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.headers.get('strict-transport-security')).toBeNull();
  });
});
