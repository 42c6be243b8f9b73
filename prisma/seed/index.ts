/**
 * The development seed: demo staff accounts, moderation decision reasons and the real npm
 * plugin catalog. Idempotent — every step inserts only what its unique key does not find —
 * so it is safe to run on every start and after a partial failure.
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { readCatalog, type RejectedRow } from './catalog.ts';
import { pickBusiestCreatorSlug } from './creators.ts';
import { seedDecisionReasons } from './decision-reasons.ts';
import { seedReviewModerationReasons } from './review-moderation-reasons.ts';
import { seedCatalogRows } from './plugins.ts';
import { linkDemoCreator, seedStaff } from './staff.ts';
import { seedSubmissions } from './submissions.ts';
import type { TableCount } from './types.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './staff.ts';
export type { TableCount } from './types.ts';

export interface SeedOptions {
  /** Catalog TSV (config.catalogPath); default prisma/seed/data/npm-plugins.tsv. */
  catalogPath?: string;
  /** Progress messages (default: silent). */
  log?: (message: string) => void;
  /**
   * The data folder. When given, the review queue is seeded too: packages built into
   * `<dataDir>/packages/` and scanned by the real scanner (seconds per package).
   */
  dataDir?: string;
  /** With `dataDir`: also queue real catalog packages fetched with `npm pack` (default true). */
  isFetchingRealPackages?: boolean;
}

export interface SeedSummary {
  catalogPath: string;
  tables: {
    users: TableCount;
    decisionReasons: TableCount;
    /** Canned reasons for buyer-review decisions (./review-moderation-reasons.ts). */
    reviewModerationReasons: TableCount;
    creatorAccounts: TableCount;
    plugins: TableCount;
    pluginVersions: TableCount;
    /** Tiers of the tiered plugins (./pricing.ts catalogPricingForPackage). */
    pluginTiers: TableCount;
    /** Present when `dataDir` was given. */
    submissions?: TableCount & { scanned: number };
  };
  /** Catalog rows accepted by the parser (created or already present). */
  acceptedRows: number;
  /** Catalog rows skipped, each with "line N: <field> …" reason. */
  rejected: RejectedRow[];
  /** Creator account the creator@ demo user is linked to. */
  demoCreatorSlug: string | undefined;
  durationMs: number;
}

/**
 * Seeds `prisma`'s database (migrations must already be applied).
 * @throws Error when the catalog file is missing or has no header, or on a database error;
 *   bad catalog rows never throw, they are listed in `rejected`.
 */
export async function seedDatabase(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const startedAt = performance.now();
  const log = options.log ?? (() => {});
  const catalog = await readCatalog(options.catalogPath);
  log(`catalog ${catalog.path}: ${catalog.rows.length} rows accepted, ${catalog.rejected.length} rejected`);
  const users = await seedStaff(prisma);
  const decisionReasons = await seedDecisionReasons(prisma);
  const reviewModerationReasons = await seedReviewModerationReasons(prisma);
  const catalogCounts = await seedCatalogRows(prisma, catalog.rows);
  const demoCreatorSlug = await linkDemoCreator(prisma, pickBusiestCreatorSlug(catalog.rows.map((r) => r.name)));
  const submissions = options.dataDir ? await seedSubmissions(prisma, { dataDir: options.dataDir, log, isFetchingRealPackages: options.isFetchingRealPackages }) : undefined;
  return {
    catalogPath: catalog.path,
    tables: { users, decisionReasons, reviewModerationReasons, ...catalogCounts, ...(submissions ? { submissions } : {}) },
    acceptedRows: catalog.rows.length,
    rejected: catalog.rejected,
    demoCreatorSlug,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** True when the database has no User rows (a fresh install the start command should seed). */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.findFirst({ select: { id: true } })) === null;
}
