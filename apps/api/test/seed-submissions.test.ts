/**
 * The review-queue seed on embedded PGlite: submissions in every state, each sample package
 * scanned by the real scanner, every scanner rule firing on the package built for it, the
 * demo creator owning some, and a second run adding nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../prisma/seed/index.ts';
import { SEEDED_SUBMISSIONS } from '../../../prisma/seed/submissions.ts';
import { SEEDED_FOLLOW_UP_VERSIONS } from '../../../prisma/seed/follow-up-versions.ts';
import { seedRealPackageReviews } from '../../../prisma/seed/real-packages.ts';
import { drainScans } from '../src/modules/moderation/scan-jobs.ts';
import { diffPackageVersions } from '../src/modules/moderation/diff-package-versions.ts';
import { systemClock } from '../src/platform/deps.ts';
import { openTestDatabase, tempDir, type TestDatabase } from './harness.ts';

let db: TestDatabase;
const dataDir = tempDir();
beforeAll(async () => {
  db = await openTestDatabase({ target: 'pglite' });
  await seedDatabase(db.prisma, { dataDir, isFetchingRealPackages: false });
}, 300_000);
afterAll(async () => db?.close());

/** Submissions of the plan (every sample in every state), without the follow-up version. */
const PLANNED = SEEDED_SUBMISSIONS - SEEDED_FOLLOW_UP_VERSIONS;

describe('review queue seed', () => {
  it('makes submissions in every state, all scanned', async () => {
    expect(await db.prisma.submission.count()).toBe(SEEDED_SUBMISSIONS);
    const byStatus = await db.prisma.submission.groupBy({ by: ['status'], _count: true });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count]))).toEqual({
      PENDING: PLANNED / 2 + SEEDED_FOLLOW_UP_VERSIONS,
      CHANGES_REQUESTED: PLANNED / 6,
      APPROVED: PLANNED / 6,
      REJECTED: PLANNED / 6,
    });
    const reports = await db.prisma.qualityReport.groupBy({ by: ['status'], _count: true });
    expect(reports).toEqual([{ status: 'DONE', _count: SEEDED_SUBMISSIONS }]);
    expect(await db.prisma.submission.count({ where: { status: 'PENDING', dueAt: { lt: new Date() } } })).toBeGreaterThan(0);
    expect(await db.prisma.submission.count({ where: { status: 'PENDING', hasCriticalFindings: true, dueAt: { lt: new Date() } } })).toBeGreaterThan(0);
  });

  it('fires every scanner rule on the package built for it', async () => {
    const rules = (await db.prisma.qualityFinding.findMany({ distinct: ['ruleId'], select: { ruleId: true } })).map((r) => r.ruleId).sort();
    for (const expected of ['security/eval', 'security/new-function', 'security/child-process', 'security/dynamic-require', 'security/literal-ip', 'security/install-script', 'secret/aws', 'secret/privatekey']) {
      expect(rules).toContain(expected);
    }
    expect(rules.some((r) => /obfusc|minif/.test(r))).toBe(true);
    const secrets = await db.prisma.qualityFinding.findMany({ where: { ruleId: { startsWith: 'secret/' } } });
    expect(JSON.stringify(secrets)).not.toMatch(/AKIAZ7QF4V3XK2L9MNPA|q8Zt3vLk9PxR2mW7nB4cY6dH1sJ5fG0aE8uT3oVi|MIIEowIBAAKCAQEA/);
  });

  it('gives the demo creator decided submissions with messages and notifications', async () => {
    const creator = await db.prisma.creatorAccount.findFirstOrThrow({ where: { user: { email: 'creator@marketdesk.test' } } });
    const own = await db.prisma.submission.findMany({ where: { creatorId: creator.id }, select: { status: true } });
    expect(new Set(own.map((s) => s.status))).toEqual(new Set(['PENDING', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED']));
    expect(await db.prisma.notification.count({ where: { creatorId: creator.id } })).toBeGreaterThan(0);
    expect(await db.prisma.reviewDecision.count({ where: { kind: 'REJECT', reasonId: { not: null } } })).toBe(PLANNED / 6);
  });

  it('follows an approved version with a pending one that has a critical finding, so the review page has changes to show', async () => {
    const followUp = await db.prisma.submission.findFirstOrThrow({ where: { pluginVersion: { version: { endsWith: '.next' } } }, select: { pluginId: true, status: true, hasCriticalFindings: true, submittedAt: true } });
    expect(followUp).toMatchObject({ status: 'PENDING', hasCriticalFindings: true });
    const approved = await db.prisma.submission.findFirstOrThrow({ where: { pluginId: followUp.pluginId, status: 'APPROVED' }, select: { submittedAt: true } });
    expect(approved.submittedAt.getTime()).toBeLessThan(followUp.submittedAt.getTime());
    const followUpId = (await db.prisma.submission.findFirstOrThrow({ where: { pluginVersion: { version: { endsWith: '.next' } } }, select: { id: true } })).id;
    const diff = await diffPackageVersions({ prisma: db.prisma, clock: systemClock, config: { dataDir } }, { submissionId: followUpId });
    expect(diff.base).not.toBeNull();
    expect(Object.fromEntries(diff.files.map((f) => [f.path, f.change]))).toMatchObject({ 'index.js': 'changed', 'index.d.ts': 'changed', 'CHANGELOG.md': 'changed', 'examples/basic.js': 'removed', 'LICENSE': 'unchanged' });
  });

  it('adds nothing when run again', async () => {
    const before = await db.prisma.submission.count();
    const summary = await seedDatabase(db.prisma, { dataDir, isFetchingRealPackages: false });
    expect(summary.tables.submissions).toEqual({ created: 0, existing: SEEDED_SUBMISSIONS, scanned: 0 });
    expect(await db.prisma.submission.count()).toBe(before);
  });

  it('queues a real catalog package fetched with npm pack, scanned like any other', async () => {
    const { created, skipped } = await seedRealPackageReviews(db.prisma, { dataDir, count: 1 });
    expect(skipped).toEqual([]); // the npm registry answers on these machines
    expect(created).toBe(1);
    await drainScans({ prisma: db.prisma, clock: systemClock, config: { dataDir } }, { workerId: 'test' });
    // The catalog's most downloaded plugin, at its published version.
    const submission = await db.prisma.submission.findFirstOrThrow({ where: { plugin: { name: 'postcss-selector-parser' } }, include: { pluginVersion: true, qualityReports: true } });
    expect(submission).toMatchObject({ status: 'PENDING', queueReasons: ['MANUAL_FLAG'], pluginVersion: { version: '7.2.1', status: 'PUBLISHED' } });
    expect(submission.qualityReports[0]).toMatchObject({ status: 'DONE' });
    expect((submission.qualityReports[0]!.breakdown as { files: unknown[] }).files.length).toBeGreaterThan(3);
  }, 120_000);
});
