/**
 * Plugins and creators by name for the console's pickers (filters that keep an id and show a
 * name): matches of `query` anywhere in the name, case-insensitive, plus the `ids` asked for by
 * name. Staff only (catalog.read): every creator's plugins.
 */
import { REFERENCE_LIMIT, type ReferenceItem } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';

interface FindInput {
  query: string;
  ids: string[];
}

const insensitive = (text: string) => ({ contains: text, mode: 'insensitive' as const });

/** The ids' rows first (so the chosen value always has its name), then the query's matches, no duplicates. */
function merge(chosen: ReferenceItem[], matches: ReferenceItem[]): ReferenceItem[] {
  const seen = new Set(chosen.map((item) => item.id));
  return [...chosen, ...matches.filter((item) => !seen.has(item.id))];
}

/**
 * Plugins whose package name contains `query` (most downloaded first, at most REFERENCE_LIMIT),
 * and the plugins `ids`. @returns `{ items: [{ id, name, detail: creator's display name }] }`.
 */
export async function findPluginReferences(deps: Pick<AppDeps, 'prisma'>, input: FindInput) {
  const select = { id: true, name: true, creator: { select: { displayName: true } } } as const;
  const [chosen, matches] = await Promise.all([
    input.ids.length ? deps.prisma.plugin.findMany({ where: { id: { in: input.ids } }, select }) : [],
    deps.prisma.plugin.findMany({ where: input.query ? { name: insensitive(input.query) } : {}, select, orderBy: [{ monthlyDownloads: 'desc' }, { name: 'asc' }], take: REFERENCE_LIMIT }),
  ]);
  const toItem = (p: (typeof matches)[number]): ReferenceItem => ({ id: p.id, name: p.name, detail: p.creator.displayName });
  return { items: merge(chosen.map(toItem), matches.map(toItem)) };
}

/**
 * Creators whose display name or slug contains `query` (by display name, at most
 * REFERENCE_LIMIT), and the creators `ids`. @returns `{ items: [{ id, name, detail: slug }] }`.
 */
export async function findCreatorReferences(deps: Pick<AppDeps, 'prisma'>, input: FindInput) {
  const select = { id: true, displayName: true, slug: true } as const;
  const [chosen, matches] = await Promise.all([
    input.ids.length ? deps.prisma.creatorAccount.findMany({ where: { id: { in: input.ids } }, select }) : [],
    deps.prisma.creatorAccount.findMany({
      where: input.query ? { OR: [{ displayName: insensitive(input.query) }, { slug: insensitive(input.query) }] } : {},
      select, orderBy: [{ displayName: 'asc' }, { id: 'asc' }], take: REFERENCE_LIMIT,
    }),
  ]);
  const toItem = (c: (typeof matches)[number]): ReferenceItem => ({ id: c.id, name: c.displayName, detail: c.slug });
  return { items: merge(chosen.map(toItem), matches.map(toItem)) };
}
