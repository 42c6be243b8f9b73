/**
 * Evidence files: what finance attaches to a dispute goes to Stripe Files (purpose
 * dispute_evidence) and the evidence names it by its `file_…` id. Type and size are checked
 * here first (packages/shared findEvidenceFileIssue, the rule the emulator applies as Stripe).
 */
import { AppError, findEvidenceFileIssue } from '@marketdesk/shared';
import { isRetryableStripeError, requireStripe } from '../../platform/stripe/access.ts';
import type { DisputesDeps } from './deps.ts';

export interface EvidenceFileUpload {
  /** The file's name as the browser sent it; kept by Stripe as `filename`. */
  filename: string;
  bytes: Buffer;
}

/**
 * Uploads `{ filename, bytes }` to Stripe as dispute evidence.
 * @returns `{ fileId, filename, size (bytes), type ('pdf' | 'jpg' | 'png') }`.
 * @throws AppError INVALID_INPUT (field "file") when it is empty, over 5 MB, or not a PDF, JPEG or
 *   PNG by its content, or when Stripe refuses it; UPSTREAM_FAILED when Stripe did not answer;
 *   PRECONDITION_FAILED without Stripe.
 */
export async function uploadEvidenceFile(deps: Pick<DisputesDeps, 'stripe'>, input: EvidenceFileUpload): Promise<{ fileId: string; filename: string; size: number; type: string }> {
  const issue = findEvidenceFileIssue(input.bytes);
  if (issue) throw new AppError('INVALID_INPUT', { message: issue, field: 'file' });
  const stripe = requireStripe(deps);
  try {
    const file = await stripe.files.create({ purpose: 'dispute_evidence', file: { data: input.bytes, name: input.filename, type: 'application/octet-stream' } });
    return { fileId: file.id, filename: file.filename ?? input.filename, size: file.size, type: file.type ?? 'unknown' };
  } catch (error) {
    const message = (error as Error).message;
    if (isRetryableStripeError(error)) throw new AppError('UPSTREAM_FAILED', { message: `Stripe did not take the file: ${message}`, userMessage: 'Stripe did not answer; upload the file again', cause: error });
    throw new AppError('INVALID_INPUT', { message: `Stripe refused the file: ${message}`, field: 'file', cause: error });
  }
}
