/**
 * Finance figures as sums over the ledger (../../ledger for the accounts and signs): one
 * `GROUP BY "accountType"` over LedgerEntry per period and currency (index
 * accountType, currency, occurredAt), optionally per time bucket, plugin or creator.
 */
import type { MoneyFigures } from '@marketdesk/shared';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';

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

/** Per-account sums of `period`, optionally of one creator or plugin. */
export async function sumAccounts(prisma: PrismaClient, period: Period, scope: { creatorId?: string; pluginId?: string } = {}): Promise<AccountSums> {
  const rows = await prisma.$queryRaw<{ account: string; total: bigint }[]>`
    SELECT "accountType"::text AS account, SUM(amount)::bigint AS total
      FROM "LedgerEntry"
     WHERE currency = ${period.currency} AND "occurredAt" >= ${period.from} AND "occurredAt" < ${period.to}
       ${scope.creatorId ? Prisma.sql`AND "creatorId" = ${scope.creatorId}` : Prisma.empty}
       ${scope.pluginId ? Prisma.sql`AND "pluginId" = ${scope.pluginId}` : Prisma.empty}
     GROUP BY "accountType"`;
  return Object.fromEntries(rows.map((r) => [r.account, r.total]));
}

export type Interval = 'day' | 'week' | 'month';

/**
 * Per-bucket, per-account sums: buckets start at local midnight in `timeZone` (weeks on Monday),
 * labelled with their local start date YYYY-MM-DD, oldest first.
 */
export async function sumAccountsByBucket(prisma: PrismaClient, period: Period, interval: Interval, timeZone: string, scope: { creatorId?: string } = {}): Promise<Map<string, AccountSums>> {
  // Timestamps are stored as UTC wall time: UTC buckets need no conversion.
  const localTime = timeZone === 'UTC' ? Prisma.raw('"occurredAt"') : Prisma.sql`("occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}`;
  const rows = await prisma.$queryRaw<{ bucket: string; account: string; total: bigint }[]>`
    SELECT to_char(date_trunc(${interval}, ${localTime}), 'YYYY-MM-DD') AS bucket,
           "accountType"::text AS account, SUM(amount)::bigint AS total
      FROM "LedgerEntry"
     WHERE currency = ${period.currency} AND "occurredAt" >= ${period.from} AND "occurredAt" < ${period.to}
       ${scope.creatorId ? Prisma.sql`AND "creatorId" = ${scope.creatorId}` : Prisma.empty}
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

/** Per-account sums grouped by plugin or creator, ordered by gross volume, top `limit`. */
export async function sumAccountsBy(prisma: PrismaClient, period: Period, by: 'plugin' | 'creator', limit: number, scope: { creatorId?: string } = {}): Promise<{ id: string; sums: AccountSums }[]> {
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
