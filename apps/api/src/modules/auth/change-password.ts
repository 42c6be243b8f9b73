import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { revokeUserSessions } from '../../platform/sessions.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { chargeAttempt } from './sign-in-throttle.ts';

/** Current-password checks one user may make per 15-minute window (a stolen session is not a password oracle). */
export const MAX_PASSWORD_CHECKS = 5;

export interface ChangePasswordInput {
  actor: Actor;
  /** The session the change is made from; it stays signed in. */
  sessionId: string;
  currentPassword: string;
  /** Already checked by ZNewPassword (12–200 characters) and different from the current one. */
  newPassword: string;
}

/**
 * Changes the signed-in user's (`actor.userId`) password after checking the current one, ends
 * every other session of theirs (OWASP Session Management Cheat Sheet: renew on password
 * change) and writes an audit row without either password.
 * @returns how many other sessions ended.
 * @throws AppError RATE_LIMITED after 5 checks in 15 minutes; INVALID_INPUT (field
 *   "currentPassword") when the current password is wrong.
 */
export async function changePassword(deps: Pick<AppDeps, 'prisma' | 'clock'>, { actor, sessionId, currentPassword, newPassword }: ChangePasswordInput): Promise<{ endedSessions: number }> {
  const now = deps.clock.now();
  await chargeAttempt(deps.prisma, {
    now,
    rules: [{ key: `change-password:${actor.userId}`, limit: MAX_PASSWORD_CHECKS, message: 'Too many password change attempts' }],
  });
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError('INVALID_INPUT', { message: 'The current password is wrong', field: 'currentPassword' });
  }
  const passwordHash = await hashPassword(newPassword);
  return deps.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    const endedSessions = await revokeUserSessions(tx, { userId: actor.userId, reason: 'PASSWORD_CHANGED', now, exceptSessionId: sessionId });
    await writeAudit(tx, { actor, action: 'auth.changePassword', targetType: 'User', targetId: actor.userId, after: { endedSessions } });
    return { endedSessions };
  });
}
