/**
 * A submission's declared entitlements and metrics end to end: the scan job compares the
 * package's `marketdesk` declaration with the plugin's tiers (stored findings), keeps the
 * declaration in the report's breakdown JSON, and the submission detail (the review page's
 * `queue.get`, the creator's own view) shows it beside the tiers.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubmissionDetail } from '../src/modules/moderation/read-submissions.ts';
import { drainScans } from '../src/modules/moderation/scan-jobs.ts';
import { openTestDatabase, tempDir, testConfig, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';

let db: TestDatabase;
const dataDir = tempDir();
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

const deps = () => testDeps(db, { config: testConfig({ dataDir }) });

/** A plugin with a free and a pro tier, and a submission of a package with `manifestFields`, scanned. */
async function scannedSubmission(manifestFields: Record<string, unknown>, { hasTiers = true } = {}) {
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  if (hasTiers) {
    await db.prisma.pluginTier.createMany({
      data: [
        { pluginId: plugin.id, key: 'free', name: 'Free', priceAmount: 0, entitlements: ['plugin.use'], quotas: [{ metric: 'api_calls', included: 100, isHard: true, overageUnitAmount: 0 }], sortOrder: 0 },
        { pluginId: plugin.id, key: 'pro', name: 'Pro', priceAmount: 1500, entitlements: ['plugin.use', 'team-sync'], quotas: [{ metric: 'api_calls', included: 10_000, isHard: false, overageUnitAmount: 2 }, { metric: 'exports', included: 50, isHard: true, overageUnitAmount: 0 }], sortOrder: 1 },
      ],
    });
  }
  const submission = await createSubmission(db.prisma, plugin, { queueReasons: ['NEW_VERSION'] });
  const tarballPath = `packages/${plugin.id}/test.tgz`;
  await mkdir(path.join(dataDir, `packages/${plugin.id}`), { recursive: true });
  await copyFile(await buildPackage({ 'package.json': manifestOf(plugin.name, '1.0.0', manifestFields), 'index.js': 'module.exports = 1;\n' }), path.join(dataDir, tarballPath));
  await db.prisma.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { tarballPath } });
  const report = await db.prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } });
  await drainScans(deps(), { workerId: 'worker-licensing' });
  return { creator, plugin, submission, report };
}

describe('declared licensing through the scan job and the submission detail', () => {
  it('stores the mismatch findings and shows the declaration beside the tiers', async () => {
    const { creator, submission, report } = await scannedSubmission({ marketdesk: { entitlements: ['plugin.use', 'offline'], metrics: ['api_calls'] } });
    const stored = await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id }, include: { findings: { where: { ruleId: { startsWith: 'licensing/' } }, orderBy: { severity: 'desc' } } } });
    expect(stored.status).toBe('DONE');
    expect(stored.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual(expect.arrayContaining([
      ['licensing/undeclared', 'MEDIUM', 'tier pro sells the entitlement team-sync but the package never checks it (not in marketdesk.entitlements).'],
      ['licensing/undeclared', 'MEDIUM', 'tier pro sells the metric exports but the package never reports it (not in marketdesk.metrics).'],
      ['licensing/unsold', 'INFO', 'The package declares the entitlement offline (marketdesk.entitlements) but no tier of the plugin sells it.'],
    ]));
    expect(stored.findings).toHaveLength(3);
    expect((stored.breakdown as { declared: unknown }).declared).toEqual({ entitlements: ['plugin.use', 'offline'], metrics: ['api_calls'] });

    const expected = {
      declared: { entitlements: ['plugin.use', 'offline'], metrics: ['api_calls'] },
      tiers: [
        { key: 'free', name: 'Free', entitlements: ['plugin.use'], metrics: ['api_calls'] },
        { key: 'pro', name: 'Pro', entitlements: ['plugin.use', 'team-sync'], metrics: ['api_calls', 'exports'] },
      ],
    };
    const detail = await getSubmissionDetail(deps(), { submissionId: submission.id });
    expect(detail.licensing).toEqual(expected);
    expect(detail.plugin).toEqual({ id: submission.pluginId, name: expect.any(String) });
    expect((await getSubmissionDetail(deps(), { submissionId: submission.id, creatorId: creator.id })).licensing).toEqual(expected);
  });

  it('a plugin without tiers and a package without a declaration: nothing declared, no tier, no licensing finding', async () => {
    const { submission, report } = await scannedSubmission({}, { hasTiers: false });
    expect(await db.prisma.qualityFinding.count({ where: { reportId: report.id, ruleId: { startsWith: 'licensing/' } } })).toBe(0);
    expect((await getSubmissionDetail(deps(), { submissionId: submission.id })).licensing).toEqual({ declared: null, tiers: [] });
  });

  it('a malformed declaration is a finding naming the field, and the scan is DONE', async () => {
    const { submission, report } = await scannedSubmission({ marketdesk: { entitlements: 'team-sync', metrics: ['api_calls', 'exports'] } });
    const stored = await db.prisma.qualityReport.findUniqueOrThrow({ where: { id: report.id }, include: { findings: { where: { ruleId: 'licensing/declaration-invalid' } } } });
    expect(stored.status).toBe('DONE');
    expect(stored.findings.map((f) => [f.severity, f.message])).toEqual([['LOW', 'marketdesk.entitlements: must be an array of strings; it is left out of the declaration.']]);
    expect((await getSubmissionDetail(deps(), { submissionId: submission.id })).licensing.declared).toEqual({ entitlements: [], metrics: ['api_calls', 'exports'] });
  });
});
