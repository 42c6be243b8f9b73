/**
 * Security headers on every answer — the console's pages and assets, tRPC, the public JSON APIs,
 * health checks, 404s — through @fastify/helmet, with a Content-Security-Policy the built console
 * passes (apps/console/test/navigation.test.ts fails on any violation) and HSTS only over HTTPS.
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/** HSTS max-age, seconds (one year: what hstspreload.org asks for). */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The console's Content-Security-Policy. Scripts come only from our own origin: the console has
 * no inline script (its color-scheme bootstrap is /color-scheme.js) and no eval (zod runs jitless,
 * /zod-config.js).
 * Inline <style> elements are the one allowance (`style-src-elem 'unsafe-inline'`): Mantine renders
 * them at run time (MantineClasses always, the theme's CSS variables, responsive style props, the
 * scroll lock of modals); with `style-src 'self'` alone Chromium blocks them and the console loses
 * its styles. Style attributes stay forbidden (`style-src-attr 'none'`): the styles React sets go
 * through the CSSOM, which CSP does not govern, so only markup an attacker injected is refused.
 * `style-src` repeats the allowance for browsers without the CSP3 split directives. A per-request
 * nonce (index.html templated per answer + MantineProvider getStyleNonce) would remove it.
 * `img-src data:`: Mantine's CSS draws some icons as data: SVGs.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'style-src-elem': ["'self'", "'unsafe-inline'"],
  'style-src-attr': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * Registers helmet for the whole server (call before any route): CSP above, `X-Frame-Options: DENY`,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, the cross-origin isolation
 * headers helmet sets by default, and `Strict-Transport-Security` when the request came over
 * HTTPS (directly, or `X-Forwarded-Proto` with TRUST_PROXY) or the config says the cookie is
 * Secure (served over HTTPS behind a TLS proxy). Browsers ignore HSTS over plain HTTP (RFC 6797 §8.1).
 */
export async function registerSecurityHeaders(server: FastifyInstance, config: Pick<Config, 'isCookieSecure'>): Promise<void> {
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Decided per request below: a plain-HTTP development server must not pin itself to HTTPS.
    strictTransportSecurity: false,
  });
  server.addHook('onRequest', async (req, reply) => {
    if (config.isCookieSecure || req.protocol === 'https') reply.header('strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
  });
}
