/**
 * Console sessions: a JWT (HS256, signed with jose) in an httpOnly, SameSite=Strict cookie,
 * 12 h lifetime. Claims: sub = user id, sv = the user's session version. Changing roles or
 * disabling an account bumps the version, so the next request with an old token is refused.
 * Verification pins the algorithm, issuer and audience (RFC 8725 §3.1: no `alg: none`).
 * Platform, not the auth module: the base procedures and plain HTTP routes authenticate with it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError, hasPermission, type Permission, type Role, type SessionUser } from '@marketdesk/shared';
import type { Config } from './config.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'md_session';

/** What verifying a session needs: the users table and the signing secret. */
export interface SessionDeps {
  prisma: PrismaClient;
  sessionKeys: SessionKeys;
}

export interface SessionKeys {
  secret: Uint8Array;
  ttlSeconds: number;
}

/** The signing secret: SESSION_SECRET, else one generated once and kept in `<dataDir>/session-secret`. */
export function loadSessionKeys(config: Pick<Config, 'sessionSecret' | 'dataDir' | 'sessionTtlSeconds'>): SessionKeys {
  let secret = config.sessionSecret;
  if (!secret) {
    const file = path.join(config.dataDir, 'session-secret');
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    }
    secret = readFileSync(file, 'utf8').trim();
  }
  if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
  return { secret: new TextEncoder().encode(secret), ttlSeconds: config.sessionTtlSeconds };
}

const ISSUER = 'marketdesk';
const AUDIENCE = 'marketdesk-console';
const ALGORITHM = 'HS256';

/** Signs a session token for `userId` at `sessionVersion`, valid for `keys.ttlSeconds` seconds. */
export function signSessionToken(keys: SessionKeys, userId: string, sessionVersion: number): Promise<string> {
  return new SignJWT({ sv: sessionVersion })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${keys.ttlSeconds}s`)
    .sign(keys.secret);
}

/**
 * Verifies `token` and loads its user.
 * @throws AppError UNAUTHENTICATED when the token is missing, malformed, tampered, expired,
 *   signed with another key or algorithm, or its user is unknown, disabled or has a newer
 *   session version (roles changed) — each with a message that says which.
 */
export async function authenticateSession(deps: SessionDeps, token: string | null): Promise<SessionUser> {
  if (!token) throw new AppError('UNAUTHENTICATED', { message: 'Sign in to continue' });
  let claims: { sub?: string; sv?: unknown };
  try {
    ({ payload: claims } = await jwtVerify(token, deps.sessionKeys.secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'Your session has expired' : 'Your session is not valid';
    throw new AppError('UNAUTHENTICATED', { message: `${reason}; sign in again`, cause: error });
  }
  if (!claims.sub || typeof claims.sv !== 'number') {
    throw new AppError('UNAUTHENTICATED', { message: 'Your session is not valid; sign in again' });
  }
  const user = await deps.prisma.user.findUnique({
    where: { id: claims.sub },
    select: { id: true, email: true, name: true, roles: true, disabledAt: true, sessionVersion: true, creatorAccount: { select: { id: true } } },
  });
  if (!user) throw new AppError('UNAUTHENTICATED', { message: 'Your account no longer exists' });
  if (user.disabledAt) throw new AppError('UNAUTHENTICATED', { message: 'Your account has been disabled' });
  if (user.sessionVersion !== claims.sv) {
    throw new AppError('UNAUTHENTICATED', { message: 'Your access changed since you signed in; sign in again' });
  }
  return { id: user.id, email: user.email, name: user.name, roles: user.roles as Role[], creatorId: user.creatorAccount?.id ?? null };
}

/**
 * The signed-in user behind a plain HTTP route's session cookie, who must hold `permission`.
 * @throws AppError UNAUTHENTICATED as {@link authenticateSession}; FORBIDDEN with `deniedMessage`
 *   when the user's roles do not grant `permission` (PERMISSIONS in packages/shared).
 */
export async function requireSessionPermission(deps: SessionDeps, token: string | null, permission: Permission, deniedMessage: string): Promise<SessionUser> {
  const user = await authenticateSession(deps, token);
  if (!hasPermission(user.roles, permission)) throw new AppError('FORBIDDEN', { message: deniedMessage });
  return user;
}
