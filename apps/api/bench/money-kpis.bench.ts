/**
 * Revenue KPIs and a monthly time series for one year on the PostgreSQL server, through the
 * finance services (finance.kpis + finance.series), against the same aggregates written as plain
 * SQL in the same run — over 1,000,000 bulk-loaded ledger entries, and over the seeded
 * marketplace. Targets: p95 < 300 ms, within 1.5× of the plain SQL.
 */
import { rebuildLedgerTotals } from '../src/modules/payments/index.ts';
import { readKpis, readSeries } from '../src/modules/finance/index.ts';
import { openTestDatabase } from '../test/harness.ts';
import { measure, ms, type BenchRow, type Timing } from './measure.ts';
import { openSeededDatabase } from './seeded-database.ts';

/** Service vs plain SQL, interleaved (plain, service, plain) so that load drift hits both. */
async function compareWithPlainSql(service: () => Promise<unknown>, plain: () => Promise<unknown>): Promise<{ timing: Timing; baseMedian: number; baseP95: number }> {
  const baseline = await measure(plain, 20, 3);
  const timing = await measure(service, 20, 3);
  const again = await measure(plain, 20, 3);
  return { timing, baseMedian: Math.min(baseline.medianMs, again.medianMs), baseP95: Math.min(baseline.p95Ms, again.p95Ms) };
}

const plainKpiSql = (from: string, to: string) => [
  `SELECT "accountType", SUM(amount) FROM "LedgerEntry" WHERE currency = 'usd' AND "occurredAt" >= '${from}' AND "occurredAt" < '${to}' GROUP BY 1`,
  `SELECT date_trunc('month', "occurredAt"), "accountType", SUM(amount) FROM "LedgerEntry" WHERE currency = 'usd' AND "occurredAt" >= '${from}' AND "occurredAt" < '${to}' GROUP BY 1, 2 ORDER BY 1`,
];

/**
 * The same KPIs + monthly series over the seeded marketplace's last 12 months (usd): a ledger
 * made entirely through the real purchase path (see seeded-database.ts for its scale).
 */
export async function benchSeededMoneyKpis(): Promise<BenchRow[]> {
  const seeded = await openSeededDatabase();
  try {
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    const period = { from: new Date(to.getTime() - 365 * 86_400_000), to, currency: 'usd' };
    const service = () => Promise.all([readKpis({ prisma: seeded.db.prisma }, period), readSeries({ prisma: seeded.db.prisma }, { ...period, interval: 'month', timeZone: 'UTC' })]);
    const plain = () => Promise.all(plainKpiSql(period.from.toISOString(), period.to.toISOString()).map((sql) => seeded.db.query(sql)));
    const { timing, baseMedian, baseP95 } = await compareWithPlainSql(service, plain);
    const built = seeded.builtMs > 0 ? `; seeded in this run in ${(seeded.builtMs / 60_000).toFixed(1)} min` : '';
    return [{
      figure: `finance KPIs + monthly series, last 12 months, ${seeded.scale} seed: ${seeded.ledgerEntries.toLocaleString('en-US')} ledger entries, ${seeded.purchases.toLocaleString('en-US')} purchases (PG)`,
      value: `median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)}; ${(timing.medianMs / baseMedian).toFixed(2)}× plain SQL`,
      target: 'p95 < 300 ms, ≤ 1.5× plain SQL',
      baseline: `plain SQL median ${ms(baseMedian)}, p95 ${ms(baseP95)}${built}`,
    }];
  } finally {
    await seeded.db.close();
  }
}

const TRANSACTIONS = 200_000; // × 5 entries = 1,000,000

export async function benchMoneyKpis(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres' });
  try {
    await db.query(`INSERT INTO "CreatorAccount" (id, slug, "displayName", "updatedAt") SELECT 'c' || g, '@bench-' || g, 'Bench ' || g, now() FROM generate_series(1, 500) g`);
    await db.query(`INSERT INTO "Plugin" (id, name, "creatorId", "priceAmount", "updatedAt") SELECT 'p' || g, 'bench-plugin-' || g, 'c' || (1 + g % 500), 1900, now() FROM generate_series(1, 5000) g`);
    // Bulk load without the per-row balance trigger (every generated transaction balances by
    // construction), then the hourly totals that the insert trigger would have kept.
    await db.query(`
      DO $$ BEGIN
        SET LOCAL session_replication_role = replica;
        INSERT INTO "LedgerTransaction" (id, "externalKey", kind, "occurredAt")
          SELECT 't' || g, 'bench:' || g, 'payment', timestamp '2025-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second'
            FROM generate_series(1, ${TRANSACTIONS}) g;
        INSERT INTO "LedgerEntry" ("transactionId", "accountType", "creatorId", "pluginId", amount, currency, "occurredAt")
          SELECT 't' || g, a.account::"LedgerAccountType", 'c' || (1 + (g % 5000) % 500), 'p' || (1 + g % 5000),
                 CASE a.account WHEN 'BUYER_PAYMENTS' THEN -(1000 + g % 5000) WHEN 'CREATOR_PAYABLE' THEN (1000 + g % 5000) - (100 + (g % 5000) / 10)
                   WHEN 'PLATFORM_FEES' THEN 100 + (g % 5000) / 10 WHEN 'STRIPE_FEES' THEN 59 ELSE -59 END,
                 CASE WHEN g % 10 = 0 THEN 'eur' ELSE 'usd' END,
                 timestamp '2025-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second'
            FROM generate_series(1, ${TRANSACTIONS}) g,
                 (VALUES ('BUYER_PAYMENTS'), ('CREATOR_PAYABLE'), ('PLATFORM_FEES'), ('STRIPE_FEES'), ('STRIPE_BALANCE')) AS a(account);
      END $$`);
    await rebuildLedgerTotals({ prisma: db.prisma });
    await db.query('ANALYZE');
    const period = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z'), currency: 'usd' };
    const service = () => Promise.all([readKpis({ prisma: db.prisma }, period), readSeries({ prisma: db.prisma }, { ...period, interval: 'month', timeZone: 'UTC' })]);
    const plain = () => Promise.all(plainKpiSql('2025-01-01', '2026-01-01').map((sql) => db.query(sql)));
    const { timing, baseMedian, baseP95 } = await compareWithPlainSql(service, plain);
    return [{
      figure: 'finance KPIs + monthly series, 1 year, 1M ledger entries (PG)',
      value: `median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)}; ${(timing.medianMs / baseMedian).toFixed(2)}× plain SQL`,
      target: 'p95 < 300 ms, ≤ 1.5× plain SQL',
      baseline: `plain SQL median ${ms(baseMedian)}, p95 ${ms(baseP95)}`,
    }];
  } finally {
    await db.close();
  }
}
