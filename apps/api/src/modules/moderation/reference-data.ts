/** Small lists the moderation screens pick from. */
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Active decision reasons (reject and request-changes), by label. */
export async function listDecisionReasons(prisma: PrismaClient) {
  const rows = await prisma.decisionReason.findMany({
    where: { isActive: true, appliesTo: { in: ['REJECT', 'REQUEST_CHANGES'] } },
    orderBy: { label: 'asc' },
    select: { id: true, code: true, label: true, cannedResponse: true, appliesTo: true },
  });
  return rows.map((r) => ({ ...r, appliesTo: r.appliesTo as 'REJECT' | 'REQUEST_CHANGES' }));
}

/** Creator `creatorId`'s plugins with their newest version, by name. */
export async function listOwnPlugins(prisma: PrismaClient, creatorId: string) {
  const rows = await prisma.plugin.findMany({
    where: { creatorId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, versions: { orderBy: { createdAt: 'desc' }, take: 1, select: { version: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, latestVersion: r.versions[0]?.version ?? null }));
}
