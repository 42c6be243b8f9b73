/**
 * The public license API (JSON, no session) and the signing keys:
 * - `POST /v1/licenses/validate | activate | deactivate` (services/licenses/license-api.ts).
 *   Every answer with a result code is signed: `License-Signature` (licenses/response-signature.ts)
 *   over the exact body, which carries `ts` and echoes `nonce`. Bad bodies: 400 naming the field
 *   (`{ error, code: "INVALID_INPUT", field }`), 413 over 16 KiB; rate limits per client IP
 *   (checked before the body is read) and per license key: 429 with `Retry-After` (seconds).
 * - `GET /.well-known/jwks.json`: the current and retired public keys (RFC 7517).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ZLicenseActivateRequest, ZLicenseDeactivateRequest, ZLicenseValidateRequest } from '@marketdesk/shared';
import { keyringFor } from '../licenses/keyring-for.ts';
import { FixedWindowLimiter } from '../licenses/rate-limiter.ts';
import { SIGNATURE_HEADER, signResponseBody } from '../licenses/response-signature.ts';
import { listPublishedKeys } from '../licenses/signing-keys.ts';
import { activateLicense, deactivateLicense, validateLicense, type LicenseApiDeps, type LicenseDecision } from '../services/licenses/license-api.ts';
import { ValidationRecorder } from '../services/licenses/validation-recorder.ts';
import type { AppDeps } from '../trpc/context.ts';

/** Largest request body the license API reads, bytes. */
export const LICENSE_BODY_LIMIT = 16 * 1024;

class BadRequest extends Error {
  constructor(message: string, readonly statusCode: number, readonly field: string) {
    super(message);
  }
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('body: expected a JSON object', 400, 'body');
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), 400, field);
  }
  return parsed.data;
}

/**
 * Registers the license routes and the JWKS; the validation counter is flushed when the server
 * closes. `query`: the database's direct statement runner, for the per-call license read.
 */
export async function registerLicenseRoutes(server: FastifyInstance, deps: AppDeps, query?: LicenseApiDeps['query']): Promise<void> {
  const api: LicenseApiDeps = { prisma: deps.prisma, keyring: keyringFor(deps), issuer: deps.config.licenseIssuer, query };
  const recorder = new ValidationRecorder(deps.prisma, deps.log);
  const perIp = new FixedWindowLimiter(deps.config.licenseRateLimitPerIp);
  const perLicense = new FixedWindowLimiter(deps.config.licenseRateLimitPerLicense);
  server.addHook('onClose', async () => recorder.close());

  server.get('/.well-known/jwks.json', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return listPublishedKeys(deps.prisma);
  });

  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Any content type: the body is read as text and must be JSON, so a wrong header is not a 415 puzzle.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: LICENSE_BODY_LIMIT }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new BadRequest('body: not valid JSON', 400, 'body'), undefined);
      }
    });
    scope.setErrorHandler((error: Error & { statusCode?: number; field?: string; code?: string }, req, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) {
        req.log.error({ err: error }, 'license API failed');
        return reply.status(500).send({ error: 'Internal error', requestId: req.id });
      }
      const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `body: larger than ${LICENSE_BODY_LIMIT} bytes` : error.message;
      return reply.status(status).send({ error: message, code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', field: error.field ?? 'body', requestId: req.id });
    });
    scope.addHook('onRequest', async (req, reply) => {
      const wait = perIp.take(req.ip);
      if (wait > 0) return tooMany(req, reply, wait, 'client IP');
    });

    const route = <T extends z.ZodType>(path: string, schema: T, decide: (input: z.infer<T>) => Promise<LicenseDecision>, isCounted = false) => {
      scope.post(path, async (req, reply) => {
        const input = parseBody(schema, req.body) as z.infer<T> & { key: string; nonce?: string };
        const wait = perLicense.take(input.key);
        if (wait > 0) return tooMany(req, reply, wait, 'license');
        const decision = await decide(input);
        if (isCounted && decision.licenseId) recorder.record(decision.licenseId, decision.activationId);
        const body = JSON.stringify({ ...decision.body, ts: new Date().toISOString(), nonce: input.nonce ?? null });
        reply.header(SIGNATURE_HEADER, signResponseBody(body, await api.keyring.currentSigningKey()));
        reply.header('cache-control', 'no-store');
        return reply.status(decision.httpStatus).type('application/json; charset=utf-8').send(body);
      });
    };
    route('/v1/licenses/validate', ZLicenseValidateRequest, (input) => validateLicense(api, input), true);
    route('/v1/licenses/activate', ZLicenseActivateRequest, (input) => activateLicense(api, input));
    route('/v1/licenses/deactivate', ZLicenseDeactivateRequest, (input) => deactivateLicense(api, input));
  });
}

function tooMany(req: FastifyRequest, reply: FastifyReply, waitSeconds: number, per: string) {
  return reply.status(429).header('retry-after', String(waitSeconds)).send({ error: `Too many license requests for this ${per}; retry in ${waitSeconds} s`, code: 'RATE_LIMITED', requestId: req.id });
}
