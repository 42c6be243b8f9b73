/**
 * `multipart/form-data` bodies, which Stripe takes on `POST /v1/files` (the SDK sends them to
 * files.stripe.com, or to the host it is configured with). Parsed by the platform's own
 * `Response.formData()` (undici), so boundaries, quoting and binary parts follow the fetch
 * standard. Text parts become the same nested parameters as a form-encoded body
 * (`file_link_data[create]=true`); file parts are returned apart, with their bytes.
 */
import type { IncomingMessage } from 'node:http';
import { invalidRequest } from '../errors.ts';
import { decodeForm, type FormObject } from './form.ts';
import type { UploadedFile } from './router.ts';

/** Largest multipart body read (Stripe's largest file, 16 MB for some purposes, plus the other parts). */
export const MAX_MULTIPART_BODY_BYTES = 17 * 1024 * 1024;

/** True when the request's body is `multipart/form-data`. */
export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Splits a multipart body into its text fields (decoded as a form) and its files.
 * @throws StripeApiError invalid_request_error when the body is not valid multipart.
 */
export async function decodeMultipart(req: IncomingMessage, body: Buffer): Promise<{ fields: FormObject; uploads: Record<string, UploadedFile> }> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  } catch {
    throw invalidRequest('The request body could not be read as multipart/form-data.');
  }
  const text = new URLSearchParams();
  const uploads: Record<string, UploadedFile> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') text.append(name, value);
    else uploads[name] = { filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields: decodeForm(text.toString()), uploads };
}
