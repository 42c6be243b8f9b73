/**
 * Decompression bombs (issue 13): each is refused in seconds with the limit it breaks as the
 * code and reason, instead of running at 100 % CPU to the scan timeout; real-sized packages
 * still scan. The bombs are built from precompressed gzip members (package-builder.ts), so
 * 1 GiB of zeros costs a 1 MB file and milliseconds to make.
 *
 * The only timed assertion is the bound (10 s) per bomb; on this machine they take
 * well under 1 s (before the fix: 8 MB of zeros after the end of the archive took 7.8 s and the
 * time grew with the square of the size).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanPackage, type ScanOptions } from '../../src/modules/moderation/scanner/scan-package.ts';
import type { QualityReportResult } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, writeZeroBomb, type Workspace } from './package-builder.ts';

const MiB = 1024 * 1024;
const BOMB_BOUND_MS = 10_000;

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

const packageJson = { path: 'package/package.json', body: manifest() };

/** Scans `tgz` (analysis in-process: the bombs never reach it) and measures how long it took. */
async function timedScan(tgz: string, options: ScanOptions = {}): Promise<{ report: QualityReportResult; ms: number }> {
  const started = performance.now();
  const report = await scanPackage(tgz, { tmpDir: workspace.scans, isInProcess: true, timeoutMs: 60_000, ...options });
  const ms = performance.now() - started;
  expect(await workspace.leftoverScanFolders()).toEqual([]);
  return { report, ms };
}

function expectRefused({ report, ms }: { report: QualityReportResult; ms: number }, code: string, reason: RegExp) {
  expect(report).toMatchObject({ status: 'FAILED', failureCode: code });
  if (report.status === 'FAILED') expect(report.failureReason).toMatch(reason);
  expect(ms).toBeLessThan(BOMB_BOUND_MS);
}

describe('decompression bombs', () => {
  test('1 GiB of zeros in one file (1 MB of gzip) is refused as FILE_TOO_LARGE', async () => {
    const tgz = await writeZeroBomb(workspace, [packageJson, { path: 'package/big.bin', zeroBytes: 1024 * MiB }]);
    expectRefused(await timedScan(tgz), 'FILE_TOO_LARGE', /big\.bin is 1024\.0 MB; the limit is 100\.0 MB/);
  }, 30_000);

  test('six files of 95 MiB of zeros (each under the file limit) are refused by their compression ratio', async () => {
    const files = [1, 2, 3, 4, 5, 6].map((n) => ({ path: `package/part-${n}.bin`, zeroBytes: 95 * MiB }));
    const tgz = await writeZeroBomb(workspace, [packageJson, ...files]);
    expectRefused(await timedScan(tgz), 'COMPRESSION_RATIO', /expands more than 100 times its compressed size .*the limit is a ratio of 100 past 10\.0 MB/);
  }, 30_000);

  test('the same files without a ratio limit stop at the total limit while streaming', async () => {
    const files = [1, 2, 3, 4, 5, 6].map((n) => ({ path: `package/part-${n}.bin`, zeroBytes: 95 * MiB }));
    const tgz = await writeZeroBomb(workspace, [packageJson, ...files]);
    // A lowered total keeps the disk writes small; the counting is the same as at 500 MB.
    const limits = { maxCompressionRatio: Number.POSITIVE_INFINITY, maxExpandedBytes: 40 * MiB };
    expectRefused(await timedScan(tgz, { limits }), 'EXPANDED_TOO_LARGE', /package expands to more than 40\.0 MB/);
  }, 30_000);

  test('50 MiB of zeros in a 50 KB tarball (under every size limit) is refused by its compression ratio', async () => {
    const tgz = await writeZeroBomb(workspace, [packageJson, { path: 'package/zeros.bin', zeroBytes: 50 * MiB }]);
    expectRefused(await timedScan(tgz), 'COMPRESSION_RATIO', /expands more than 100 times/);
  }, 30_000);

  test('1 GiB of zeros after the end of the archive is refused by its compression ratio', async () => {
    const tgz = await writeZeroBomb(workspace, [packageJson, { path: 'package/index.js', body: 'module.exports = 1;\n' }, { trailingZeroBytes: 1024 * MiB }]);
    expectRefused(await timedScan(tgz), 'COMPRESSION_RATIO', /expands more than 100 times/);
  }, 30_000);

  test('zeros after the end of the archive are skipped in linear time (node-tar re-buffered them quadratically)', async () => {
    const tgz = await writeZeroBomb(workspace, [packageJson, { path: 'package/index.js', body: 'module.exports = 1;\n' }, { trailingZeroBytes: 64 * MiB }]);
    const { report, ms } = await timedScan(tgz, { limits: { maxCompressionRatio: Number.POSITIVE_INFINITY } });
    expect(report.status).toBe('DONE');
    expect(report.files.map((file) => file.path)).toEqual(['index.js', 'package.json']);
    expect(ms).toBeLessThan(BOMB_BOUND_MS);
  }, 30_000);
});

describe('real-sized packages still scan', () => {
  test('a package with a 12 MB data file (past the ratio floor, compressing about 2:1)', async () => {
    const data = randomBytes(6 * MiB).toString('hex');
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = require("./data.json");\n', 'data.json': JSON.stringify(data) });
    const { report } = await timedScan(tgz);
    expect(report.status).toBe('DONE');
    if (report.status === 'DONE') expect(report.breakdown.stats.expandedBytes).toBeGreaterThan(12 * 1000 * 1000);
  }, 30_000);

  test('a small package of very repetitive text (a high ratio under the 10 MB floor)', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = 1;\n', 'fixtures.txt': 'a'.repeat(5 * MiB) });
    const { report } = await timedScan(tgz);
    expect(report.status).toBe('DONE');
  }, 30_000);
});
