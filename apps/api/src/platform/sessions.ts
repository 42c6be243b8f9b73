/**
 * Console sessions: a row in `Session` plus a JWT (HS256, signed with jose) in an httpOnly,
 * SameSite=Strict cookie, 12 h lifetime. Claims: sub = user id, sid = the Session row's id.
 * Every request reads the row and its user in one query, so a session ends on every API
 * process the moment its row is revoked: sign-out revokes that one, a password change the
 * user's others, a reset, a role change or disabling all of them (OWASP Session Management
 * Cheat Sheet: server-side invalidation on logout and on privilege change).
 * Verification pins the algorithm, issuer and audience (RFC 8725 §3.1: no `alg: none`).
 * Platform, not the auth module: the base procedures and plain HTTP routes authenticate with it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AppError, hasPermission, SESSION_END_MESSAGES, type Permission, type Role, type SessionEndReason as SessionEndReasonCode, type SessionUser } from '@marketdesk/shared';
import type { Config } from './config.ts';
import type { Prisma, PrismaClient, SessionEndReason } from '../generated/prisma/client.ts';

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'md_session';
/** Name of the httpOnly cookie that marks a browser as a known client of a user (modules/auth/known-client.ts). */
export const KNOWN_CLIENT_COOKIE = 'md_client';

/** What verifying a session needs: the database (sessions and users) and the signing secret. */
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

/**
 * Signs an HS256 JWT with the session secret for `audience` (each kind of console token has its
 * own, so one is never accepted as another): issuer "marketdesk", `subject`, `claims`, issued and
 * expiring at the given times (whole seconds).
 */
export function signConsoleToken(keys: SessionKeys, { audience, subject, claims, issuedAt, expiresAt }: { audience: string; subject: string; claims: Record<string, string>; issuedAt: Date; expiresAt: Date }): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.secret);
}

/**
 * Verifies a token made by signConsoleToken for `audience` (and `subject` when given), with the
 * algorithm, issuer and audience pinned (RFC 8725 §3.1).
 * @returns its claims.
 * @throws jose's errors (JWTExpired, JWSSignatureVerificationFailed, …) as they come.
 */
export async function verifyConsoleToken(keys: SessionKeys, token: string, { audience, subject }: { audience: string; subject?: string }): Promise<{ sub?: string; [claim: string]: unknown }> {
  const { payload } = await jwtVerify(token, keys.secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience, ...(subject ? { subject } : {}) });
  return payload;
}

/** Where a session was started, stored on its row for people reading it. */
export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Starts a session for `userId` at `now`: stores its row (expiring `keys.ttlSeconds` seconds
 * later) and returns the signed token for the cookie. Runs in the caller's transaction when
 * given one (`db` may be a transaction client).
 */
export async function startSession(db: Prisma.TransactionClient, keys: SessionKeys, { userId, now, ip, userAgent }: SessionOrigin & { userId: string; now: Date }): Promise<{ sessionId: string; token: string }> {
  const sessionId = randomBytes(18).toString('base64url');
  const expiresAt = new Date(now.getTime() + keys.ttlSeconds * 1000);
  await db.session.create({ data: { id: sessionId, userId, createdAt: now, expiresAt, ip, userAgent: userAgent?.slice(0, 500) ?? null } });
  const token = await signConsoleToken(keys, { audience: AUDIENCE, subject: userId, claims: { sid: sessionId }, issuedAt: now, expiresAt });
  return { sessionId, token };
}

/**
 * Ends the user's open sessions at `now` with `reason`, except `exceptSessionId` (the one a
 * password change was made from). Runs in the caller's transaction when given one.
 * @returns how many sessions it ended.
 */
export async function revokeUserSessions(db: Prisma.TransactionClient, { userId, reason, now, exceptSessionId }: { userId: string; reason: SessionEndReason; now: Date; exceptSessionId?: string }): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now }, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count;
}

/** Ends one session (sign-out); a session already ended keeps its first reason. */
export async function revokeSession(db: Prisma.TransactionClient, { sessionId, reason, now }: { sessionId: string; reason: SessionEndReason; now: Date }): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
}

/** The UNAUTHENTICATED error of a genuine token whose session has ended: the reason's sentence and its code. */
function sessionEnded(reason: SessionEndReasonCode, cause?: unknown): AppError {
  return new AppError('UNAUTHENTICATED', { message: SESSION_END_MESSAGES[reason], sessionEndReason: reason, cause });
}

interface SessionRow {
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: SessionEndReason | null;
  id: string;
  email: string;
  name: string;
  roles: string[];
  disabledAt: Date | null;
  creatorId: string | null;
}

/**
 * Verifies `token`, then reads its session and user in one query.
 * @returns the session's id and its user.
 * @throws AppError UNAUTHENTICATED when the token is missing, malformed, tampered, expired,
 *   signed with another key or algorithm, or its session is unknown, expired or ended (signed
 *   out, password changed or reset, access changed, account disabled) or its user is disabled —
 *   each with a message that says which. For a token whose signature checks out and whose
 *   session has ended or expired, the error also carries `sessionEndReason` (SessionEndReason in
 *   packages/shared); a missing, forged or unknown token never does, so a stranger learns nothing.
 */
export async function verifySession(deps: SessionDeps, token: string | null): Promise<{ sessionId: string; user: SessionUser }> {
  if (!token) throw new AppError('UNAUTHENTICATED', { message: 'Sign in to continue' });
  let claims: { sub?: string; sid?: unknown };
  try {
    claims = await verifyConsoleToken(deps.sessionKeys, token, { audience: AUDIENCE });
  } catch (error) {
    // jose checks the signature before the expiry: an expired token is a genuine one.
    if (error instanceof joseErrors.JWTExpired) throw sessionEnded('EXPIRED', error);
    throw new AppError('UNAUTHENTICATED', { message: 'Your session is not valid; sign in again', cause: error });
  }
  if (!claims.sub || typeof claims.sid !== 'string') {
    throw new AppError('UNAUTHENTICATED', { message: 'Your session is not valid; sign in again' });
  }
  // One round trip: the session, its user and the user's creator account.
  const [row] = await deps.prisma.$queryRaw<SessionRow[]>`
    SELECT s."expiresAt", s."revokedAt", s."revokedReason"::text AS "revokedReason",
           u.id, u.email, u.name, u.roles::text[] AS roles, u."disabledAt", c.id AS "creatorId"
      FROM "Session" s
      JOIN "User" u ON u.id = s."userId"
      LEFT JOIN "CreatorAccount" c ON c."userId" = u.id
     WHERE s.id = ${claims.sid} AND s."userId" = ${claims.sub}`;
  if (!row) throw new AppError('UNAUTHENTICATED', { message: 'Your session is not valid; sign in again' });
  if (row.disabledAt) throw sessionEnded('ACCOUNT_DISABLED');
  if (row.revokedAt) throw sessionEnded(row.revokedReason ?? 'SIGNED_OUT');
  if (row.expiresAt.getTime() <= Date.now()) throw sessionEnded('EXPIRED');
  return {
    sessionId: claims.sid,
    user: { id: row.id, email: row.email, name: row.name, roles: row.roles as Role[], creatorId: row.creatorId },
  };
}

/**
 * The user of a valid session token.
 * @throws AppError UNAUTHENTICATED as {@link verifySession}.
 */
export async function authenticateSession(deps: SessionDeps, token: string | null): Promise<SessionUser> {
  return (await verifySession(deps, token)).user;
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
