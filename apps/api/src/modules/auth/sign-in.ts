/**
 * Email + password sign-in with a lock-out: after 5 failed attempts for one email within
 * 15 minutes, further attempts are refused (429) until the oldest of those failures is 15
 * minutes old (OWASP Authentication Cheat Sheet: account lockout / throttling). Attempts are
 * rows in SignInAttempt, so the lock holds across API processes.
 */
import { AppError, type Role, type SessionUser } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { signSessionToken } from '../../platform/sessions.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;

/** What sign-in reads: the database, the time (attempts and the lock-out window) and the session keys. */
export type SignInDeps = Pick<AppDeps, 'prisma' | 'clock' | 'sessionKeys'>;

export interface SignInInput {
  email: string;
  password: string;
  /** The client's IP, recorded on the attempt; null when unknown. */
  ip: string | null;
}

export interface SignInResult {
  user: SessionUser;
  token: string;
}

/**
 * Checks `{ email, password, ip }` and returns the user with a fresh session token. Every
 * attempt is recorded at `deps.clock.now()`, which also places the lock-out window.
 * @throws AppError RATE_LIMITED (with retryAfterSeconds) while the email is locked out;
 *   UNAUTHENTICATED for an unknown email or a wrong password (one message for both) and for
 *   a disabled account.
 */
export async function signIn(deps: SignInDeps, { email, password, ip }: SignInInput): Promise<SignInResult> {
  const { prisma } = deps;
  const now = deps.clock.now();
  await refuseWhenLockedOut(deps, email, now);

  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, roles: true, passwordHash: true, disabledAt: true, sessionVersion: true, creatorAccount: { select: { id: true } } },
  });
  const isPasswordRight = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !isPasswordRight) {
    await prisma.signInAttempt.create({ data: { email, ip, isSuccess: false, createdAt: now } });
    throw new AppError('UNAUTHENTICATED', { message: 'Email or password is wrong' });
  }
  if (user.disabledAt) {
    throw new AppError('UNAUTHENTICATED', { message: 'This account is disabled; ask an administrator' });
  }
  await prisma.$transaction([
    prisma.signInAttempt.create({ data: { email, ip, isSuccess: true, createdAt: now } }),
    prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: now } }),
  ]);
  const token = await signSessionToken(deps.sessionKeys, user.id, user.sessionVersion);
  return {
    token,
    user: { id: user.id, email: user.email, name: user.name, roles: user.roles as Role[], creatorId: user.creatorAccount?.id ?? null },
  };
}

async function refuseWhenLockedOut(deps: Pick<AppDeps, 'prisma'>, email: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_SECONDS * 1000);
  const lastSuccess = await deps.prisma.signInAttempt.findFirst({
    where: { email, isSuccess: true, createdAt: { gte: windowStart } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const failures = await deps.prisma.signInAttempt.findMany({
    where: { email, isSuccess: false, createdAt: { gte: lastSuccess?.createdAt ?? windowStart } },
    orderBy: { createdAt: 'desc' },
    take: MAX_FAILED_SIGN_INS,
    select: { createdAt: true },
  });
  if (failures.length < MAX_FAILED_SIGN_INS) return;
  const oldest = failures[failures.length - 1]!.createdAt;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + LOCKOUT_WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
  throw new AppError('RATE_LIMITED', {
    message: `Too many failed sign-ins for this email; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
    retryAfterSeconds,
  });
}
