import type { AppDeps } from '../../platform/deps.ts';

/**
 * Recomputes the hourly and daily totals (LedgerHourlyTotal, LedgerDailyTotal) from every
 * ledger entry, in one transaction. A trigger keeps them as entries are posted; this is for
 * after a bulk load that bypassed triggers (`session_replication_role = replica`), and as a
 * check: afterwards they must be what they were. Takes no input.
 * @throws database errors only (nothing changes then).
 */
export async function rebuildLedgerTotals(deps: Pick<AppDeps, 'prisma'>): Promise<void> {
  const { prisma } = deps;
  await prisma.$transaction([
    prisma.$executeRaw`DELETE FROM "LedgerHourlyTotal"`,
    prisma.$executeRaw`DELETE FROM "LedgerDailyTotal"`,
    prisma.$executeRaw`
      INSERT INTO "LedgerHourlyTotal" (currency, hour, "accountType", amount, "entryCount")
      SELECT currency, date_trunc('hour', "occurredAt"), "accountType", SUM(amount), COUNT(*)
        FROM "LedgerEntry"
       GROUP BY 1, 2, 3`,
    prisma.$executeRaw`
      INSERT INTO "LedgerDailyTotal" (currency, day, "accountType", amount, "entryCount")
      SELECT currency, date_trunc('day', "occurredAt"), "accountType", SUM(amount), COUNT(*)
        FROM "LedgerEntry"
       GROUP BY 1, 2, 3`,
  ]);
}
