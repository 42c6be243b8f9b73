/**
 * Quality scans as background jobs claimed from the database: a QualityReport row in PENDING
 * (or RUNNING whose lock expired, e.g. its process died) is claimed with
 * `FOR UPDATE SKIP LOCKED`, so two API processes never scan the same package twice. The
 * result — scores, findings, or the failure reason — lands on the report, and its summary on
 * the submission (score, critical flag, CRITICAL_FINDING queue reason).
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { reachFaultPoint } from '../../platform/faults.ts';
import type { ModerationDeps, PackageDeps } from './deps.ts';
import type { TierOffer } from './scanner/declared-licensing.ts';
import type { scanPackage as ScanPackage } from './scanner/scan-package.ts';
import type { scanPoolThreads as ScanPoolThreads } from './scanner/scan-pool.ts';

/** The scanner (oxlint, oxc-parser, secretlint) loads on the first scan, not at start-up. */
async function loadScanner(): Promise<typeof ScanPackage> {
  return (await import('./scanner/scan-package.ts')).scanPackage;
}

async function loadScanPoolThreads(): Promise<typeof ScanPoolThreads> {
  return (await import('./scanner/scan-pool.ts')).scanPoolThreads;
}

/** A scan running longer than this fails (seconds). */
export const SCAN_TIMEOUT_SECONDS = 120;
/** How long a claim on a scan lasts by default (seconds; config `leaseSeconds.scan`): the scan timeout plus a margin. */
export const SCAN_LEASE_SECONDS = SCAN_TIMEOUT_SECONDS + 30;
export const MAX_SCAN_ATTEMPTS = 3;

/** A report claimed by {@link claimNextScan}: the input of {@link runScan}. */
export interface ClaimedScan {
  id: string;
  submissionId: string | null;
  tarballPath: string | null;
  attempts: number;
  /** The request that queued it (submission or rescan): its log lines carry this `reqId`. */
  requestId: string | null;
}

/**
 * Claims the oldest runnable scan for `{ workerId }` at `deps.clock.now()`: a pending one, or a
 * running one whose lock expired (its process died); the lock lasts `leaseSeconds` (default SCAN_LEASE_SECONDS).
 * @returns the claimed report, or null when there is nothing to do.
 */
export async function claimNextScan(deps: ModerationDeps, { workerId, leaseSeconds = SCAN_LEASE_SECONDS }: { workerId: string; leaseSeconds?: number }): Promise<ClaimedScan | null> {
  const { prisma } = deps;
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const rows = await prisma.$queryRaw<ClaimedScan[]>`
    UPDATE "QualityReport" AS r
       SET status = 'RUNNING', "lockedBy" = ${workerId}, "lockedUntil" = ${lockedUntil}, "startedAt" = ${now}, attempts = r.attempts + 1
      FROM "PluginVersion" AS v
     WHERE r.id = (
             SELECT id FROM "QualityReport"
              WHERE status = 'PENDING' OR (status = 'RUNNING' AND "lockedUntil" < ${now})
              ORDER BY "createdAt", id
              FOR UPDATE SKIP LOCKED
              LIMIT 1)
       AND v.id = r."pluginVersionId"
    RETURNING r.id, r."submissionId", v."tarballPath", r.attempts, r."requestId"`;
  const claimed = rows[0] ?? null;
  if (claimed?.submissionId) {
    await prisma.submission.update({ where: { id: claimed.submissionId }, data: { reportStatus: 'RUNNING' } });
  }
  return claimed;
}

/**
 * Scans a claimed report's tarball (`scan.tarballPath`, relative to `deps.config.dataDir`) and
 * stores the outcome, finished at `deps.clock.now()`. A crash of the scanner itself is stored
 * as FAILED with the reason (retried while attempts < 3 by leaving it PENDING). A report claimed
 * again after MAX_SCAN_ATTEMPTS attempts that never finished (each one's process died or hung:
 * a package that kills its scanner) is FAILED without scanning it again, so it cannot take down
 * every process in turn.
 * @returns 'DONE', 'FAILED', or 'RETRY' when it was left PENDING for another attempt.
 */
export async function runScan(deps: PackageDeps, scan: ClaimedScan): Promise<'DONE' | 'FAILED' | 'RETRY'> {
  const { prisma } = deps;
  if (scan.attempts > MAX_SCAN_ATTEMPTS) return finishFailed(deps, scan, `Not scanned again: ${MAX_SCAN_ATTEMPTS} attempts did not finish (the scanning process died or hung each time)`);
  if (!scan.tarballPath) return finishFailed(deps, scan, 'The plugin version has no uploaded tarball');
  let result: Awaited<ReturnType<typeof ScanPackage>>;
  try {
    const scanPackage = await loadScanner();
    const tiers = await loadTierOffers(deps, scan.id);
    result = await scanPackage(path.resolve(deps.config.dataDir, scan.tarballPath), { timeoutMs: SCAN_TIMEOUT_SECONDS * 1000, tiers });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (scan.attempts < MAX_SCAN_ATTEMPTS) {
      await prisma.qualityReport.update({ where: { id: scan.id }, data: { status: 'PENDING', lockedBy: null, lockedUntil: null, failureReason: `attempt ${scan.attempts}: ${reason}` } });
      return 'RETRY';
    }
    return finishFailed(deps, scan, reason);
  }
  if (result.status === 'FAILED') return finishFailed(deps, scan, result.failureReason ?? 'The scan failed');
  const finishedAt = deps.clock.now();
  await prisma.$transaction(async (tx) => {
    await tx.qualityFinding.deleteMany({ where: { reportId: scan.id } });
    await tx.qualityFinding.createMany({
      data: result.findings.map((f) => ({ reportId: scan.id, ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line ?? null, column: f.column ?? null, message: f.message, snippet: f.snippet ?? null })),
    });
    reachFaultPoint('quality-scan.before-commit');
    await tx.qualityReport.update({
      where: { id: scan.id },
      data: {
        status: 'DONE', failureReason: null, score: result.score, lintScore: result.lintScore, typesScore: result.typesScore, testsScore: result.testsScore,
        docsScore: result.docsScore, breakdown: JSON.parse(JSON.stringify({ ...result.breakdown, files: result.files, declared: result.declared })), hasCriticalFindings: result.hasCriticalFindings,
        finishedAt, lockedBy: null, lockedUntil: null,
      },
    });
    if (scan.submissionId) {
      const submission = await tx.submission.findUniqueOrThrow({ where: { id: scan.submissionId }, select: { queueReasons: true } });
      const reasons = new Set(submission.queueReasons);
      if (result.hasCriticalFindings) reasons.add('CRITICAL_FINDING');
      else reasons.delete('CRITICAL_FINDING');
      await tx.submission.update({
        where: { id: scan.submissionId },
        data: { reportStatus: 'DONE', qualityScore: result.score, hasCriticalFindings: result.hasCriticalFindings, queueReasons: [...reasons] },
      });
    }
  });
  return 'DONE';
}

/**
 * What the tiers of report `reportId`'s plugin sell, as the scanner compares them with the
 * package's declaration: entitlements, and the metrics of the tier's quotas (`PluginTier.quotas`
 * JSON, `[{ metric, … }]`; an entry without a string metric is skipped).
 */
async function loadTierOffers(deps: ModerationDeps, reportId: string): Promise<TierOffer[]> {
  const report = await deps.prisma.qualityReport.findUniqueOrThrow({
    where: { id: reportId },
    select: { pluginVersion: { select: { plugin: { select: { tiers: { orderBy: [{ sortOrder: 'asc' }, { priceAmount: 'asc' }], select: { key: true, entitlements: true, quotas: true } } } } } } },
  });
  return report.pluginVersion.plugin.tiers.map((tier) => ({ key: tier.key, entitlements: tier.entitlements, metrics: quotaMetrics(tier.quotas) }));
}

/** The `metric` of each entry of a tier's quotas JSON. */
export function quotaMetrics(quotas: unknown): string[] {
  if (!Array.isArray(quotas)) return [];
  return quotas.flatMap((quota: unknown) => (quota && typeof quota === 'object' && typeof (quota as { metric?: unknown }).metric === 'string' ? [(quota as { metric: string }).metric] : []));
}

async function finishFailed(deps: ModerationDeps, scan: ClaimedScan, reason: string): Promise<'FAILED'> {
  const { prisma } = deps;
  await prisma.$transaction([
    prisma.qualityReport.update({ where: { id: scan.id }, data: { status: 'FAILED', failureReason: reason, finishedAt: deps.clock.now(), lockedBy: null, lockedUntil: null } }),
    ...(scan.submissionId ? [prisma.submission.update({ where: { id: scan.submissionId }, data: { reportStatus: 'FAILED' } })] : []),
  ]);
  return 'FAILED';
}

/**
 * Claims (as `{ workerId }`, each for `leaseSeconds`: claimNextScan) and runs scans until none is
 * left, `concurrency` at a time (default: as many as the scan pool has threads, so that each core
 * scans a package): each of that many loops claims one scan with SKIP LOCKED, runs it, and
 * claims the next, so a claim is still taken exactly once.
 * Once `signal` aborts (a graceful shutdown), the scans running finish and no more are claimed.
 * @returns how many reports it finished (DONE or FAILED; retries left PENDING do not count).
 */
export async function drainScans(deps: PackageDeps & { log?: Logger }, { workerId, leaseSeconds, concurrency, signal }: { workerId: string; leaseSeconds?: number; concurrency?: number; signal?: AbortSignal }): Promise<number> {
  const loops = Math.max(1, concurrency ?? (await loadScanPoolThreads())());
  let finished = 0;
  const drainOne = async () => {
    for (let scan = await claimNextScan(deps, { workerId, leaseSeconds }); scan; scan = signal?.aborted ? null : await claimNextScan(deps, { workerId, leaseSeconds })) {
      if ((await runLoggedScan(deps, scan)) !== 'RETRY') finished += 1;
    }
  };
  await Promise.all(Array.from({ length: loops }, drainOne));
  return finished;
}

/**
 * Runs `scan` (runScan), logging its start and outcome (with the time it took, ms) through
 * `deps.log` bound to the report (`reportId`) and the request that queued it (`reqId`), so a
 * scan's lines are found by the submission's request id, whichever process claimed it.
 */
async function runLoggedScan(deps: PackageDeps & { log?: Logger }, scan: ClaimedScan): Promise<'DONE' | 'FAILED' | 'RETRY'> {
  const log = deps.log?.child({ ...(scan.requestId ? { reqId: scan.requestId } : {}), job: 'quality-scan', reportId: scan.id });
  log?.info({ submissionId: scan.submissionId, attempt: scan.attempts }, 'scan started');
  const startedAt = performance.now();
  const outcome = await runScan(deps, scan);
  log?.info({ outcome, ms: Math.round(performance.now() - startedAt) }, 'scan finished');
  return outcome;
}
