/**
 * A second version of a plugin whose first version the seed approved, so the review page's
 * Changes tab has something to compare in a fresh database: the well-kept sample, approved, is
 * followed by a version that adds cloud detection (a call to the cloud metadata address: a
 * CRITICAL finding, so approving it asks for an override reason), changes its types and
 * changelog, and drops its example. Idempotent like the rest of the review seed.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { addBusinessDays } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { readManifest } from '../../apps/api/src/modules/moderation/index.ts';
import { packSample, SAMPLE_PACKAGES, type SamplePackage } from './sample-packages.ts';

/** Follow-up versions the seed makes (one). */
export const SEEDED_FOLLOW_UP_VERSIONS = 1;

const WELL_KEPT = SAMPLE_PACKAGES.find((sample) => sample.kind === 'well-kept')!;
const { 'examples/basic.js': _droppedExample, ...KEPT_FILES } = WELL_KEPT.files;

/** The well-kept sample's next version. */
export const FOLLOW_UP_SAMPLE: SamplePackage = {
  kind: 'well-kept',
  manifest: WELL_KEPT.manifest,
  files: {
    ...KEPT_FILES,
    'index.js': "'use strict';\n\nconst os = require('os');\n\n/** Runs the plugin. */\nfunction run(options = {}) {\n  return { ok: true, verbose: Boolean(options.verbose), host: os.hostname() };\n}\n\n/** Detects the cloud the plugin runs in, for its usage report. */\nasync function detectCloud() {\n  const response = await fetch('http://169.254.169.254/latest/meta-data/');\n  return response.ok ? 'aws' : null;\n}\n\nmodule.exports = { run, detectCloud };\n",
    'index.d.ts': "export interface RunOptions { verbose?: boolean }\nexport declare function run(options?: RunOptions): { ok: boolean; verbose: boolean; host: string };\nexport declare function detectCloud(): Promise<'aws' | null>;\n",
    'CHANGELOG.md': '# Changelog\n\n## 1.1.0\n\n- Reports the host name and detects the cloud the plugin runs in.\n- The example moved to the README.\n\n## 1.0.0\n\n- First release.\n',
  },
};

/**
 * Submits `FOLLOW_UP_SAMPLE` as version `<approvedVersion>.next` of `plugin` (whose approved
 * submission is `approvedVersion`), pending and unscanned (the seed's scan pass reads it), at
 * `now` minus 30 minutes, so it follows the approval. Returns whether it was created.
 */
export async function seedFollowUpVersion(
  prisma: PrismaClient,
  { plugin, approvedVersion, dataDir, now }: { plugin: { id: string; name: string; creatorId: string }; approvedVersion: string; dataDir: string; now: Date },
): Promise<boolean> {
  const version = `${approvedVersion}.next`;
  if (await prisma.pluginVersion.findUnique({ where: { pluginId_version: { pluginId: plugin.id, version } } })) return false;
  const tarballPath = `packages/${plugin.id}/${version}-seed.tgz`;
  const file = path.join(dataDir, tarballPath);
  await packSample(FOLLOW_UP_SAMPLE, plugin.name, version, file);
  const submittedAt = new Date(now.getTime() - 30 * 60_000);
  const pluginVersion = await prisma.pluginVersion.create({
    data: {
      pluginId: plugin.id, version, tarballPath, sizeBytes: (await stat(file)).size, integrity: `sha512-${createHash('sha512').update(await readFile(file)).digest('base64')}`, createdAt: submittedAt,
      manifest: (await readManifest(file)) as Prisma.InputJsonValue,
    },
  });
  const submission = await prisma.submission.create({
    data: { pluginVersionId: pluginVersion.id, pluginId: plugin.id, creatorId: plugin.creatorId, submittedAt, reportStatus: 'PENDING', queueReasons: ['NEW_VERSION'], dueAt: addBusinessDays(submittedAt, 3) },
  });
  await prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: pluginVersion.id, createdAt: submittedAt } });
  return true;
}
