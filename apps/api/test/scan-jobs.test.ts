/**
 * Quality scans as jobs: a submission's PENDING report is claimed, scanned by the real scanner
 * and stored with its findings; the submission gets the score, the critical flag and the
 * CRITICAL_FINDING queue reason; failures are stored with their reason; a re-scan queues once.
 */
import { mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/platform/deps.ts';
import { claimNextScan, drainScans } from '../src/modules/moderation/scan-jobs.ts';
import { requestRescan } from '../src/modules/moderation/rescan.ts';
import { createTestUser, openTestDatabase, tempDir, testConfig, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';

let db: TestDatabase;
const dataDir = tempDir();
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

/** The services' deps: the test database, the real clock, `dataDir` as the data folder. */
const deps = () => testDeps(db, { config: testConfig({ dataDir }) });

/** A pending submission whose version's tarball is `tgz`, with a PENDING report. */
async function submissionWithPackage(files: (name: string) => Record<string, string>) {
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  const submission = await createSubmission(db.prisma, plugin, { queueReasons: ['NEW_VERSION'] });
  const tarballPath = `packages/${plugin.id}/test.tgz`;
  await mkdir(path.join(dataDir, `packages/${plugin.id}`), { recursive: true });
  await copyFile(await buildPackage(files(plugin.name)), path.join(dataDir, tarballPath));
  await db.prisma.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { tarballPath } });
  const report = await db.prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } });
  return { submission, report };
}

describe('scan jobs', () => {
  it('scans a package with eval into a DONE report with findings and flags the submission', async () => {
    const { submission, report } = await submissionWithPackage((name) => ({
      'package.json': manifestOf(name, '1.0.0', { scripts: { postinstall: 'node setup.js' } }),
      'index.js': "module.exports = (code) => eval(code);\n",
      'setup.js': "console.log('hi');\n",
    }));
    expect(await drainScans(deps(), { workerId: 'worker-a' })).toBeGreaterThanOrEqual(1);
    const stored = await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id }, include: { findings: true } });
    expect(stored.status).toBe('DONE');
    expect(stored.attempts).toBe(1);
    expect(stored.score).toBe(Math.round(0.25 * stored.lintScore! + 0.25 * stored.typesScore! + 0.35 * stored.testsScore! + 0.15 * stored.docsScore!));
    const evalFinding = stored.findings.find((f) => f.file === 'index.js' && f.line === 1);
    expect(evalFinding).toBeDefined();
    expect(evalFinding!.snippet).toContain('eval(code)');
    expect(stored.findings.some((f) => f.file === 'package.json')).toBe(true);
    const updated = await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(updated.reportStatus).toBe('DONE');
    expect(updated.qualityScore).toBe(stored.score);
    expect(updated.hasCriticalFindings).toBe(stored.hasCriticalFindings);
    if (stored.hasCriticalFindings) expect(updated.queueReasons).toContain('CRITICAL_FINDING');
  });

  it('stores a failed scan with its reason (package.json is not JSON)', async () => {
    const { submission, report } = await submissionWithPackage(() => ({ 'package.json': '{ not json', 'index.js': '1;\n' }));
    await drainScans(deps(), { workerId: 'worker-a' });
    const stored = await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(stored.status).toBe('FAILED');
    expect(stored.failureReason).toMatch(/package\.json/);
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).reportStatus).toBe('FAILED');
  });

  it('fails a report whose version has no tarball', async () => {
    const creator = await createCreator(db.prisma);
    const submission = await createSubmission(db.prisma, await createPlugin(db.prisma, creator.id));
    const report = await db.prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } });
    await drainScans(deps(), { workerId: 'worker-a' });
    expect(await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ status: 'FAILED', failureReason: 'The plugin version has no uploaded tarball' });
  });

  it('re-scans on request once, and re-claims a RUNNING scan whose lock expired', async () => {
    const { submission } = await submissionWithPackage((name) => ({ 'package.json': manifestOf(name, '1.0.0'), 'index.js': 'module.exports = 1;\n' }));
    await drainScans(deps(), { workerId: 'worker-a' });
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    const actor = { userId: moderator.id, email: moderator.email, requestId: 'r', ip: null };
    expect(await requestRescan(deps(), { actor, submissionId: submission.id })).toEqual({ isQueued: true });
    expect(await requestRescan(deps(), { actor, submissionId: submission.id })).toEqual({ isQueued: false });
    const claimed = await claimNextScan(deps(), { workerId: 'crashed-worker' });
    expect(claimed?.submissionId).toBe(submission.id);
    expect(await claimNextScan(deps(), { workerId: 'other-worker' })).toBeNull(); // locked while running
    const afterLock = new Date(Date.now() + 10 * 60 * 1000);
    const reclaimed = await claimNextScan({ ...deps(), clock: fixedClock(afterLock) }, { workerId: 'other-worker' });
    expect(reclaimed).toMatchObject({ id: claimed!.id, attempts: 2 });
  });

  it('fails, without scanning it, a report whose 3 attempts never finished (their processes died)', async () => {
    const { submission, report } = await submissionWithPackage((name) => ({ 'package.json': manifestOf(name, '1.0.0'), 'index.js': 'module.exports = (code) => eval(code);\n' }));
    // As three processes that claimed it and died leave it: RUNNING, its last lease lapsed.
    await db.prisma.qualityReport.update({ where: { id: report.id }, data: { status: 'RUNNING', attempts: 3, lockedBy: 'dead-worker', lockedUntil: new Date(Date.now() - 1000) } });
    await drainScans(deps(), { workerId: 'worker-a' });
    const stored = await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id }, include: { findings: true } });
    expect(stored).toMatchObject({ status: 'FAILED', attempts: 4, lockedBy: null, score: null });
    expect(stored.failureReason).toMatch(/3 attempts did not finish/);
    expect(stored.findings).toEqual([]);
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).reportStatus).toBe('FAILED');
  });
});
