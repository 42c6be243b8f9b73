import type { UsersListInput } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { listLockedOutEmails } from '../auth/index.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

/**
 * Staff accounts matching `search` (email or name, case-insensitive), `role` and `status`
 * ('active' | 'disabled' | 'locked': refused by the sign-in throttle at `deps.clock.now()` | 'all'), ordered by email: page `page` (from 1) of `pageSize`.
 * @returns `{ items, total, page, pageSize }`.
 */
export async function listUsers(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: Required<Pick<UsersListInput, 'page' | 'pageSize' | 'status'>> & UsersListInput) {
  const { prisma } = deps;
  const where: Prisma.UserWhereInput = {
    ...(input.search ? { OR: [{ email: { contains: input.search, mode: 'insensitive' } }, { name: { contains: input.search, mode: 'insensitive' } }] } : {}),
    ...(input.role ? { roles: { hasSome: [input.role] } } : {}),
    ...(input.status === 'active' ? { disabledAt: null } : input.status === 'disabled' ? { disabledAt: { not: null } } : {}),
    ...(input.status === 'locked' ? { email: { in: await listLockedOutEmails(deps) } } : {}),
  };
  const [total, rows] = await prisma.$transaction([
    prisma.user.count({ where }),
    prisma.user.findMany({ where, orderBy: { email: 'asc' }, skip: (input.page - 1) * input.pageSize, take: input.pageSize, select: STAFF_USER_SELECT }),
  ]);
  return { items: rows.map(toStaffUser), total, page: input.page, pageSize: input.pageSize };
}
