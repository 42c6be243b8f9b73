/**
 * `POST /uploads/package`: a creator's package tarball as the raw request body
 * (Content-Type application/gzip or application/octet-stream, at most 50 MB), signed in by the
 * session cookie and sent by our console or API client (the same header rule as tRPC
 * mutations). Answers `{ uploadId, sizeBytes, integrity, name, version }`; `submissions.create`
 * then turns the upload into a submission.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_ERROR_HTTP_STATUS, AppError, hasPermission, MAX_UPLOAD_BYTES } from '@marketdesk/shared';
import { authenticateSession, SESSION_COOKIE } from '../services/auth/sessions.ts';
import { storeUpload } from '../services/moderation/uploads.ts';
import type { AppDeps } from '../trpc/context.ts';

const TARBALL_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

/** Registers the upload route in its own encapsulated context (its body parser stays local). */
export async function registerUploadRoutes(server: FastifyInstance, deps: AppDeps, isSameOrigin: (req: FastifyRequest) => boolean): Promise<void> {
  await server.register(async (scope) => {
    scope.addContentTypeParser(TARBALL_TYPES, { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
    scope.post('/uploads/package', { bodyLimit: MAX_UPLOAD_BYTES }, async (req, reply) => {
      try {
        if (!isSameOrigin(req)) throw new AppError('FORBIDDEN', { message: 'Cross-site request refused: send the x-marketdesk-client header from the same origin' });
        const user = await authenticateSession(deps, req.cookies[SESSION_COOKIE] ?? null);
        if (!hasPermission(user.roles, 'submissions.create')) throw new AppError('FORBIDDEN', { message: 'Only creators can upload packages' });
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > MAX_UPLOAD_BYTES) throw new AppError('INVALID_INPUT', { message: `The package is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, field: 'tarball' });
        return await storeUpload(deps.config.dataDir, user.id, req.body as NodeJS.ReadableStream);
      } catch (error) {
        return sendError(req, reply, error);
      }
    });
  });
}

function sendError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof AppError) {
    return reply.status(APP_ERROR_HTTP_STATUS[error.code]).send({ error: error.userMessage, code: error.code, field: error.field ?? null, requestId: req.id });
  }
  throw error;
}
