/**
 * Email + password sign-in, throttled so that guessing is bounded and a lock-out cannot be used
 * against the real user (OWASP Authentication Cheat Sheet: "Login Throttling", and "Slow Brute
 * Force Protection with device cookies"). Every attempt is charged, before its password is
 * checked (sign-in-throttle.ts), to:
 * - from a known client of the user (known-client.ts: a browser that signed in as them before):
 *   that client's own counter, 5 attempts per 15 minutes;
 * - from any other client: the (email, client IP) pair, 5 per 15 minutes, and the client IP,
 *   20 per 15 minutes across all emails (password spraying).
 * Over a limit: 429 with Retry-After, even for the right password. Success clears the counter
 * it was charged to (the pair, or the known client's) and gives the IP its attempt back. The
 * account itself is never locked: an attacker fills only their own counters. Counters are rows
 * in the database, shared by every API process; evaluated attempts are also recorded in
 * SignInAttempt for people.
 */
import { AppError, type Role, type SessionUser } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { startSession } from '../../platform/sessions.ts';
import { issueKnownClientToken, readKnownClientId } from './known-client.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { chargeAttempt, settleSuccessfulAttempt, type ThrottleRule } from './sign-in-throttle.ts';

/** Failed attempts one (email, client IP) pair, or one known client, may make per window. */
export const MAX_FAILED_SIGN_INS = 5;
/** Failed attempts one client IP may make per window across all emails. */
export const MAX_FAILED_SIGN_INS_PER_CLIENT = 20;

/** What sign-in reads: the database, the time (attempts and windows) and the session keys. */
export type SignInDeps = Pick<AppDeps, 'prisma' | 'clock' | 'sessionKeys'>;

export interface SignInInput {
  email: string;
  password: string;
  /** The client's IP: the throttle's client and the attempt's record; null when unknown. */
  ip: string | null;
  userAgent: string | null;
  /** The known-client cookie the browser sent, if any (unverified). */
  knownClientToken: string | null;
}

export interface SignInResult {
  user: SessionUser;
  /** The session token for the session cookie. */
  token: string;
  /** A fresh known-client token for this browser and user. */
  knownClientToken: string;
}

/**
 * Checks `{ email, password }` from `{ ip, knownClientToken }` and starts a session. Times
 * come from `deps.clock.now()`.
 * @throws AppError RATE_LIMITED (with retryAfterSeconds) when a counter this attempt is charged
 *   to is over its limit; UNAUTHENTICATED for an unknown email or a wrong password (one message
 *   for both) and for a disabled account.
 */
export async function signIn(deps: SignInDeps, { email, password, ip, userAgent, knownClientToken }: SignInInput): Promise<SignInResult> {
  const { prisma } = deps;
  const now = deps.clock.now();
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, roles: true, passwordHash: true, disabledAt: true, creatorAccount: { select: { id: true } } },
  });
  const knownClientId = await readKnownClientId(deps.sessionKeys, knownClientToken, user?.id);
  const rules = throttleRules({ email, ip, knownClientId });
  await chargeAttempt(prisma, { rules, now });

  const isPasswordRight = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !isPasswordRight || user.disabledAt) {
    await prisma.signInAttempt.create({ data: { email, ip, isSuccess: false, createdAt: now } });
    if (user && isPasswordRight) throw new AppError('UNAUTHENTICATED', { message: 'This account is disabled; ask an administrator' });
    throw new AppError('UNAUTHENTICATED', { message: 'Email or password is wrong' });
  }
  const { token } = await prisma.$transaction(async (tx) => {
    await tx.signInAttempt.create({ data: { email, ip, isSuccess: true, createdAt: now } });
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await settleSuccessfulAttempt(tx, {
      // Only the counters this attempt was charged to: the user's known browser on a shared network
      // must not clear an attacker's (email, IP) lock there.
      resetKeys: rules.filter((rule) => rule.key !== clientKey(ip)).map((rule) => rule.key),
      refundKeys: knownClientId ? [] : [clientKey(ip)],
    });
    return startSession(tx, deps.sessionKeys, { userId: user.id, now, ip, userAgent });
  });
  return {
    token,
    knownClientToken: await issueKnownClientToken(deps.sessionKeys, { userId: user.id, clientId: knownClientId ?? undefined, now }),
    user: { id: user.id, email: user.email, name: user.name, roles: user.roles as Role[], creatorId: user.creatorAccount?.id ?? null },
  };
}

/** The throttle key of an (email, client IP) pair starts with this; the email follows, then a space and the IP. */
export const PAIR_KEY_PREFIX = 'email-client:';
const pairKey = (email: string, ip: string | null) => `${PAIR_KEY_PREFIX}${email} ${ip ?? 'unknown'}`;
/** The email of a pair key (`email-client:<email> <ip>`; an IP holds no space). */
export const emailOfPairKey = (key: string) => key.slice(PAIR_KEY_PREFIX.length, key.lastIndexOf(' '));
const clientKey = (ip: string | null) => `client:${ip ?? 'unknown'}`;

function throttleRules({ email, ip, knownClientId }: { email: string; ip: string | null; knownClientId: string | null }): ThrottleRule[] {
  if (knownClientId) {
    return [{ key: `known-client:${knownClientId}`, limit: MAX_FAILED_SIGN_INS, message: 'Too many failed sign-ins from this browser' }];
  }
  return [
    { key: pairKey(email, ip), limit: MAX_FAILED_SIGN_INS, message: 'Too many failed sign-ins for this email' },
    { key: clientKey(ip), limit: MAX_FAILED_SIGN_INS_PER_CLIENT, message: 'Too many failed sign-ins from your network' },
  ];
}
