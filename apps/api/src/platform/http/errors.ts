/**
 * The one error mapper of every plain HTTP route (webhooks, the public license and purchase
 * APIs, uploads, exports): routes throw, Fastify hands the error here.
 *
 * - `AppError` → its HTTP status (APP_ERROR_HTTP_STATUS in packages/shared), `Retry-After` for
 *   RATE_LIMITED, body `{ error, code, field, requestId }`;
 * - Fastify's own 4xx (a body over the route's limit → 413 PAYLOAD_TOO_LARGE, a body that is not
 *   JSON → 400 INVALID_INPUT) naming the `body`;
 * - anything else → 500 `{ error: 'Internal error', requestId }`, logged with the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { APP_ERROR_HTTP_STATUS, AppError } from '@marketdesk/shared';

/** Body of every error answer of a plain HTTP route. */
export interface RestErrorBody {
  error: string;
  code: string;
  field: string | null;
  requestId: string;
}

/** Fastify error handler for plain HTTP routes; register with `server.setErrorHandler(sendRestError)`. */
export function sendRestError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(APP_ERROR_HTTP_STATUS[error.code]).send({ error: error.userMessage, code: error.code, field: error.field ?? null, requestId: req.id } satisfies RestErrorBody);
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const isTooLarge = (error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    const message = isTooLarge ? 'body: larger than this endpoint accepts' : error.message;
    return reply.status(status).send({ error: message, code: isTooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', field: 'body', requestId: req.id } satisfies RestErrorBody);
  }
  req.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: 'Internal error', requestId: req.id });
}

/**
 * Parses a request part (`body`, `query`) with a zod schema from packages/shared.
 * @throws AppError INVALID_INPUT naming the first field at fault (`where` when the value itself
 *   is wrong), with every issue in the message, e.g. "fingerprint: Too small: expected…".
 */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' = 'body'): z.infer<T> {
  if (where === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new AppError('INVALID_INPUT', { message: 'body: expected a JSON object', field: 'body' });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  throw new AppError('INVALID_INPUT', {
    message: issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; '),
    field: issues[0]?.path.join('.') || where,
  });
}
