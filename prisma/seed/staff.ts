/**
 * One demo sign-in per role, for trying the console locally. The password is public on
 * purpose (printed by `npm run db:seed`); never seed these accounts in production.
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { hashPassword } from '../../apps/api/src/modules/auth/index.ts';
import type { TableCount } from './types.ts';

export const DEMO_PASSWORD = 'marketdesk-demo';

export const DEMO_ACCOUNTS = [
  { email: 'admin@marketdesk.test', name: 'Ada Admin', role: 'ADMIN', password: DEMO_PASSWORD },
  { email: 'moderator@marketdesk.test', name: 'Mo Moderator', role: 'MODERATOR', password: DEMO_PASSWORD },
  { email: 'finance@marketdesk.test', name: 'Fin Finance', role: 'FINANCE', password: DEMO_PASSWORD },
  { email: 'support@marketdesk.test', name: 'Sam Support', role: 'SUPPORT', password: DEMO_PASSWORD },
  { email: 'creator@marketdesk.test', name: 'Cleo Creator', role: 'CREATOR', password: DEMO_PASSWORD },
] as const;

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/**
 * Creates the demo accounts that do not exist yet (matched on lowercased email). Existing
 * users keep their password and roles, so re-seeding never undoes changes made in the console.
 * Only missing accounts are hashed (argon2id is deliberately slow).
 */
export async function seedStaff(prisma: PrismaClient): Promise<TableCount> {
  const emails = DEMO_ACCOUNTS.map((a) => a.email.trim().toLowerCase());
  const existing = await prisma.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  const existingEmails = new Set(existing.map((u) => u.email));
  const missing = DEMO_ACCOUNTS.filter((a) => !existingEmails.has(a.email.toLowerCase()));
  const data = await Promise.all(
    missing.map(async (a) => ({
      email: a.email.toLowerCase(),
      name: a.name,
      roles: [a.role],
      passwordHash: await hashPassword(a.password),
    })),
  );
  const { count } = await prisma.user.createMany({ data, skipDuplicates: true });
  return { created: count, existing: DEMO_ACCOUNTS.length - count };
}

/**
 * Links the CREATOR demo user to the creator account `slug`, unless the user is already
 * linked to a creator or that creator already has a user.
 * @returns the slug the demo creator is linked to now, or undefined when unlinked.
 */
export async function linkDemoCreator(prisma: PrismaClient, slug: string | undefined): Promise<string | undefined> {
  const email = DEMO_ACCOUNTS.find((a) => a.role === 'CREATOR')!.email;
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, creatorAccount: { select: { slug: true } } } });
  if (!user) return undefined;
  if (user.creatorAccount) return user.creatorAccount.slug;
  if (!slug) return undefined;
  const { count } = await prisma.creatorAccount.updateMany({ where: { slug, userId: null }, data: { userId: user.id } });
  return count === 1 ? slug : undefined;
}
