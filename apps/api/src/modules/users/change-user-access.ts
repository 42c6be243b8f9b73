/**
 * Role changes and disabling/enabling of staff accounts. A role change or a disable ends every
 * open session of the user (platform/sessions.ts), so their next request is refused on every
 * API process. The last enabled admin
 * cannot lose ADMIN or be disabled: enabled admins are row-locked (FOR UPDATE) for the check,
 * so two admins demoting each other at once cannot leave none.
 */
import { AppError, type Role } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { revokeUserSessions } from '../../platform/sessions.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

export type AccessChange = { kind: 'setRoles'; roles: Role[] } | { kind: 'disable' } | { kind: 'enable' };

export interface ChangeUserAccessInput {
  actor: Actor;
  userId: string;
  change: AccessChange;
  /** Stored on the audit row. */
  reason?: string;
}

/**
 * Applies `{ change }` to user `userId` as `actor`, audited with `reason`; a disable stamps
 * `disabledAt` with `deps.clock.now()` (kept when already disabled).
 * @returns the staff account after the change.
 * @throws AppError NOT_FOUND for an unknown user; PRECONDITION_FAILED when the change would
 *   leave no enabled admin.
 */
export async function changeUserAccess(deps: Pick<AppDeps, 'prisma' | 'clock'>, { actor, userId, change, reason }: ChangeUserAccessInput) {
  return deps.prisma.$transaction(async (tx) => {
    const adminIds = await lockEnabledAdmins(tx);
    const before = await tx.user.findUnique({ where: { id: userId }, select: STAFF_USER_SELECT });
    if (!before) throw new AppError('NOT_FOUND', { message: `No staff account ${userId}`, field: 'userId' });

    const now = deps.clock.now();
    const data: Prisma.UserUpdateInput = {};
    if (change.kind === 'setRoles') data.roles = [...new Set(change.roles)];
    if (change.kind === 'disable') data.disabledAt = before.disabledAt ?? now;
    if (change.kind === 'enable') data.disabledAt = null;

    const losesAdmin = (change.kind === 'setRoles' && !change.roles.includes('ADMIN')) || change.kind === 'disable';
    if (losesAdmin && adminIds.includes(userId) && adminIds.length === 1) {
      throw new AppError('PRECONDITION_FAILED', { message: `${before.email} is the last enabled admin; make another admin first` });
    }

    const after = await tx.user.update({ where: { id: userId }, data, select: STAFF_USER_SELECT });
    if (change.kind !== 'enable') {
      await revokeUserSessions(tx, { userId, now, reason: change.kind === 'disable' ? 'ACCOUNT_DISABLED' : 'ACCESS_CHANGED' });
    }
    await writeAudit(tx, {
      actor,
      action: `users.${change.kind}`,
      targetType: 'User',
      targetId: userId,
      reason,
      before: toStaffUser(before),
      after: toStaffUser(after),
    });
    return toStaffUser(after);
  });
}

async function lockEnabledAdmins(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE 'ADMIN' = ANY(roles) AND "disabledAt" IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}
