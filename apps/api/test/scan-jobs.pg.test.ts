/** Two scanner workers (two connection pools, as two API processes), each running several claim loops at once, drain one queue: each package is scanned exactly once. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { drainScans } from '../src/modules/moderation/scan-jobs.ts';
import { systemClock } from '../src/platform/deps.ts';
import { openTestDatabase, tempDir, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';

let db: TestDatabase;
let secondProcess: Database;
const dataDir = tempDir();
beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  secondProcess = await openDatabase({ databaseUrl: db.url, dataDir });
});
afterAll(async () => {
  await secondProcess?.close();
  await db?.close();
});

it('two workers, one with 3 claim loops and one with as many as its scan pool has threads, scan each of 8 packages exactly once', async () => {
  const creator = await createCreator(db.prisma);
  const reportIds: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const plugin = await createPlugin(db.prisma, creator.id);
    const submission = await createSubmission(db.prisma, plugin);
    const tarballPath = `packages/${plugin.id}/p.tgz`;
    await mkdir(path.join(dataDir, `packages/${plugin.id}`), { recursive: true });
    await copyFile(await buildPackage({ 'package.json': manifestOf(plugin.name, '1.0.0'), 'index.js': `module.exports = ${i};\n` }), path.join(dataDir, tarballPath));
    await db.prisma.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { tarballPath } });
    reportIds.push((await db.prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } })).id);
  }
  const deps = (prisma: Database['prisma']) => ({ prisma, clock: systemClock, config: { dataDir } });
  const [a, b] = await Promise.all([drainScans(deps(db.prisma), { workerId: 'worker-a', concurrency: 3 }), drainScans(deps(secondProcess.prisma), { workerId: 'worker-b' })]);
  expect(a + b).toBe(8);
  const reports = await db.prisma.qualityReport.findMany({ where: { id: { in: reportIds } } });
  expect(reports.map((r) => [r.status, r.attempts])).toEqual(reportIds.map(() => ['DONE', 1]));
  expect(reports.every((r) => r.lockedBy === null && r.finishedAt !== null)).toBe(true);
});
