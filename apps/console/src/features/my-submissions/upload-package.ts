/**
 * `POST /uploads/package`: the package tarball as the raw body, with upload progress (which
 * fetch cannot report, hence XMLHttpRequest). Same origin, so the session cookie goes along;
 * the console header is what the API asks of a browser client before it accepts a write.
 */
import { MAX_UPLOAD_BYTES, ZUploadOutput, type UploadOutput } from '@marketdesk/shared';
import { CONSOLE_CLIENT_HEADER } from '../../lib/trpc.ts';

/** A refused or failed upload: the API's message, its field and the request id to quote. */
export class UploadError extends Error {
  constructor(message: string, readonly requestId: string | null = null) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * Uploads `file`, calling `onProgress` with the fraction sent (0–1).
 * @throws UploadError when the file is over 50 MB, the API refuses it, or the network fails;
 *   a DOMException named AbortError when `signal` aborts.
 */
export function uploadPackage(file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<UploadOutput> {
  if (file.size > MAX_UPLOAD_BYTES) return Promise.reject(new UploadError(`The package is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`));
  if (file.size === 0) return Promise.reject(new UploadError('The file is empty'));
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/uploads/package');
    request.setRequestHeader('Content-Type', 'application/gzip');
    for (const [name, value] of Object.entries(CONSOLE_CLIENT_HEADER)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      const body = readJson(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        const parsed = ZUploadOutput.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new UploadError('The server answered the upload in a form this console does not understand'));
        return;
      }
      const refusal = body as { error?: unknown; requestId?: unknown } | null;
      const requestId = typeof refusal?.requestId === 'string' ? refusal.requestId : request.getResponseHeader('x-request-id');
      reject(new UploadError(typeof refusal?.error === 'string' ? refusal.error : `The upload failed (HTTP ${request.status})`, requestId));
    };
    request.onerror = () => reject(new UploadError('Marketdesk could not be reached. Check your connection and try again.'));
    request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
