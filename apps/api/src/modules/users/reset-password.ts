import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { revokeUserSessions } from '../../platform/sessions.ts';
import { hashPassword } from '../auth/index.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

export interface ResetPasswordInput {
  actor: Actor;
  userId: string;
  /** Already checked by ZNewPassword (12–200 characters). */
  newPassword: string;
  /** Stored on the audit row. */
  reason?: string;
}

/**
 * An administrator (`actor`) sets a new password for user `userId`: every session of that user
 * ends (reason PASSWORD_RESET), audited without the password.
 * @returns the staff account.
 * @throws AppError NOT_FOUND for an unknown user.
 */
export async function resetPassword(deps: Pick<AppDeps, 'prisma' | 'clock'>, { actor, userId, newPassword, reason }: ResetPasswordInput) {
  const passwordHash = await hashPassword(newPassword);
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId }, data: { passwordHash } });
    if (count === 0) throw new AppError('NOT_FOUND', { message: `No staff account ${userId}`, field: 'userId' });
    const endedSessions = await revokeUserSessions(tx, { userId, reason: 'PASSWORD_RESET', now });
    const user = toStaffUser(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: STAFF_USER_SELECT }));
    await writeAudit(tx, { actor, action: 'users.resetPassword', targetType: 'User', targetId: userId, reason, after: { endedSessions } });
    return user;
  });
}
