/**
 * `POST /uploads/package`: a creator's package tarball as the raw request body
 * (Content-Type application/gzip or application/octet-stream, at most 50 MB), signed in by the
 * session cookie and sent by our console or API client (the same header rule as tRPC
 * mutations). Answers `{ uploadId, sizeBytes, integrity, name, version }`; `submissions.create`
 * then turns the upload into a submission. Errors go to platform/http/errors.ts.
 */
import { AppError, MAX_UPLOAD_BYTES } from '@marketdesk/shared';
import { requireSessionPermission, SESSION_COOKIE } from '../../platform/sessions.ts';
import { storeUpload } from './uploads.ts';
import { isSameOrigin, type RegisterRoutes } from '../../platform/http/routes.ts';

const TARBALL_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

/** Registers the upload route in its own encapsulated context (its body parser stays local). */
export const registerModerationRoutes: RegisterRoutes = async (server, deps) => {
  await server.register(async (scope) => {
    scope.addContentTypeParser(TARBALL_TYPES, { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
    scope.post('/uploads/package', { bodyLimit: MAX_UPLOAD_BYTES }, async (req) => {
      if (!isSameOrigin(req)) throw new AppError('FORBIDDEN', { message: 'Cross-site request refused: send the x-marketdesk-client header from the same origin' });
      const user = await requireSessionPermission(deps, req.cookies[SESSION_COOKIE] ?? null, 'submissions.create', 'Only creators can upload packages');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_UPLOAD_BYTES) throw new AppError('INVALID_INPUT', { message: `The package is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, field: 'tarball' });
      return storeUpload(deps, { userId: user.id, body: req.body as NodeJS.ReadableStream });
    });
  });
};
