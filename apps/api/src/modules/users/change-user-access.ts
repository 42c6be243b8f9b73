/**
 * Role changes and disabling/enabling of staff accounts. Each bumps the user's session
 * version, so their next request with an older session is refused. The last enabled admin
 * cannot lose ADMIN or be disabled: enabled admins are row-locked (FOR UPDATE) for the check,
 * so two admins demoting each other at once cannot leave none.
 */
import { AppError, type Role } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

type AccessChange = { kind: 'setRoles'; roles: Role[] } | { kind: 'disable' } | { kind: 'enable' };

/**
 * Applies `change` to user `userId`, audited with `reason`.
 * @throws AppError NOT_FOUND for an unknown user; PRECONDITION_FAILED when the change would
 *   leave no enabled admin.
 */
export async function changeUserAccess(prisma: PrismaClient, actor: Actor, userId: string, change: AccessChange, reason?: string) {
  return prisma.$transaction(async (tx) => {
    const adminIds = await lockEnabledAdmins(tx);
    const before = await tx.user.findUnique({ where: { id: userId }, select: STAFF_USER_SELECT });
    if (!before) throw new AppError('NOT_FOUND', { message: `No staff account ${userId}`, field: 'userId' });

    const data: Prisma.UserUpdateInput = { sessionVersion: { increment: 1 } };
    if (change.kind === 'setRoles') data.roles = [...new Set(change.roles)];
    if (change.kind === 'disable') data.disabledAt = before.disabledAt ?? new Date();
    if (change.kind === 'enable') data.disabledAt = null;

    const losesAdmin = (change.kind === 'setRoles' && !change.roles.includes('ADMIN')) || change.kind === 'disable';
    if (losesAdmin && adminIds.includes(userId) && adminIds.length === 1) {
      throw new AppError('PRECONDITION_FAILED', { message: `${before.email} is the last enabled admin; make another admin first` });
    }

    const after = await tx.user.update({ where: { id: userId }, data, select: STAFF_USER_SELECT });
    await writeAudit(tx, actor, {
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
