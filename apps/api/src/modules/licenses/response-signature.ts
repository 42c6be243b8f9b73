/**
 * Signatures over public license API responses, so that a plugin client can trust an answer that
 * crossed a proxy: `License-Signature: keyid="<kid>", algorithm="ed25519", signature="<base64url>"`
 * where the signature is Ed25519 (RFC 8032) over the exact response body bytes, and `keyid` names
 * a key in /.well-known/jwks.json. The body echoes the request's nonce and carries `ts`, so a
 * captured response cannot be replayed for another request.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKeyPair } from './signing-keys.ts';

export const SIGNATURE_HEADER = 'license-signature';

/** The header value for `body` signed with `key`. */
export function signResponseBody(body: string, key: SigningKeyPair): string {
  const signature = sign(null, Buffer.from(body), key.privateKey).toString('base64url');
  return `keyid="${key.kid}", algorithm="ed25519", signature="${signature}"`;
}

/** Splits a header value made by {@link signResponseBody}. @returns null when it is malformed. */
export function parseSignatureHeader(value: string): { keyid: string; algorithm: string; signature: string } | null {
  const fields = Object.fromEntries([...value.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  return fields.keyid && fields.algorithm && fields.signature ? { keyid: fields.keyid, algorithm: fields.algorithm, signature: fields.signature } : null;
}

/** What a client does: checks `header` over `body` with the public key named by its keyid. */
export function verifyResponseBody(body: string, header: string, publicKeyFor: (kid: string) => KeyObject | undefined): boolean {
  const parsed = parseSignatureHeader(header);
  if (!parsed || parsed.algorithm !== 'ed25519') return false;
  const key = publicKeyFor(parsed.keyid);
  return key ? verify(null, Buffer.from(body), key, Buffer.from(parsed.signature, 'base64url')) : false;
}
