import { AppError, type UsersCreateInput } from '@marketdesk/shared';
import { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { hashPassword } from '../auth/index.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

/**
 * Creates a staff account with an argon2id password hash, audited as `actor`.
 * Input: `{ actor, email, name, password, roles }` (duplicate roles are dropped).
 * @returns the new staff account (never the hash).
 * @throws AppError CONFLICT (field "email") when the email is taken.
 */
export async function createUser(deps: Pick<AppDeps, 'prisma'>, { actor, ...input }: UsersCreateInput & { actor: Actor }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const row = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, roles: [...new Set(input.roles)] },
        select: STAFF_USER_SELECT,
      });
      const user = toStaffUser(row);
      await writeAudit(tx, { actor, action: 'users.create', targetType: 'User', targetId: user.id, after: user });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', { message: `An account with email ${input.email} already exists`, field: 'email', cause: error });
    }
    throw error;
  }
}
