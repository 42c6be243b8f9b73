/**
 * License keys: compact JWS JWTs (RFC 7519) signed with Ed25519 (RFC 8037), header
 * `{ alg: "EdDSA", typ: "license+jwt", kid }` (explicit typing, RFC 8725 §3.11). Claims:
 * `iss`, `sub` = license id, `aud` = plugin id, `iat`, `jti` = License.keyId, `exp` (only
 * when the license expires), `entitlements` (string[]) and `max_machines` (integer).
 *
 * Rendering is deterministic: Ed25519 signatures are (RFC 8032 §5.1.6), so the same License row
 * and key always give the same key string, and nothing but the row needs storing.
 */
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { zId } from '@marketdesk/shared';
import type { Keyring, SigningKeyPair } from './signing-keys.ts';
import { LICENSE_ALGORITHM } from './signing-keys.ts';

export const LICENSE_TOKEN_TYPE = 'license+jwt';
/** Longest key we read; ours are about 450 characters. */
export const MAX_LICENSE_KEY_LENGTH = 4096;

export interface LicenseClaims {
  iss: string;
  /** License id. */
  sub: string;
  /** Plugin id. */
  aud: string;
  /** Seconds since the epoch. */
  iat: number;
  /** License.keyId. */
  jti: string;
  /** Seconds since the epoch; absent for a license that never expires. */
  exp?: number;
  entitlements: string[];
  max_machines: number;
}

/** The License columns a key is rendered from. */
export interface LicenseForToken {
  id: string;
  keyId: string;
  pluginId: string;
  entitlements: string[];
  machineLimit: number;
  issuedAt: Date;
  expiresAt: Date | null;
  signingKid: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Signs the key for `license` with `key` (which must be the key named by `license.signingKid`). */
export function signLicenseToken(license: LicenseForToken, key: SigningKeyPair, issuer: string): Promise<string> {
  if (key.kid !== license.signingKid) throw new Error(`License ${license.id} is signed by ${license.signingKid}, not ${key.kid}`);
  const jwt = new SignJWT({ entitlements: license.entitlements, max_machines: license.machineLimit })
    .setProtectedHeader({ alg: LICENSE_ALGORITHM, typ: LICENSE_TOKEN_TYPE, kid: key.kid })
    .setIssuer(issuer)
    .setSubject(license.id)
    .setAudience(license.pluginId)
    .setIssuedAt(seconds(license.issuedAt))
    .setJti(license.keyId);
  if (license.expiresAt) jwt.setExpirationTime(seconds(license.expiresAt));
  return jwt.sign(key.privateKey);
}

/** Why a key was not accepted: NOT_FOUND (not a key we signed) or EXPIRED (ours, past `exp`). */
export type TokenRejection = { ok: false; code: 'NOT_FOUND' | 'EXPIRED'; detail: string; claims?: LicenseClaims };
export type TokenVerification = { ok: true; claims: LicenseClaims; kid: string } | TokenRejection;

class UnknownKid extends Error {}

/**
 * True when `segment` is canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5): decoding and
 * encoding again gives the same text. A decoder ignores the unused low bits of the last
 * character (and, leniently, padding and stray characters), so one signature has up to 16
 * spellings; only the one our encoder writes is a key.
 */
export function isCanonicalBase64url(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/**
 * What the per-license rate limit counts a key under: its signature, decoded and encoded again,
 * so every spelling of one key (refused or not) shares one bucket. Ed25519 signatures are
 * deterministic, so a license has one signature; a string that is not a compact JWS counts as
 * itself (it is refused as NOT_FOUND anyway).
 */
export function rateLimitKeyOf(token: string): string {
  const segments = token.split('.');
  if (segments.length !== 3) return `raw:${token}`;
  return `sig:${Buffer.from(segments[2]!, 'base64url').toString('base64url')}`;
}

/** The shape of our kids; built once (a zod schema costs microseconds to build, on the hottest path). */
const KID_SHAPE = zId();
/** True when `kid` could be one of our kids: a string of id characters (zId), as a base64url thumbprint is. */
const isKidShaped = (kid: unknown): kid is string => KID_SHAPE.safeParse(kid).success;

/**
 * Verifies a license key: algorithm pinned to EdDSA (so `alg: none` and HMAC key confusion are
 * refused before any key is used, RFC 8725 §3.1–3.2), `typ` pinned, `kid` looked up among our
 * signing keys (current and retired), `iss` pinned, `exp` checked (RFC 7519 §4.1.4, no leeway
 * beyond 0 s). Every segment must be canonical base64url (isCanonicalBase64url), so a key has
 * exactly one spelling. Never throws for bad input.
 * @returns the claims, or the rejection with a detail that names the problem.
 */
export async function verifyLicenseToken(token: string, keyring: Keyring, issuer: string, now = new Date()): Promise<TokenVerification> {
  if (token.length > MAX_LICENSE_KEY_LENGTH || token.split('.').length !== 3) return { ok: false, code: 'NOT_FOUND', detail: 'The key is not a license key (not a signed JWT)' };
  // Before any decoding: another spelling of a key we signed is not that key (one key, one string).
  if (!token.split('.').every(isCanonicalBase64url)) return { ok: false, code: 'NOT_FOUND', detail: 'The key is not a license key (not canonical base64url)' };
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    kid = typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return { ok: false, code: 'NOT_FOUND', detail: 'The key is not a license key (its header is not JSON)' };
  }
  try {
    const { payload } = await jwtVerify(token, async (header) => {
      // Only a kid shaped like ours (an RFC 7638 thumbprint) reaches the keyring's query: a number, an object or a NUL is a forged key like any other.
      const key = isKidShaped(header.kid) ? await keyring.verificationKey(header.kid) : null;
      if (!key) throw new UnknownKid(header.kid === undefined ? 'The key names no signing key (kid)' : `The key was signed by an unknown key (kid ${JSON.stringify(header.kid).slice(0, 120)})`);
      return key;
    }, { algorithms: [LICENSE_ALGORITHM], typ: LICENSE_TOKEN_TYPE, issuer, requiredClaims: ['sub', 'aud', 'iat', 'jti'], currentDate: now });
    const claims = payload as unknown as LicenseClaims;
    if (typeof claims.aud !== 'string' || !Array.isArray(claims.entitlements) || typeof claims.max_machines !== 'number') {
      return { ok: false, code: 'NOT_FOUND', detail: 'The key is missing license claims' };
    }
    return { ok: true, claims, kid: kid! };
  } catch (error) {
    if (error instanceof UnknownKid) return { ok: false, code: 'NOT_FOUND', detail: error.message };
    if (error instanceof joseErrors.JWTExpired) return { ok: false, code: 'EXPIRED', detail: 'The license key has expired', claims: error.payload as unknown as LicenseClaims };
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return { ok: false, code: 'NOT_FOUND', detail: 'The key is not signed with EdDSA (Ed25519), the only algorithm license keys use' };
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, code: 'NOT_FOUND', detail: 'The key\'s signature does not verify' };
    if (error instanceof joseErrors.JWTClaimValidationFailed) return { ok: false, code: 'NOT_FOUND', detail: `The key's ${error.claim} claim is not valid (${error.reason})` };
    if (error instanceof joseErrors.JOSEError) return { ok: false, code: 'NOT_FOUND', detail: `The key is not a valid license key (${error.code})` };
    throw error;
  }
}
