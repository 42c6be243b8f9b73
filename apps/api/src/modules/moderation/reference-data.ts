/** Small lists the moderation screens pick from. */
import type { AppDeps } from '../../platform/deps.ts';

/** Active decision reasons (reject and request-changes), by label. Takes no input. */
export async function listDecisionReasons(deps: Pick<AppDeps, 'prisma'>) {
  const rows = await deps.prisma.decisionReason.findMany({
    where: { isActive: true, appliesTo: { in: ['REJECT', 'REQUEST_CHANGES'] } },
    orderBy: { label: 'asc' },
    select: { id: true, code: true, label: true, cannedResponse: true, appliesTo: true },
  });
  return rows.map((r) => ({ ...r, appliesTo: r.appliesTo as 'REJECT' | 'REQUEST_CHANGES' }));
}

/** Creator `{ creatorId }`'s plugins with their newest version, by name. */
export async function listOwnPlugins(deps: Pick<AppDeps, 'prisma'>, { creatorId }: { creatorId: string }) {
  const rows = await deps.prisma.plugin.findMany({
    where: { creatorId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, versions: { orderBy: { createdAt: 'desc' }, take: 1, select: { version: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, latestVersion: r.versions[0]?.version ?? null }));
}
