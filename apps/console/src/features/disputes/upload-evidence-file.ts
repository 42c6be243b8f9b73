/**
 * `POST /disputes/evidence-files`: one evidence file as multipart/form-data (part `file`). Same
 * origin, so the session cookie goes along; the console header is what the API asks of a browser
 * client before it accepts a write. Type and size are checked here first with the API's own rule.
 */
import { findEvidenceFileIssue, ZEvidenceFileOutput, type EvidenceFileOutput } from '@marketdesk/shared';
import { CONSOLE_CLIENT_HEADER } from '../../lib/trpc.ts';

/**
 * Uploads `file` to Stripe (through the API) as dispute evidence.
 * @throws Error with the API's message (wrong type, over 5 MB, Stripe refused) or a network failure.
 */
export async function uploadEvidenceFile(file: File): Promise<EvidenceFileOutput> {
  const issue = findEvidenceFileIssue(new Uint8Array(await file.arrayBuffer()));
  if (issue) throw new Error(issue);
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/disputes/evidence-files', { method: 'POST', headers: { ...CONSOLE_CLIENT_HEADER }, body, credentials: 'same-origin' });
  } catch {
    throw new Error('Marketdesk could not be reached. Check your connection and try again.');
  }
  const answer = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (answer as { error?: unknown } | null)?.error;
    throw new Error(typeof error === 'string' ? error : `The upload failed (HTTP ${response.status})`);
  }
  const parsed = ZEvidenceFileOutput.safeParse(answer);
  if (!parsed.success) throw new Error('The server answered the upload in a form this console does not understand');
  return parsed.data;
}
