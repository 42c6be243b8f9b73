/**
 * Finance figures as sums over the ledger (../../ledger for the accounts and signs): one
 * `GROUP BY "accountType"` per period and currency, optionally per time bucket, plugin or
 * creator — over the daily and hourly totals where they answer exactly, else over LedgerEntry (indexes
 * accountType+currency+occurredAt, creatorId+occurredAt, pluginId+occurredAt).
 */
import type { MoneyFigures } from '@marketdesk/shared';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { FinanceDeps } from './deps.ts';

export type AccountSums = Partial<Record<string, bigint>>;

/** Turns per-account sums into the figures finance reads. */
export function toFigures(sums: AccountSums): MoneyFigures {
  const get = (account: string) => Number(sums[account] ?? 0n);
  const grossVolume = -get('BUYER_PAYMENTS');
  const refunds = get('REFUNDS');
  const disputes = get('DISPUTES');
  return {
    grossVolume, refunds, disputes, netVolume: grossVolume - refunds - disputes,
    netRevenue: get('PLATFORM_FEES') + get('STRIPE_BALANCE'),
    platformFees: get('PLATFORM_FEES'),
    creatorEarnings: get('CREATOR_PAYABLE') + get('PAYOUTS'),
    stripeFees: get('STRIPE_FEES'),
  };
}

export interface Period {
  from: Date;
  to: Date;
  currency: string;
}

export interface AccountScope {
  creatorId?: string;
  pluginId?: string;
}

/** The coarsest rows a read may use: daily totals, hourly totals, or the entries themselves. */
type Grain = 'day' | 'hour' | 'entry';
const GRAIN_MS = { day: 86_400_000, hour: 3_600_000 } as const;
const FINER = { day: 'hour', hour: 'entry' } as const;
const TOTALS = {
  day: Prisma.sql`SELECT day AS at, "accountType" AS account, amount, "entryCount" AS n FROM "LedgerDailyTotal"`,
  hour: Prisma.sql`SELECT hour AS at, "accountType" AS account, amount, "entryCount" AS n FROM "LedgerHourlyTotal"`,
} as const;
const TOTALS_TIME = { day: Prisma.raw('day'), hour: Prisma.raw('hour') } as const;

/**
 * The ledger rows of `period` as `(at, account, amount, n)` — `n` entries summing to `amount` at
 * time `at`. Scoped reads take the entries themselves (indexed by creator or plugin); unscoped
 * ones take the daily totals for the UTC days the period covers whole, the hourly totals for the
 * whole hours left at its ends, and the entries only for the partial hours (LedgerDailyTotal and
 * LedgerHourlyTotal are kept by a trigger in the posting transaction). `grain` is the coarsest
 * allowed: 'hour' or 'entry' for buckets that a daily or hourly total could straddle.
 */
function ledgerRows(period: Period, scope: AccountScope, grain: Grain = 'day'): Prisma.Sql {
  const entries = (from: Date, to: Date) => Prisma.sql`
    SELECT "occurredAt" AS at, "accountType" AS account, amount, 1 AS n
      FROM "LedgerEntry"
     WHERE currency = ${period.currency} AND "occurredAt" >= ${from} AND "occurredAt" < ${to}
       ${scope.creatorId ? Prisma.sql`AND "creatorId" = ${scope.creatorId}` : Prisma.empty}
       ${scope.pluginId ? Prisma.sql`AND "pluginId" = ${scope.pluginId}` : Prisma.empty}`;
  if (scope.creatorId || scope.pluginId) return entries(period.from, period.to);
  const parts = (from: Date, to: Date, at: Grain): Prisma.Sql[] => {
    if (from >= to) return [];
    if (at === 'entry') return [entries(from, to)];
    const size = GRAIN_MS[at];
    const first = new Date(Math.ceil(from.getTime() / size) * size);
    const end = new Date(Math.floor(to.getTime() / size) * size);
    if (first >= end) return parts(from, to, FINER[at]);
    return [
      Prisma.sql`${TOTALS[at]} WHERE currency = ${period.currency} AND ${TOTALS_TIME[at]} >= ${first} AND ${TOTALS_TIME[at]} < ${end}`,
      ...parts(from, first, FINER[at]),
      ...parts(end, to, FINER[at]),
    ];
  };
  const selects = parts(period.from, period.to, grain);
  return selects.length > 0 ? Prisma.join(selects, ' UNION ALL ') : entries(period.from, period.to);
}

export interface AccountTotals {
  /** Signed minor units per account. */
  sums: AccountSums;
  /** Entries per account (a payment posts exactly one BUYER_PAYMENTS entry). */
  entryCounts: Partial<Record<string, number>>;
}

/**
 * Per-account sums (signed minor units) and entry counts of `{ period }` ([from, to) in one
 * currency), optionally of one creator or plugin (`scope`).
 */
export async function sumAccounts(deps: FinanceDeps, { period, scope = {} }: { period: Period; scope?: AccountScope }): Promise<AccountTotals> {
  const rows = await deps.prisma.$queryRaw<{ account: string; total: bigint; entries: bigint }[]>`
    SELECT account::text AS account, SUM(amount)::bigint AS total, SUM(n)::bigint AS entries
      FROM (${ledgerRows(period, scope)}) AS rows
     GROUP BY account`;
  return {
    sums: Object.fromEntries(rows.map((r) => [r.account, r.total])),
    entryCounts: Object.fromEntries(rows.map((r) => [r.account, Number(r.entries)])),
  };
}

export type Interval = 'day' | 'week' | 'month';

/**
 * Whether `timeZone`'s offset from UTC is a whole number of hours throughout `period` (checked
 * at every UTC midnight in it and at its ends, with PostgreSQL's time zone data), so that a UTC
 * hour never straddles a local day. False for Asia/Kolkata (+05:30), Asia/Kathmandu (+05:45).
 */
async function hasWholeHourOffsets(prisma: PrismaClient, period: Period, timeZone: string): Promise<boolean> {
  if (timeZone === 'UTC') return true;
  const [row] = await prisma.$queryRaw<{ whole: boolean | null }[]>`
    SELECT bool_and(extract(minute FROM (t AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}) = 0) AS whole
      FROM (SELECT generate_series(date_trunc('day', ${period.from}::timestamp), ${period.to}::timestamp, interval '1 day') AS t
            UNION ALL SELECT ${period.to}::timestamp) AS instants`;
  return row?.whole === true;
}

/**
 * Per-bucket, per-account sums (signed minor units) of `{ period }`, optionally of one creator
 * or plugin (`scope`): buckets of `interval` start at local midnight in `timeZone` (IANA; weeks
 * on Monday), labelled with their local start date YYYY-MM-DD, oldest first.
 */
export async function sumAccountsByBucket(deps: FinanceDeps, { period, interval, timeZone, scope = {} }: { period: Period; interval: Interval; timeZone: string; scope?: AccountScope }): Promise<Map<string, AccountSums>> {
  const { prisma } = deps;
  // Timestamps are stored as UTC wall time: UTC buckets need no conversion.
  const localTime = timeZone === 'UTC' ? Prisma.raw('at') : Prisma.sql`(at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}`;
  // UTC buckets (days, Monday weeks, months) are whole UTC days; other zones' buckets are whole
  // hours when their offsets are, else only the entries place every amount in its local day.
  const grain: Grain = timeZone === 'UTC' ? 'day' : (await hasWholeHourOffsets(prisma, period, timeZone)) ? 'hour' : 'entry';
  const rows = await prisma.$queryRaw<{ bucket: string; account: string; total: bigint }[]>`
    SELECT to_char(date_trunc(${interval}, ${localTime}), 'YYYY-MM-DD') AS bucket,
           account::text AS account, SUM(amount)::bigint AS total
      FROM (${ledgerRows(period, scope, grain)}) AS rows
     GROUP BY 1, 2
     ORDER BY 1`;
  const buckets = new Map<string, AccountSums>();
  for (const row of rows) {
    const sums = buckets.get(row.bucket) ?? {};
    sums[row.account] = row.total;
    buckets.set(row.bucket, sums);
  }
  return buckets;
}

/**
 * Per-account sums (signed minor units) of `{ period }` grouped `by` plugin or creator, the top
 * `limit` by gross volume, largest first; `scope.creatorId` limits it to one creator's rows.
 */
export async function sumAccountsBy(deps: FinanceDeps, { period, by, limit, scope = {} }: { period: Period; by: 'plugin' | 'creator'; limit: number; scope?: AccountScope }): Promise<{ id: string; sums: AccountSums }[]> {
  const { prisma } = deps;
  const column = by === 'plugin' ? Prisma.raw('"pluginId"') : Prisma.raw('"creatorId"');
  const rows = await prisma.$queryRaw<{ id: string; account: string; total: bigint }[]>`
    WITH sums AS (
      SELECT ${column} AS id, "accountType"::text AS account, SUM(amount)::bigint AS total
        FROM "LedgerEntry"
       WHERE currency = ${period.currency} AND "occurredAt" >= ${period.from} AND "occurredAt" < ${period.to} AND ${column} IS NOT NULL
         ${scope.creatorId ? Prisma.sql`AND "creatorId" = ${scope.creatorId}` : Prisma.empty}
       GROUP BY 1, 2),
    top AS (
      SELECT id FROM sums GROUP BY id ORDER BY -SUM(total) FILTER (WHERE account = 'BUYER_PAYMENTS') DESC NULLS LAST, id LIMIT ${limit})
    SELECT s.id, s.account, s.total FROM sums s JOIN top USING (id)`;
  const byId = new Map<string, AccountSums>();
  for (const row of rows) {
    const sums = byId.get(row.id) ?? {};
    sums[row.account] = row.total;
    byId.set(row.id, sums);
  }
  return [...byId.entries()].map(([id, sums]) => ({ id, sums })).sort((a, b) => Number((a.sums.BUYER_PAYMENTS ?? 0n) - (b.sums.BUYER_PAYMENTS ?? 0n)) || a.id.localeCompare(b.id));
}
