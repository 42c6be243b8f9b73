/**
 * Writes parsed catalog rows as creators, published plugins and their one published version.
 * Set-based: per batch, one lookup of what exists, one createMany (skipDuplicates still
 * guards against a concurrent seed) and one id lookup — a few dozen round trips for the full
 * catalog, and a re-run inserts nothing. Prisma's createMany costs ~0.3 ms a row on PGlite,
 * which is most of the seed's time.
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import type { CatalogRow } from './catalog.ts';
import { creatorForPackage, type CreatorIdentity } from './creators.ts';
import { catalogPricingForPackage } from './pricing.ts';
import type { TableCount } from './types.ts';

export const BATCH_SIZE = 1000;

export interface CatalogSeedCounts {
  creatorAccounts: TableCount;
  plugins: TableCount;
  pluginVersions: TableCount;
  /** PluginTier rows of the tiered plugins (catalogPricingForPackage). */
  pluginTiers: TableCount;
}

function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Creates what is missing for `rows` (unique keys: creator slug, plugin name, plugin+version); existing rows are left unchanged. */
export async function seedCatalogRows(prisma: PrismaClient, rows: readonly CatalogRow[], publishedAt = new Date()): Promise<CatalogSeedCounts> {
  const creators = new Map(rows.map((row) => {
    const creator = creatorForPackage(row.name);
    return [creator.slug, creator] as const;
  }));
  const { created: creatorsCreated, creatorIdBySlug } = await seedCreators(prisma, [...creators.values()]);
  let pluginsCreated = 0;
  let versionsCreated = 0;
  let tiersCreated = 0;
  let tiersPlanned = 0;
  for (const batch of chunk(rows)) {
    const counts = await seedPluginBatch(prisma, batch, creatorIdBySlug, publishedAt);
    pluginsCreated += counts.plugins;
    versionsCreated += counts.versions;
    const tiers = await seedTierBatch(prisma, batch);
    tiersCreated += tiers.created;
    tiersPlanned += tiers.planned;
  }
  return {
    creatorAccounts: { created: creatorsCreated, existing: creators.size - creatorsCreated },
    plugins: { created: pluginsCreated, existing: rows.length - pluginsCreated },
    pluginVersions: { created: versionsCreated, existing: rows.length - versionsCreated },
    pluginTiers: { created: tiersCreated, existing: tiersPlanned - tiersCreated },
  };
}

async function seedCreators(prisma: PrismaClient, creators: readonly CreatorIdentity[]) {
  const creatorIdBySlug = new Map<string, string>();
  let created = 0;
  for (const batch of chunk(creators)) {
    const lookUp = async (slugs: string[]) => {
      const found = await prisma.creatorAccount.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
      for (const c of found) creatorIdBySlug.set(c.slug, c.id);
    };
    await lookUp(batch.map((c) => c.slug));
    const missing = batch.filter((c) => !creatorIdBySlug.has(c.slug));
    if (!missing.length) continue;
    created += (await prisma.creatorAccount.createMany({ data: missing, skipDuplicates: true })).count;
    await lookUp(missing.map((c) => c.slug));
  }
  return { created, creatorIdBySlug };
}

async function seedPluginBatch(prisma: PrismaClient, batch: readonly CatalogRow[], creatorIdBySlug: ReadonlyMap<string, string>, publishedAt: Date) {
  const before = await prisma.plugin.findMany({
    where: { name: { in: batch.map((r) => r.name) } },
    select: { name: true, versions: { select: { version: true } } },
  });
  const versionsByName = new Map(before.map((p) => [p.name, new Set(p.versions.map((v) => v.version))]));
  const newPlugins = batch.filter((row) => !versionsByName.has(row.name)).map((row) => ({
    name: row.name,
    creatorId: creatorIdBySlug.get(creatorForPackage(row.name).slug)!,
    summary: row.summary,
    monthlyDownloads: row.monthlyDownloads,
    status: 'PUBLISHED' as const,
    ...withoutTiers(catalogPricingForPackage(row.name)),
  }));
  const plugins = newPlugins.length ? (await prisma.plugin.createMany({ data: newPlugins, skipDuplicates: true })).count : 0;
  const needVersion = batch.filter((row) => !versionsByName.get(row.name)?.has(row.version));
  if (!needVersion.length) return { plugins, versions: 0 };
  const found = await prisma.plugin.findMany({ where: { name: { in: needVersion.map((r) => r.name) } }, select: { id: true, name: true } });
  const pluginIdByName = new Map(found.map((p) => [p.name, p.id]));
  const data = needVersion.map((row) => ({ pluginId: pluginIdByName.get(row.name)!, version: row.version, status: 'PUBLISHED' as const, publishedAt }));
  const { count: versions } = await prisma.pluginVersion.createMany({ data, skipDuplicates: true });
  return { plugins, versions };
}

function withoutTiers<T extends { tiers: unknown }>(pricing: T): Omit<T, 'tiers'> {
  const { tiers: _tiers, ...rest } = pricing;
  return rest;
}

/**
 * Creates the missing PluginTier rows (unique plugin + key) of the batch's tiered plugins; a
 * tier already there is left as it is. Catalog data, like the plugins themselves.
 */
async function seedTierBatch(prisma: PrismaClient, batch: readonly CatalogRow[]): Promise<{ created: number; planned: number }> {
  const tiered = batch.map((row) => ({ name: row.name, tiers: catalogPricingForPackage(row.name).tiers })).filter((row) => row.tiers.length > 0);
  if (tiered.length === 0) return { created: 0, planned: 0 };
  const found = await prisma.plugin.findMany({ where: { name: { in: tiered.map((r) => r.name) } }, select: { id: true, name: true } });
  const pluginIdByName = new Map(found.map((p) => [p.name, p.id]));
  const data = tiered.flatMap((row) => {
    const pluginId = pluginIdByName.get(row.name);
    return pluginId ? row.tiers.map((tier) => ({ pluginId, ...tier })) : [];
  });
  const { count } = await prisma.pluginTier.createMany({ data, skipDuplicates: true });
  return { created: count, planned: data.length };
}
