/** Staff accounts for the palette (admins): email or name containing the query, opening Staff accounts filtered to it. */
import type { Finder } from './deps.ts';

/** Accounts (staff and creator users alike, as Staff accounts lists them) by part of their email or name. */
export const findStaffAccounts: Finder = async ({ prisma }, { query, limit }) => {
  if (query.stripePrefix || query.isLicenseKey) return [];
  const rows = await prisma.user.findMany({
    where: { OR: [{ email: { contains: query.text, mode: 'insensitive' } }, { name: { contains: query.text, mode: 'insensitive' } }] },
    take: limit, orderBy: [{ email: 'asc' }],
    select: { id: true, email: true, name: true, roles: true, disabledAt: true },
  });
  return rows.map((u) => ({
    kind: 'staffAccount', id: u.id, title: u.name, subtitle: `${u.email} · ${u.roles.join(', ') || 'no roles'}${u.disabledAt ? ' · disabled' : ''}`,
    route: `/staff-accounts?${new URLSearchParams({ search: u.email })}`,
  }));
};
