/**
 * The public license API (JSON, no session) and the signing keys:
 * - `POST /v1/licenses/validate | activate | deactivate` (license-api.ts) and `POST /v1/licenses/usage`
 *   (modules/usage: a metered usage report, idempotent per idempotencyKey).
 *   Every answer with a result code is signed: `License-Signature` (response-signature.ts)
 *   over the exact body, which carries `ts` and echoes `nonce`. Bad bodies: 400 naming the field
 *   (`{ error, code: "INVALID_INPUT", field }`), 413 over 16 KiB; rate limits per client IP
 *   (checked before the body is read) and per license key (its signature, whatever the spelling,
 *   rateLimitKeyOf), shared by every API process (platform/http/rate-limits.ts): 429 with
 *   `Retry-After` (seconds).
 * - `GET /.well-known/jwks.json`: the current and retired public keys (RFC 7517).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, ZLicenseActivateRequest, ZLicenseDeactivateRequest, ZLicenseUsageRequest, ZLicenseValidateRequest } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import { clientKeyOf, createSharedRateLimit } from '../../platform/http/rate-limits.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { keyringFor } from './keyring-for.ts';
import { rateLimitKeyOf } from './license-token.ts';
import { SIGNATURE_HEADER, signResponseBody } from './response-signature.ts';
import { listPublishedKeys } from './signing-keys.ts';
import type { RunLicenseQuery } from './license-reads.ts';
import { activateLicense, deactivateLicense, licenseReadsOver, validateLicense, type LicenseApiDeps, type LicenseDecision } from './license-api.ts';
import { ValidationRecorder } from './validation-recorder.ts';
import { verifiedKeysFor } from './verified-key-cache.ts';
import { reportUsage } from '../usage/index.ts';
import { toIpPrefix, toPluginVersion, toStoredUserAgent } from './client-info.ts';

/** Largest request body the license API reads, bytes. */
export const LICENSE_BODY_LIMIT = 16 * 1024;

/**
 * Makes `scope` read every body as text of at most LICENSE_BODY_LIMIT bytes, whatever its content
 * type, and parse it as JSON (a wrong header is not a 415 puzzle); a body that is not JSON is
 * AppError INVALID_INPUT naming `body`. For the public APIs a plugin client calls with a key.
 */
export function acceptJsonBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: LICENSE_BODY_LIMIT }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('INVALID_INPUT', { message: 'body: not valid JSON', field: 'body' }), undefined);
    }
  });
}

/**
 * Registers the license routes and the JWKS; the validation counter and log are flushed when the
 * server closes. `db.query` runs the per-call license read directly; keys already verified by this
 * process are not verified again (verifiedKeysFor, unless `config.licenseVerifiedKeyCacheSize` is 0), and concurrent calls share
 * their license reads (license-reads.ts). Validate and activate
 * answers about a known license go to the validation log (activate is where TOO_MANY_MACHINES is
 * answered); validate alone is counted per day.
 */
export const registerLicenseRoutes: RegisterRoutes = async (server, deps, db) => {
  const query: RunLicenseQuery = (sql, params, name) => db.query(sql, params, name);
  const api: LicenseApiDeps = {
    prisma: deps.prisma, clock: deps.clock, keyring: keyringFor(deps), issuer: deps.config.licenseIssuer, query, verifiedKeys: verifiedKeysFor(deps), reads: licenseReadsOver(query),
  };
  const recorder = new ValidationRecorder(deps.prisma, deps.log);
  const perIp = createSharedRateLimit(server, { name: 'license-ip', max: deps.config.licenseRateLimitPerIp }, deps.log);
  const perLicense = createSharedRateLimit(server, { name: 'license', max: deps.config.licenseRateLimitPerLicense }, deps.log);
  server.addHook('onClose', async () => recorder.close());

  server.get('/.well-known/jwks.json', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return listPublishedKeys(deps);
  });

  await server.register(async (scope) => {
    acceptJsonBodies(scope);
    scope.addHook('onRequest', async (req, reply) => {
      const wait = await perIp.take(req, clientKeyOf(req));
      if (wait > 0) return tooMany(req, reply, wait, 'client IP');
    });

    const route = <T extends z.ZodType>(path: string, schema: T, decide: (input: z.infer<T>) => Promise<LicenseDecision>, record: { isCounted: boolean; isLogged: boolean }) => {
      scope.post(path, async (req, reply) => {
        const input = parseRequest(schema, req.body) as z.infer<T> & { key: string; nonce?: string; fingerprint?: string; pluginVersion?: string };
        // Per license, not per spelling: a key's non-canonical spellings would each get a bucket.
        const wait = await perLicense.take(req, rateLimitKeyOf(input.key));
        if (wait > 0) return tooMany(req, reply, wait, 'license');
        const decision = await decide(input);
        if (record.isCounted) deps.metrics?.countLicenseValidation(decision.body.code); // validate's answers, by code, on /metrics
        if (record.isCounted && decision.licenseId) recorder.record(decision.licenseId, decision.activationId);
        if (record.isLogged && decision.licenseId) {
          const userAgent = toStoredUserAgent(req.headers['user-agent']);
          recorder.recordAnswer({
            licenseId: decision.licenseId, occurredAt: deps.clock.now(), code: decision.body.code, fingerprint: input.fingerprint ?? null,
            ipPrefix: toIpPrefix(req.ip), userAgent, pluginVersion: toPluginVersion(input.pluginVersion, userAgent),
          });
        }
        const body = JSON.stringify({ ...decision.body, ts: new Date().toISOString(), nonce: input.nonce ?? null });
        reply.header(SIGNATURE_HEADER, signResponseBody(body, await api.keyring.currentSigningKey()));
        reply.header('cache-control', 'no-store');
        return reply.status(decision.httpStatus).type('application/json; charset=utf-8').send(body);
      });
    };
    route('/v1/licenses/validate', ZLicenseValidateRequest, (input) => validateLicense(api, input), { isCounted: true, isLogged: true });
    route('/v1/licenses/activate', ZLicenseActivateRequest, (input) => activateLicense(api, input), { isCounted: false, isLogged: true });
    route('/v1/licenses/deactivate', ZLicenseDeactivateRequest, (input) => deactivateLicense(api, input), { isCounted: false, isLogged: false });
    route('/v1/licenses/usage', ZLicenseUsageRequest, (input) => reportUsage({ ...api, platformFeePercent: deps.config.platformFeePercent }, input), { isCounted: false, isLogged: false });
  });
};

function tooMany(req: FastifyRequest, reply: FastifyReply, waitSeconds: number, per: string) {
  return reply.status(429).header('retry-after', String(waitSeconds)).send({ error: `Too many license requests for this ${per}; retry in ${waitSeconds} s`, code: 'RATE_LIMITED', requestId: req.id });
}
