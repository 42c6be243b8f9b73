/**
 * Review-queue data for the browser tests, made with the API's factories and services: creators
 * with plugins, submissions whose package the real scanner has read, and decision reasons.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createCreator, createDecisionReason, createPlugin, createSubmission, type SubmissionOptions } from '../../api/test/factories.ts';
import { buildPackage, manifestOf } from '../../api/test/packages.ts';
import { drainScans } from '../../api/src/modules/moderation/scan-jobs.ts';
import type { TestServer } from '../../api/test/harness.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Submitted this long ago, a submission is overdue whatever the weekday (3 business days ≤ 5 days). */
export const OVERDUE_SUBMITTED_AT = () => new Date(Date.now() - 8 * DAY_MS);

/** A package with an eval (HIGH) and a call to the cloud metadata address (CRITICAL). */
export const RISKY_FILES = (name: string, version: string) => ({
  'package.json': manifestOf(name, version, { scripts: { test: 'node --test' } }),
  'README.md': `# ${name}\n\nEvaluates expressions.\n`,
  'index.js': "'use strict';\nmodule.exports = (expression) => eval(expression);\nfetch('http://169.254.169.254/latest/meta-data/');\n",
});

/** A tidy package with nothing to flag. */
export const CLEAN_FILES = (name: string, version: string) => ({
  'package.json': manifestOf(name, version, { types: 'index.d.ts' }),
  'README.md': `# ${name}\n\nAdds numbers.\n`,
  'index.js': "'use strict';\n\nmodule.exports = function add(a, b) {\n  return a + b;\n};\n",
  'index.d.ts': 'export default function add(a: number, b: number): number;\n',
});

export async function createCreatorWithPlugins(server: TestServer, pluginCount: number, userId?: string) {
  const creator = await createCreator(server.db.prisma, userId);
  const plugins = [];
  for (let i = 0; i < pluginCount; i += 1) plugins.push(await createPlugin(server.db.prisma, creator.id));
  return { creator, plugins };
}

/**
 * A pending submission of `plugin` whose package holds `files(name, version)`, scanned by the real
 * scanner (the test server runs no workers, so the scan runs here).
 */
export async function createScannedSubmission(server: TestServer, plugin: { id: string; name: string; creatorId: string }, files: (name: string, version: string) => Record<string, string>, options: SubmissionOptions = {}) {
  const { prisma } = server.db;
  const dataDir = server.app.deps.config.dataDir;
  const submission = await createSubmission(prisma, plugin, options);
  const { version } = await prisma.pluginVersion.findUniqueOrThrow({ where: { id: submission.pluginVersionId } });
  const packageFiles = files(plugin.name, version);
  const tarballPath = `packages/${plugin.id}/${submission.id}.tgz`;
  await mkdir(path.join(dataDir, 'packages', plugin.id), { recursive: true });
  await copyFile(await buildPackage(packageFiles), path.join(dataDir, tarballPath));
  const { size } = await stat(path.join(dataDir, tarballPath));
  await prisma.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { tarballPath, sizeBytes: size, manifest: JSON.parse(packageFiles['package.json']!) } });
  await prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } });
  await prisma.submission.update({ where: { id: submission.id }, data: { reportStatus: 'PENDING' } });
  await drainScans(server.app.deps, { workerId: 'console-test' });
  return prisma.submission.findUniqueOrThrow({ where: { id: submission.id }, include: { pluginVersion: true } });
}

export async function createRejectReason(server: TestServer) {
  const reason = await createDecisionReason(server.db.prisma, 'REJECT');
  const cannedResponse = `Your package calls the cloud metadata address (${reason.code}); we cannot list it.`;
  return server.db.prisma.decisionReason.update({ where: { id: reason.id }, data: { cannedResponse } });
}
