import type { UsersListInput } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { STAFF_USER_SELECT, toStaffUser } from './staff-user.ts';

/**
 * Staff accounts matching `search` (email or name, case-insensitive), `role` and `status`,
 * ordered by email, one page of `pageSize`.
 */
export async function listUsers(prisma: PrismaClient, input: Required<Pick<UsersListInput, 'page' | 'pageSize' | 'status'>> & UsersListInput) {
  const where: Prisma.UserWhereInput = {
    ...(input.search ? { OR: [{ email: { contains: input.search, mode: 'insensitive' } }, { name: { contains: input.search, mode: 'insensitive' } }] } : {}),
    ...(input.role ? { roles: { hasSome: [input.role] } } : {}),
    ...(input.status === 'active' ? { disabledAt: null } : input.status === 'disabled' ? { disabledAt: { not: null } } : {}),
  };
  const [total, rows] = await prisma.$transaction([
    prisma.user.count({ where }),
    prisma.user.findMany({ where, orderBy: { email: 'asc' }, skip: (input.page - 1) * input.pageSize, take: input.pageSize, select: STAFF_USER_SELECT }),
  ]);
  return { items: rows.map(toStaffUser), total, page: input.page, pageSize: input.pageSize };
}
