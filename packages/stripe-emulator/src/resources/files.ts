/**
 * Files: `POST /v1/files` (multipart/form-data: `file`, `purpose`), `GET /v1/files/:id`. Only
 * purpose `dispute_evidence` is taken, with Stripe's rules for it (packages/shared
 * findEvidenceFileIssue: PDF, JPEG or PNG by content, at most 5 MB). The emulator keeps the
 * File's description, not its bytes (nothing reads them back), so `url` is null.
 */
import type Stripe from 'stripe';
import { detectEvidenceFileType, findEvidenceFileIssue } from '@marketdesk/shared';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing, parameterMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';

function createFile(tx: Tx, { params, account, uploads }: ApiRequest): Stripe.File {
  const purpose = params.requiredString('purpose');
  if (purpose !== 'dispute_evidence') throw invalidRequest(`The emulator takes files with purpose dispute_evidence only, not ${purpose}.`, { param: 'purpose' });
  const upload = uploads.file;
  if (!upload) throw parameterMissing('file');
  const issue = findEvidenceFileIssue(upload.bytes);
  if (issue) throw invalidRequest(`${issue}.`, { param: 'file' });
  const id = tx.newId('file');
  const file: Stripe.File = {
    id,
    object: 'file',
    created: tx.now(),
    expires_at: null,
    filename: upload.filename || null,
    links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${id}` },
    purpose: 'dispute_evidence',
    size: upload.bytes.length,
    title: null,
    type: detectEvidenceFileType(upload.bytes),
    url: null,
  };
  tx.store.insert('file', account, file);
  return file;
}

export const fileRoutes: Route[] = [
  { method: 'POST', path: '/v1/files', params: ['purpose'], uploads: ['file'], handle: createFile },
  { method: 'GET', path: '/v1/files/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('file', path.id!, account), 'file', path.id!) },
];
