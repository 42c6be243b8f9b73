/**
 * Moderation: package uploads, submissions and their review queue (due dates, claims,
 * decisions refused on a stale version), the quality-scan worker, and the package scanner.
 */
export { claimSubmission } from './claims.ts';
export { decideSubmission } from './decide.ts';
export type { ModerationDeps, PackageDeps } from './deps.ts';
export { registerModerationRoutes } from './http.ts';
export { listQueue, listQueuePage } from './list-queue.ts';
export { queueRouter } from './queue-router.ts';
export { readManifest } from './read-manifest.ts';
export { drainScans } from './scan-jobs.ts';
export { formatReport } from './scanner/format-report.ts';
export { DEFAULT_SCAN_TIMEOUT_MS } from './scanner/limits.ts';
export { packNpmPackage, packNpmPackageCached } from './scanner/pack-npm-package.ts';
export { ScanError } from './scanner/scan-error.ts';
export { scanPackage } from './scanner/scan-package.ts';
/** Stops the scanner's worker threads (app close). */
export { closeScanPool, scanPoolThreads } from './scanner/scan-pool.ts';
/** secretlint's recommended preset over one text (the reviews' SECRET check uses it too). */
export { findSecrets } from './scanner/secrets.ts';
export { SourceLines } from './scanner/source-lines.ts';
export { withUnpackedPackage } from './scanner/unpack.ts';
export { submissionsRouter } from './submissions-router.ts';
export { readScanQueueDepth } from './scan-queue-depth.ts';
