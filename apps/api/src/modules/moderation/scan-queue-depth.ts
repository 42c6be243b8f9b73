/**
 * The quality-scan queue's depth for /metrics (platform/metrics.ts): reports queued, running and
 * failed (not since re-scanned), with the age of the oldest queued and running one.
 */
import type { ScanQueueDepth } from '../../platform/metrics.ts';
import type { ModerationDeps } from './deps.ts';

/**
 * Counts PENDING (queued) and RUNNING quality reports at `deps.clock`'s now, and FAILED ones that
 * are still the latest report of their submission (a re-scan that came after replaced a failure:
 * it is no longer a dead letter; a report without a submission is its own latest). Ages in
 * seconds: now − the oldest queued report's `createdAt`, now − the oldest running one's `startedAt`
 * (null when there is none). Queued and running counts read the QualityReport(status, createdAt)
 * index only; each failed report looks for a later one on (submissionId, createdAt).
 * @throws database errors only.
 */
export async function readScanQueueDepth(deps: ModerationDeps): Promise<ScanQueueDepth> {
  const now = deps.clock.now();
  const [counts, running, failed] = await Promise.all([
    deps.prisma.$queryRaw<{ status: 'PENDING' | 'RUNNING'; count: number; oldestCreated: Date | null }[]>`
      SELECT status::text AS status, count(*)::int AS count, min("createdAt") AS "oldestCreated"
        FROM "QualityReport" WHERE status IN ('PENDING', 'RUNNING') GROUP BY status`,
    deps.prisma.$queryRaw<{ oldestStarted: Date | null }[]>`SELECT min("startedAt") AS "oldestStarted" FROM "QualityReport" WHERE status = 'RUNNING'`,
    deps.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "QualityReport" r
       WHERE r.status = 'FAILED'
         AND NOT EXISTS (SELECT 1 FROM "QualityReport" later WHERE later."submissionId" = r."submissionId" AND later."createdAt" > r."createdAt")`,
  ]);
  const of = (status: string) => counts.find((row) => row.status === status);
  const ageOf = (at: Date | null | undefined) => (at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : null);
  return {
    queued: of('PENDING')?.count ?? 0,
    running: of('RUNNING')?.count ?? 0,
    failed: failed[0]?.count ?? 0,
    oldestQueuedAgeSeconds: ageOf(of('PENDING')?.oldestCreated),
    oldestRunningAgeSeconds: ageOf(running[0]?.oldestStarted),
  };
}
