/**
 * Plugins, creators and submissions for the palette. Names match case-insensitively anywhere in
 * them (a prefix or a part); `plugin@version` finds that version's submission (the version as a
 * prefix). Staff see every creator's; a creator only their own (creatorId in the `where`).
 * Routes: a moderator opens the queue (filtered by plugin or creator, or the submission), support
 * the licenses of a plugin, finance a creator's payouts, a creator their own submissions.
 */
import { hasPermission, type Role } from '@marketdesk/shared';
import type { Finder } from './deps.ts';
import { creatorWhere, type SearchScope } from './rules.ts';

const insensitive = (text: string) => ({ contains: text, mode: 'insensitive' as const });
const withQuery = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`;

function pluginRoute(roles: readonly Role[], scope: SearchScope, pluginId: string): string | null {
  if (!scope.isAll) return '/my-submissions';
  if (hasPermission(roles, 'queue.read')) return withQuery('/queue', { plugin: pluginId });
  if (hasPermission(roles, 'licenses.read')) return withQuery('/licenses', { plugin: pluginId });
  return null;
}

/** Plugins whose name contains the query, most downloaded first; none when the caller has no page listing a plugin's things. */
export const findPlugins: Finder = async ({ prisma }, { query, scope, roles, limit }) => {
  if (query.stripePrefix || query.isLicenseKey || pluginRoute(roles, scope, '') === null) return [];
  const rows = await prisma.plugin.findMany({
    where: { name: insensitive(query.text), ...creatorWhere(scope) },
    take: limit, orderBy: [{ monthlyDownloads: 'desc' }, { name: 'asc' }],
    select: { id: true, name: true, status: true, creator: { select: { displayName: true } } },
  });
  return rows.map((p) => ({ kind: 'plugin', id: p.id, title: p.name, subtitle: `${p.creator.displayName} · ${p.status}`, route: pluginRoute(roles, scope, p.id)! }));
};

function creatorRoute(roles: readonly Role[], creatorId: string): string | null {
  if (hasPermission(roles, 'queue.read')) return withQuery('/queue', { creator: creatorId });
  if (hasPermission(roles, 'finance.read')) return withQuery('/payouts', { creatorId });
  return null;
}

/** Creators whose display name or slug contains the query (or whose Stripe account is `acct_…`); staff only. */
export const findCreators: Finder = async ({ prisma }, { query, roles, limit }) => {
  if ((query.stripePrefix && query.stripePrefix !== 'acct') || query.isLicenseKey || creatorRoute(roles, '') === null) return [];
  const rows = await prisma.creatorAccount.findMany({
    where: query.stripePrefix === 'acct' ? { stripeAccountId: query.text } : { OR: [{ displayName: insensitive(query.text) }, { slug: insensitive(query.text) }] },
    take: limit, orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    select: { id: true, displayName: true, slug: true, _count: { select: { plugins: true } } },
  });
  return rows.map((c) => ({ kind: 'creator', id: c.id, title: c.displayName, subtitle: `${c.slug} · ${c._count.plugins} plugins`, route: creatorRoute(roles, c.id)! }));
};

/** Submissions of `plugin@version` (or of plugins named like the query, or with the query as id), newest first. */
export const findSubmissions: Finder = async ({ prisma }, { query, scope, limit }) => {
  if (query.stripePrefix || query.isLicenseKey) return [];
  const { pluginName, version } = query.submission;
  const byName = { plugin: { name: insensitive(pluginName) }, ...(version ? { pluginVersion: { version: { startsWith: version } } } : {}) };
  const rows = await prisma.submission.findMany({
    where: { ...(query.isOurId ? { OR: [{ id: query.text }, byName] } : byName), ...creatorWhere(scope) },
    take: limit, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, status: true, submittedAt: true, plugin: { select: { name: true } }, pluginVersion: { select: { version: true } } },
  });
  return rows.map((s) => ({
    kind: 'submission', id: s.id, title: `${s.plugin.name}@${s.pluginVersion.version}`,
    subtitle: `${s.status} · submitted ${s.submittedAt.toISOString().slice(0, 10)}`,
    route: scope.isAll ? `/queue/${s.id}` : `/my-submissions/${s.id}`,
  }));
};
