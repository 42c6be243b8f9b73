/**
 * The whole seed, as `npm start` (first start) and `npm run db:seed` run it on a listening app:
 * the catalog, staff and review queue (./index.ts), a year of money through the real path
 * (./money.ts), machines on licenses (./activations.ts), then a summary — rows per table, money
 * totals per currency from the ledger, and whether every ledger transaction balances.
 *
 * Sizes (`--scale`): small (the default start, 1,200 purchases, a few minutes), medium
 * (12,000) and large (120,000 purchases: with their subscription renewals, refunds, disputes and
 * payouts about 10 ledger entries each — measured 30,133 entries for 3,000 — so over 1,000,000
 * ledger entries, for the benchmarks).
 * Deterministic for a seed number (`--seed`). It refuses a database holding data the seed did
 * not make — staff other than the demo accounts, purchases by other buyers — unless told
 * (`--allow-foreign-data`), and it never deletes anything.
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { sumAccounts, toFigures } from '../../apps/api/src/modules/finance/index.ts';
import type { AppDeps } from '../../apps/api/src/platform/deps.ts';
import { seedActivations } from './activations.ts';
import { DEMO_ACCOUNTS, seedDatabase, type SeedSummary } from './index.ts';
import { formatPricingCounts, SEED_BUYER_DOMAIN, seedMoney, type MoneySeedSummary } from './money.ts';
import { createProgress, type ProgressObserver } from './progress.ts';
import { formatReviewCounts, seedReviews, type ReviewSeedSummary } from './reviews-year.ts';

export const SEED_SCALES = {
  small: { purchases: 1_200 },
  medium: { purchases: 12_000 },
  large: { purchases: 120_000 },
} as const;
export type SeedScale = keyof typeof SEED_SCALES;

export interface RunSeedOptions {
  scale?: SeedScale;
  /** Seed number (default 1): the same number makes the same marketplace. */
  seed?: number;
  /** Seed even when the database holds data the seed did not make. */
  isAllowingForeignData?: boolean;
  /** Purchases instead of the scale's number (tests). */
  purchases?: number;
  /** Worker processes (cli/work.ts) drain the webhook inbox; the seed only waits for them. */
  isInboxDrainedElsewhere?: boolean;
  catalogPath?: string;
  /** The data folder; without it the review queue is not seeded (see ./index.ts). */
  dataDir?: string;
  isFetchingRealPackages?: boolean;
  log?: (line: string) => void;
  /** Sees each phase's start, ticks and end as state (npm start keeps it for the console's "still seeding" notice). */
  onProgress?: ProgressObserver;
}

export interface MoneyTotals {
  currency: string;
  grossVolume: number;
  refunds: number;
  disputes: number;
  netRevenue: number;
  platformFees: number;
  creatorEarnings: number;
  stripeFees: number;
}

export interface RunSeedSummary {
  scale: SeedScale;
  seed: number;
  base: SeedSummary;
  money: MoneySeedSummary;
  /** Ratings and reviews of the seeded year (./reviews-year.ts). */
  reviews: ReviewSeedSummary;
  activations: number;
  /** Rows per table after the seed. */
  rows: Record<string, number>;
  /** All-time ledger figures per currency, minor units. */
  totals: MoneyTotals[];
  /** Every ledger transaction's entries sum to zero per currency. */
  isLedgerBalanced: boolean;
  durationMs: number;
}

/** Thrown when the database holds data the seed did not make and it was not told to go on. */
export class ForeignDataError extends Error {}

/** What in the database the seed did not make (empty when nothing). */
export async function findForeignData(prisma: PrismaClient): Promise<string[]> {
  const demo = DEMO_ACCOUNTS.map((a) => a.email);
  const [users, purchases] = await Promise.all([
    prisma.user.count({ where: { email: { notIn: demo } } }),
    prisma.purchase.count({ where: { NOT: { buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` } } } }),
  ]);
  return [
    ...(users > 0 ? [`${users} user account(s) other than the demo accounts`] : []),
    ...(purchases > 0 ? [`${purchases} purchase(s) by buyers outside @${SEED_BUYER_DOMAIN}`] : []),
  ];
}

/**
 * Seeds the database of the app listening at `baseUrl` (its Stripe emulator's webhooks pointed
 * there).
 * @throws ForeignDataError when the database holds data the seed did not make (nothing written);
 *   Error from any phase (a later run resumes: every phase is idempotent).
 */
export async function runSeed(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, baseUrl: string, options: RunSeedOptions): Promise<RunSeedSummary> {
  const startedAt = performance.now();
  const { prisma } = deps;
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const foreign = await findForeignData(prisma);
  if (foreign.length > 0 && !options.isAllowingForeignData) {
    throw new ForeignDataError(`The database holds data the seed did not make (${foreign.join('; ')}); seed it anyway with --allow-foreign-data`);
  }
  const progress = createProgress(log, { observe: options.onProgress });
  const purchases = options.purchases ?? SEED_SCALES[scale].purchases;
  log(`seeding at scale ${scale} (${purchases.toLocaleString('en-US')} purchases), seed ${seed}`);
  const catalog = progress.phase('catalog, staff and review queue', 0);
  const base = await seedDatabase(prisma, { catalogPath: options.catalogPath, dataDir: options.dataDir, isFetchingRealPackages: options.isFetchingRealPackages, log });
  catalog.done(`${base.acceptedRows.toLocaleString('en-US')} plugins, ${base.rejected.length} catalog rows rejected`);
  const vacuuming = startVacuuming(prisma, log);
  const { money, reviews, activations } = await (async () => {
    const money = await seedMoney(deps, baseUrl, { purchases, seed, progress, isInboxDrainedElsewhere: options.isInboxDrainedElsewhere });
    if (money.skipped) log(`purchases: ${money.skipped}`);
    // Before the activations: the review burst's free installs are licenses the activations may pick.
    const reviews = await seedReviews(deps, { seed, progress });
    if (reviews.skipped) log(`reviews: ${reviews.skipped}`);
    return { money, reviews, activations: await seedActivations(deps, { seed, progress }) };
  })().finally(() => vacuuming.stop());
  return { scale, seed, base, money, reviews, activations, ...(await describeDatabase(prisma)), durationMs: Math.round(performance.now() - startedAt) };
}

/** Tables whose rows the money seed updates again and again (inbox statuses, purchases, ledger totals). */
const CHURNED_TABLES = ['StripeEvent', 'Purchase', 'Subscription', 'License', 'LedgerHourlyTotal', 'LedgerDailyTotal', 'Payout', 'Transfer', 'Refund', 'Dispute', 'CreatorAccount'];
const VACUUM_INTERVAL_MS = 60_000;

/**
 * Vacuums and analyzes the churned tables every minute until `stop()`. Every status change leaves
 * a dead row version and index entries behind; with autovacuum off (this machine's PostgreSQL
 * server runs so) or behind, the inbox's claim query walks every dead version of an event it
 * ever had: measured on the large build at 142,000 index entries and 310 ms per claim after
 * 33,000 purchases, and entries/min rose from 8,700 to 11,300 after one VACUUM.
 * (postgresql.org/docs/15/routine-vacuuming.html)
 */
function startVacuuming(prisma: PrismaClient, log: (line: string) => void): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => prisma.$executeRawUnsafe(`VACUUM (ANALYZE) ${CHURNED_TABLES.map((t) => `"${t}"`).join(', ')}`))
      .then(() => undefined, (error: unknown) => log(`vacuum failed (the seed goes on): ${(error as Error).message}`));
  }, VACUUM_INTERVAL_MS);
  timer.unref();
  return { stop: async () => { clearInterval(timer); await running; } };
}

/** Rows per table, all-time ledger totals per currency, and whether the ledger balances. */
export async function describeDatabase(prisma: PrismaClient): Promise<Pick<RunSeedSummary, 'rows' | 'totals' | 'isLedgerBalanced'>> {
  const tables = ['User', 'CreatorAccount', 'Plugin', 'PluginTier', 'PluginVersion', 'Submission', 'QualityReport', 'QualityFinding', 'Purchase', 'Subscription', 'Trial', 'Refund', 'Dispute', 'Transfer', 'Payout', 'LedgerTransaction', 'LedgerEntry', 'StripeEvent', 'License', 'Activation', 'UsageRecord', 'Review', 'ReviewReply', 'ReviewReport', 'ReviewModeration', 'AuditLog'];
  const counts = await prisma.$queryRawUnsafe<{ name: string; n: bigint }[]>(tables.map((t) => `SELECT '${t}' AS name, COUNT(*)::bigint AS n FROM "${t}"`).join(' UNION ALL '));
  const rows = Object.fromEntries(tables.map((t) => [t, Number(counts.find((c) => c.name === t)?.n ?? 0n)]));
  const currencies = (await prisma.$queryRaw<{ currency: string }[]>`SELECT DISTINCT currency FROM "LedgerHourlyTotal" ORDER BY 1`).map((r) => r.currency);
  const allTime = { from: new Date(0), to: new Date('2999-01-01T00:00:00Z') };
  const totals: MoneyTotals[] = [];
  for (const currency of currencies) {
    const f = toFigures((await sumAccounts({ prisma }, { period: { ...allTime, currency } })).sums);
    totals.push({ currency, grossVolume: f.grossVolume, refunds: f.refunds, disputes: f.disputes, netRevenue: f.netRevenue, platformFees: f.platformFees, creatorEarnings: f.creatorEarnings, stripeFees: f.stripeFees });
  }
  const [unbalanced] = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT COUNT(*)::bigint AS n FROM (SELECT 1 FROM "LedgerEntry" GROUP BY "transactionId", currency HAVING SUM(amount) <> 0) AS off`;
  return { rows, totals, isLedgerBalanced: unbalanced?.n === 0n };
}

/** The summary as lines for a terminal. */
export function formatSeedSummary(summary: RunSeedSummary): string[] {
  const lines = [`seeded (scale ${summary.scale}, seed ${summary.seed}) in ${(summary.durationMs / 1000).toFixed(1)} s`, '', 'rows per table:'];
  for (const [table, n] of Object.entries(summary.rows)) lines.push(`  ${table.padEnd(18)} ${n.toLocaleString('en-US').padStart(12)}`);
  lines.push('', 'ledger totals per currency (minor units):');
  const columns = ['grossVolume', 'refunds', 'disputes', 'netRevenue', 'platformFees', 'creatorEarnings', 'stripeFees'] as const;
  lines.push(`  ${'currency'.padEnd(9)}${columns.map((c) => c.padStart(16)).join('')}`);
  for (const t of summary.totals) lines.push(`  ${t.currency.padEnd(9)}${columns.map((c) => t[c].toLocaleString('en-US').padStart(16)).join('')}`);
  if (!summary.money.skipped) lines.push('', `pricing models: ${formatPricingCounts(summary.money.pricing)}`);
  if (!summary.reviews.skipped) lines.push('', `ratings and reviews: ${formatReviewCounts(summary.reviews)}`);
  lines.push('', `ledger balanced: ${summary.isLedgerBalanced ? 'yes' : 'NO — some transactions do not sum to zero'}`);
  if (summary.base.rejected.length > 0) lines.push(`catalog: ${summary.base.rejected.length} row(s) rejected (npm run db:seed lists them)`);
  return lines;
}

/** Parses `--scale <small|medium|large>`, `--seed <n>` and `--allow-foreign-data` from `argv`. @throws Error naming the bad flag. */
export function parseSeedFlags(argv: readonly string[]): Pick<RunSeedOptions, 'scale' | 'seed' | 'isAllowingForeignData'> {
  const flags: Pick<RunSeedOptions, 'scale' | 'seed' | 'isAllowingForeignData'> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const [name, inline] = flag.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--scale') {
      const scale = value();
      if (!scale || !(scale in SEED_SCALES)) throw new Error(`--scale must be one of ${Object.keys(SEED_SCALES).join(', ')}, not ${scale ?? 'nothing'}`);
      flags.scale = scale as SeedScale;
    } else if (name === '--seed') {
      const text = value();
      if (!text || !/^\d{1,9}$/.test(text)) throw new Error(`--seed must be a whole number, not ${text ?? 'nothing'}`);
      flags.seed = Number(text);
    } else if (name === '--allow-foreign-data') {
      flags.isAllowingForeignData = true;
    } else {
      throw new Error(`unknown flag ${flag} (known: --scale small|medium|large, --seed <n>, --allow-foreign-data)`);
    }
  }
  return flags;
}
