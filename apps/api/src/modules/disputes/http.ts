/**
 * `POST /disputes/evidence-files`: one evidence file as `multipart/form-data` (part `file`),
 * signed in by the session cookie (disputes.respond) and sent by our console (the same header
 * rule as tRPC mutations and the package upload). Answers `{ fileId, filename, size, type }`;
 * the evidence form then names `fileId` in a file field. The multipart body is read by the
 * platform's own `Response.formData()` (undici), at most 5 MB of file plus the form's framing.
 * Errors go to platform/http/errors.ts.
 */
import { AppError, MAX_EVIDENCE_FILE_BYTES, type EvidenceFileOutput } from '@marketdesk/shared';
import { isSameOrigin, type RegisterRoutes } from '../../platform/http/routes.ts';
import { requireSessionPermission, SESSION_COOKIE } from '../../platform/sessions.ts';
import { uploadEvidenceFile } from './upload-evidence-file.ts';

// The file plus the multipart framing (boundaries, part headers, a long file name).
const MAX_BODY_BYTES = MAX_EVIDENCE_FILE_BYTES + 64 * 1024;
const tooLarge = () => new AppError('INVALID_INPUT', { message: `The file is larger than ${MAX_EVIDENCE_FILE_BYTES / 1024 / 1024} MB, the most Stripe takes as dispute evidence`, field: 'file' });

/** Registers the evidence upload route in its own encapsulated context (its body parser stays local). */
export const registerDisputeRoutes: RegisterRoutes = async (server, deps) => {
  await server.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
    scope.post('/disputes/evidence-files', async (req): Promise<EvidenceFileOutput> => {
      if (!isSameOrigin(req)) throw new AppError('FORBIDDEN', { message: 'Cross-site request refused: send the x-marketdesk-client header from the same origin' });
      await requireSessionPermission(deps, req.cookies[SESSION_COOKIE] ?? null, 'disputes.respond', 'Only finance can answer disputes');
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
      const body = await readLimited(req.body as AsyncIterable<Buffer>, MAX_BODY_BYTES);
      let form: FormData;
      try {
        form = await new Response(new Uint8Array(body), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
      } catch {
        throw new AppError('INVALID_INPUT', { message: 'The upload is not a multipart/form-data body', field: 'file' });
      }
      const file = form.get('file');
      if (!file || typeof file === 'string') throw new AppError('INVALID_INPUT', { message: 'Choose a file to upload', field: 'file' });
      return uploadEvidenceFile(deps, { filename: file.name.slice(0, 200) || 'evidence', bytes: Buffer.from(await file.arrayBuffer()) });
    });
  });
};

async function readLimited(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
