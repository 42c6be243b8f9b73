/**
 * Known clients (OWASP Authentication Cheat Sheet → "Slow Brute Force Protection with device
 * cookies"; OWASP's "Device cookies" page): after a successful sign-in the browser gets a signed
 * httpOnly cookie naming the user and a random client id. A later sign-in for that user
 * carrying it is charged to that client's own counter, not to the (email, IP) and IP counters
 * an attacker elsewhere can fill, so the real user keeps signing in from their browser while the
 * email is being hammered. HS256 with the session secret and its own audience, so a session
 * token is never accepted as a client token or the reverse.
 */
import { randomBytes } from 'node:crypto';
import { signConsoleToken, verifyConsoleToken, type SessionKeys } from '../../platform/sessions.ts';

export const KNOWN_CLIENT_TTL_SECONDS = 90 * 24 * 60 * 60;

const AUDIENCE = 'marketdesk-known-client';

/** Issues a known-client token for `userId` at `now`, keeping `clientId` when the browser already had one. */
export function issueKnownClientToken(keys: SessionKeys, { userId, clientId, now }: { userId: string; clientId?: string; now: Date }): Promise<string> {
  const expiresAt = new Date(now.getTime() + KNOWN_CLIENT_TTL_SECONDS * 1000);
  return signConsoleToken(keys, { audience: AUDIENCE, subject: userId, claims: { cid: clientId ?? randomBytes(16).toString('base64url') }, issuedAt: now, expiresAt });
}

/** The client id of `token` when it is a valid known-client token of `userId`; null otherwise (never throws). */
export async function readKnownClientId(keys: SessionKeys, token: string | null, userId: string | undefined): Promise<string | null> {
  if (!token || !userId) return null;
  try {
    const claims = await verifyConsoleToken(keys, token, { audience: AUDIENCE, subject: userId });
    return typeof claims.cid === 'string' ? claims.cid : null;
  } catch {
    return null;
  }
}
