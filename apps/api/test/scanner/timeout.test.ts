/**
 * A scan past its time limit ends FAILED, kills what it started, and still removes its folder.
 * The linter is replaced by a stand-in that never answers (a fake command, not a module mock).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyzeInWorker } from '../../src/modules/moderation/scanner/analyze-in-worker.ts';
import { ScanError } from '../../src/modules/moderation/scanner/scan-error.ts';
import { readScanPoolState, scanPoolThreads } from '../../src/modules/moderation/scanner/scan-pool.ts';
import { scanPackage } from '../../src/modules/moderation/scanner/scan-package.ts';
import { buildTarball, createWorkspace, manifest, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a linter that hangs is killed and the scan FAILS with TIMEOUT at its limit', async () => {
  const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = 1;\n' });
  const pidFile = join(workspace.root, 'hanging-linter.pid');
  // `exec` keeps the pid: the recorded pid is the sleeping process itself.
  const hangingLinter = { file: '/bin/sh', args: ['-c', `echo $$ > '${pidFile}'; exec sleep 60`, 'hanging-linter'] };

  const started = performance.now();
  const report = await scanPackage(tgz, { timeoutMs: 1_500, tmpDir: workspace.scans, lintCommand: hangingLinter });
  const elapsed = performance.now() - started;

  expect(report).toMatchObject({ status: 'FAILED', failureCode: 'TIMEOUT', failureReason: 'the scan ran past its 1.5 s limit and was stopped' });
  expect(elapsed).toBeGreaterThanOrEqual(1_400); // not before its limit
  expect(existsSync(pidFile)).toBe(true);
  expect(isAlive(Number(await readFile(pidFile, 'utf8')))).toBe(false);
  expect(await workspace.leftoverScanFolders()).toEqual([]);
});

test('a limit shorter than the unpacking stops the scan during the unpacking', async () => {
  const files: Record<string, string> = { 'package.json': manifest() };
  for (let i = 0; i < 300; i += 1) files[`lib/file-${i}.js`] = `module.exports = ${i};\n`;
  const report = await scanPackage(await buildTarball(workspace, files), { timeoutMs: 1, tmpDir: workspace.scans });
  expect(report).toMatchObject({ status: 'FAILED', failureCode: 'TIMEOUT' });
  expect(await workspace.leftoverScanFolders()).toEqual([]);
});

test('a linter that crashes fails the scan with its reason, and the analysis beside it is stopped', async () => {
  const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = 1;\n' });
  const crashingLinter = { file: '/bin/sh', args: ['-c', 'echo "linter exploded" >&2; exit 3', 'crashing-linter'] };
  const report = await scanPackage(tgz, { tmpDir: workspace.scans, lintCommand: crashingLinter });
  expect(report).toMatchObject({ status: 'FAILED', failureCode: 'LINTER_FAILED', failureReason: 'oxlint failed (exit code 3): linter exploded' });
  expect(await workspace.leftoverScanFolders()).toEqual([]);
});

test('the same package scans DONE within a normal limit', async () => {
  const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = 1;\n' });
  const report = await scanPackage(tgz, { timeoutMs: 30_000, tmpDir: workspace.scans });
  expect(report.status).toBe('DONE');
});

test('an analysis still running at the limit is stopped by terminating its thread, only that one, and the next scan works', async () => {
  // The pool is open (the scans above ran); its threads before the abort.
  const before = readScanPoolState().threadIds;
  const root = join(workspace.root, 'big-package');
  await mkdir(root, { recursive: true });
  const source = `module.exports = [${Array.from({ length: 400_000 }, (_, i) => `eval(x${i})`).join(',\n')}];\n`;
  await writeFile(join(root, 'index.js'), source);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new ScanError('TIMEOUT', 'stopped by the test')), 300);

  await expect(analyzeInWorker({ root, files: [{ path: 'index.js', size: source.length }] }, controller.signal)).rejects.toMatchObject({ code: 'TIMEOUT' });

  // One slice, one thread: that thread was terminated and replaced, the others kept.
  const after = readScanPoolState().threadIds;
  expect(before.length).toBe(scanPoolThreads());
  expect(after.length).toBe(scanPoolThreads());
  expect(after.filter((id) => before.includes(id))).toHaveLength(before.length - 1);
  const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = eval(process.argv[2]);\n' });
  const report = await scanPackage(tgz, { tmpDir: workspace.scans });
  expect(report.status).toBe('DONE');
  expect(report.findings.map((finding) => finding.ruleId)).toContain('security/eval');
});
