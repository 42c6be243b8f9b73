/**
 * `POST /v1/reviews/report` (public JSON, no session): a buyer reports a review with any genuine
 * license key of theirs (any plugin; an expired key is fine) — `{ key, reviewId, reason, note? }`
 * (note required for OTHER). 201 `{ report: { id, reviewId, reason, createdAt }, ts }`, signed
 * like the license API (`License-Signature` over the exact body). Limited per client IP like the
 * license API (checked before the body is read; shared by every API process through the rate
 * limit store) and per reporter (MAX_REPORTS_PER_HOUR, counted in the database): 429 with
 * `Retry-After` seconds. Other refusals as reportReview's: 404 for an unknown key or review,
 * 403 for one's own review, 409 for a second report of one review.
 */
import { AppError, ZPublicReviewReportRequest } from '@marketdesk/shared';
import { parseRequest } from '../../platform/http/errors.ts';
import { clientKeyOf, createSharedRateLimit } from '../../platform/http/rate-limits.ts';
import type { RegisterRoutes } from '../../platform/http/routes.ts';
import { keyringFor, SIGNATURE_HEADER, signResponseBody } from '../licenses/index.ts';
import { reportReview } from './reports/report-review.ts';
import { resolveReviewer } from './resolve-reviewer.ts';

/** Largest request body the report route reads, bytes (a key and a 1000-character note fit). */
const REPORT_BODY_LIMIT = 16 * 1024;

/** Registers `POST /v1/reviews/report`. Errors go to platform/http/errors.ts. */
export const registerReviewReportRoutes: RegisterRoutes = async (server, deps) => {
  const keyring = keyringFor(deps);
  const perIp = createSharedRateLimit(server, { name: 'review-report-ip', max: deps.config.licenseRateLimitPerIp }, deps.log);

  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Any content type, read as JSON text, as the license API does.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: REPORT_BODY_LIMIT }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('INVALID_INPUT', { message: 'body: not valid JSON', field: 'body' }), undefined);
      }
    });
    scope.addHook('onRequest', async (req) => {
      const wait = await perIp.take(req, clientKeyOf(req));
      if (wait > 0) throw new AppError('RATE_LIMITED', { message: `Too many review reports from this client IP; retry in ${wait} s`, retryAfterSeconds: wait });
    });

    scope.post('/v1/reviews/report', async (req, reply) => {
      const input = parseRequest(ZPublicReviewReportRequest, req.body);
      const reviewer = await resolveReviewer({ prisma: deps.prisma, keyring, issuer: deps.config.licenseIssuer }, { key: input.key, now: deps.clock.now() });
      const { report } = await reportReview(deps, {
        reviewId: input.reviewId,
        reason: input.reason,
        note: input.note ?? '',
        reporter: { kind: 'license', licenseId: reviewer.licenseId, buyerEmail: reviewer.buyerEmail },
      });
      const body = JSON.stringify({ report: { ...report, createdAt: report.createdAt.toISOString() }, ts: new Date().toISOString() });
      reply.header(SIGNATURE_HEADER, signResponseBody(body, await keyring.currentSigningKey()));
      reply.header('cache-control', 'no-store');
      return reply.status(201).type('application/json; charset=utf-8').send(body);
    });
  });
};
