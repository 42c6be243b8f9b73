import type { AppDeps } from '../../platform/deps.ts';

/**
 * Recomputes the hourly and daily totals (LedgerHourlyTotal, LedgerDailyTotal) from every
 * ledger entry, in one statement. A trigger keeps them as entries are posted; this is for after
 * a bulk load that bypassed triggers (`session_replication_role = replica`), and as a check:
 * afterwards they must be what they were. Takes no input.
 *
 * The totals are trigger-owned: a guard trigger refuses every other write to them, so this calls
 * `ledger_rebuild_totals()` (migration `ledger_totals_trigger_owned`), the one sanctioned
 * rewrite. It locks the totals against postings until the caller's transaction ends.
 * @throws database errors only (nothing changes then).
 */
export async function rebuildLedgerTotals(deps: Pick<AppDeps, 'prisma'>): Promise<void> {
  // $executeRaw, not $queryRaw: the function returns void, which has no column to deserialize.
  await deps.prisma.$executeRaw`SELECT ledger_rebuild_totals()`;
}
