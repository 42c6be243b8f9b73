/**
 * The public review API (JSON, no session), with the license API's conventions
 * (modules/licenses/http.ts):
 * - `POST /v1/reviews` `{ key, rating, body?, pluginVersion?, nonce? }` → 201 `{ review }` for a
 *   first review, 200 for an edit or the same content again (writeReview);
 * - `POST /v1/reviews/mine` `{ key, nonce? }` → 200 `{ review | null }` with the review's status
 *   and last moderation outcome (readMyReview; a key is a secret, so never in a URL);
 * - `GET /v1/plugins/:pluginId/reviews?cursor=&limit=` → the published reviews and the plugin's
 *   rating (listPluginReviews), public and cacheable for a minute.
 * The two key routes answer signed: `License-Signature` over the exact body, which carries `ts`
 * and echoes `nonce`. Bad bodies: 400 naming the field; 413 over 16 KiB; a refused key: 404
 * NOT_FOUND (no hint whether a license exists). Rate limits per client IP (before the body is
 * read, every route) and per license key (its signature, rateLimitKeyOf): 429 with `Retry-After`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZMyReviewRequest, ZPluginReviewsParams, ZPluginReviewsQuery, ZReviewWriteRequest } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import { clientKeyOf, createSharedRateLimit } from '../../platform/http/rate-limits.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { acceptJsonBodies, keyringFor, rateLimitKeyOf, SIGNATURE_HEADER, signResponseBody } from '../licenses/index.ts';
import { listPluginReviews } from './list-plugin-reviews.ts';
import { readMyReview } from './read-my-review.ts';
import type { ReviewApiDeps } from './resolve-reviewer.ts';
import { writeReview } from './write-review.ts';

/** Registers the public review routes. Errors go to platform/http/errors.ts. */
export const registerReviewRoutes: RegisterRoutes = async (server, deps) => {
  const api: ReviewApiDeps = { prisma: deps.prisma, clock: deps.clock, keyring: keyringFor(deps), issuer: deps.config.licenseIssuer };
  const perIp = createSharedRateLimit(server, { name: 'review-ip', max: deps.config.licenseRateLimitPerIp }, deps.log);
  const perKey = createSharedRateLimit(server, { name: 'review-key', max: deps.config.licenseRateLimitPerLicense }, deps.log);

  await server.register(async (scope) => {
    acceptJsonBodies(scope); // as the license API
    scope.addHook('onRequest', async (req, reply) => {
      const wait = await perIp.take(req, clientKeyOf(req));
      if (wait > 0) return tooMany(req, reply, wait, 'client IP');
    });

    /** Sends `answer` signed, with `ts` and the request's `nonce`; 429 first when the key's bucket is empty. */
    const signed = async (req: FastifyRequest, reply: FastifyReply, input: { key: string; nonce?: string }, answer: () => Promise<{ status: 200 | 201; body: object }>) => {
      // Per license, not per spelling (rateLimitKeyOf), as the license API.
      const wait = await perKey.take(req, rateLimitKeyOf(input.key));
      if (wait > 0) return tooMany(req, reply, wait, 'license');
      const { status, body } = await answer();
      const text = JSON.stringify({ ...body, ts: new Date().toISOString(), nonce: input.nonce ?? null });
      reply.header(SIGNATURE_HEADER, signResponseBody(text, await api.keyring.currentSigningKey()));
      reply.header('cache-control', 'no-store');
      return reply.status(status).type('application/json; charset=utf-8').send(text);
    };

    scope.post('/v1/reviews', async (req, reply) => {
      const input = parseRequest(ZReviewWriteRequest, req.body);
      return signed(req, reply, input, async () => {
        const result = await writeReview(api, input);
        return { status: result.isCreated ? 201 : 200, body: { review: result.review } };
      });
    });
    scope.post('/v1/reviews/mine', async (req, reply) => {
      const input = parseRequest(ZMyReviewRequest, req.body);
      return signed(req, reply, input, async () => ({ status: 200, body: { review: await readMyReview(api, input) } }));
    });
    scope.get('/v1/plugins/:pluginId/reviews', async (req, reply) => {
      const { pluginId } = parseRequest(ZPluginReviewsParams, req.params);
      const query = parseRequest(ZPluginReviewsQuery, req.query, 'query');
      const page = await listPluginReviews(deps, { pluginId, ...query });
      reply.header('cache-control', 'public, max-age=60');
      return page;
    });
  });
};

function tooMany(req: FastifyRequest, reply: FastifyReply, waitSeconds: number, per: string) {
  return reply.status(429).header('retry-after', String(waitSeconds)).send({ error: `Too many review requests for this ${per}; retry in ${waitSeconds} s`, code: 'RATE_LIMITED', requestId: req.id });
}
