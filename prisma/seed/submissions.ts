/**
 * Review-queue data: submissions in every state for catalog plugins, each with a package the
 * seed builds (one per scanner rule, see sample-packages.ts) and a quality report produced by
 * the real scanner. Decisions go through the moderation services (claims, decisions, audit,
 * notifications) as the demo moderator. Idempotent: a plugin version that exists is skipped.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { addBusinessDays } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { claimSubmission } from '../../apps/api/src/modules/moderation/index.ts';
import { decideSubmission } from '../../apps/api/src/modules/moderation/index.ts';
import { drainScans } from '../../apps/api/src/modules/moderation/index.ts';
import { fixedClock, systemClock } from '../../apps/api/src/platform/deps.ts';
import { readManifest } from '../../apps/api/src/modules/moderation/index.ts';
import { DEMO_ACCOUNTS } from './staff.ts';
import { packSample, SAMPLE_PACKAGES } from './sample-packages.ts';
import { SEEDED_FOLLOW_UP_VERSIONS, seedFollowUpVersion } from './follow-up-versions.ts';
import { seedRealPackageReviews } from './real-packages.ts';
import type { TableCount } from './types.ts';

type Plan = 'overdue' | 'due-soon' | 'fresh' | 'changes-requested' | 'approved' | 'rejected';
const PLANS: readonly Plan[] = ['overdue', 'due-soon', 'fresh', 'changes-requested', 'approved', 'rejected'];
/** Submissions the seed makes: every sample package in every state at least once, and a follow-up version of an approved one. */
export const SEEDED_SUBMISSIONS = SAMPLE_PACKAGES.length * PLANS.length + SEEDED_FOLLOW_UP_VERSIONS;
/** One plugin per planned submission (the follow-up is a second version of one of them). */
const PLANNED_SUBMISSIONS = SAMPLE_PACKAGES.length * PLANS.length;
const DAY_MS = 24 * 3600 * 1000;

export interface SubmissionSeedOptions {
  dataDir: string;
  now?: Date;
  log?: (message: string) => void;
  /** Also queue real catalog packages fetched with `npm pack` (default true). */
  isFetchingRealPackages?: boolean;
}

/** Seeds the review queue; returns submissions created/existing and how many scans ran. */
export async function seedSubmissions(prisma: PrismaClient, options: SubmissionSeedOptions): Promise<TableCount & { scanned: number }> {
  const now = options.now ?? new Date();
  const moderator = await prisma.user.findUnique({ where: { email: DEMO_ACCOUNTS.find((a) => a.role === 'MODERATOR')!.email } });
  if (!moderator) throw new Error('seed the demo accounts before submissions');
  const actor = { userId: moderator.id, email: moderator.email, requestId: 'seed', ip: null };
  // The demo moderator claims and decides at the story's `now`.
  const moderation = { prisma, clock: fixedClock(now) };
  const reasons = await prisma.decisionReason.findMany({ orderBy: { code: 'asc' } });
  const plugins = await pickPlugins(prisma, PLANNED_SUBMISSIONS);
  let created = 0;
  let existing = 0;
  for (const [i, plugin] of plugins.entries()) {
    const sample = SAMPLE_PACKAGES[i % SAMPLE_PACKAGES.length]!;
    const plan = PLANS[Math.floor(i / SAMPLE_PACKAGES.length) % PLANS.length]!;
    const version = `${plugin.versions[0]?.version.split(/[-+]/)[0] ?? '1.0.0'}-review.${i + 1}`;
    // The approved well-kept sample gets a second version, for the review page's Changes tab.
    const seedFollowUp = async () => {
      if (plan !== 'approved' || sample.kind !== 'well-kept') return;
      if (await seedFollowUpVersion(prisma, { plugin, approvedVersion: version, dataDir: options.dataDir, now })) created += 1;
      else existing += 1;
    };
    if (await prisma.pluginVersion.findUnique({ where: { pluginId_version: { pluginId: plugin.id, version } } })) {
      existing += 1;
      await seedFollowUp();
      continue;
    }
    const tarballPath = `packages/${plugin.id}/${version}-seed.tgz`;
    const file = path.join(options.dataDir, tarballPath);
    await packSample(sample, plugin.name, version, file);
    const submittedAt = submittedAtFor(plan, now, i);
    const pluginVersion = await prisma.pluginVersion.create({
      data: {
        pluginId: plugin.id, version, tarballPath, sizeBytes: (await stat(file)).size, integrity: `sha512-${createHash('sha512').update(await readFile(file)).digest('base64')}`, createdAt: submittedAt,
        // Read from the tarball as an upload's is, so the review page shows the package's metadata.
        manifest: (await readManifest(file)) as Prisma.InputJsonValue,
      },
    });
    const submission = await prisma.submission.create({
      data: {
        pluginVersionId: pluginVersion.id, pluginId: plugin.id, creatorId: plugin.creatorId, submittedAt, reportStatus: 'PENDING',
        queueReasons: ['NEW_VERSION', ...(i % 7 === 3 ? (['MANUAL_FLAG'] as const) : [])], dueAt: addBusinessDays(submittedAt, 3),
      },
    });
    await prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: pluginVersion.id, createdAt: submittedAt } });
    if (plan === 'changes-requested' || plan === 'approved' || plan === 'rejected') {
      await claimSubmission(moderation, { actor, submissionId: submission.id });
      const reason = reasons.find((r) => r.appliesTo === (plan === 'rejected' ? 'REJECT' : 'REQUEST_CHANGES'));
      const kind = plan === 'approved' ? 'APPROVE' : plan === 'rejected' ? 'REJECT' : 'REQUEST_CHANGES';
      await decideSubmission(moderation, { actor, kind, submissionId: submission.id, version: 1, reasonId: kind === 'APPROVE' ? undefined : reason?.id, message: kind === 'APPROVE' ? 'Approved — thank you!' : (reason?.cannedResponse ?? 'Please fix the findings.') });
    }
    created += 1;
    await seedFollowUp();
  }
  const real = options.isFetchingRealPackages === false ? { created: 0 } : await seedRealPackageReviews(prisma, { dataDir: options.dataDir, now, log: options.log });
  created += real.created;
  options.log?.(`submissions: ${created} created (${real.created} of real npm packages), ${existing} existing; scanning packages…`);
  // Scans run on the real clock (their locks and finish times are the worker's, not the story's).
  const scanned = await drainScans({ prisma, clock: systemClock, config: { dataDir: options.dataDir } }, { workerId: 'seed' });
  return { created, existing, scanned };
}

function submittedAtFor(plan: Plan, now: Date, i: number): Date {
  const hours = (i % 5) * 3600 * 1000;
  if (plan === 'overdue') return new Date(now.getTime() - 7 * DAY_MS - hours);
  if (plan === 'due-soon') return new Date(now.getTime() - 2 * DAY_MS - hours);
  return new Date(now.getTime() - hours - 60_000);
}

/** Half the demo creator's plugins (so the creator sees decisions), half other creators', by name, alternating. */
async function pickPlugins(prisma: PrismaClient, count: number) {
  const select = { id: true, name: true, creatorId: true, versions: { select: { version: true }, take: 1 } } as const;
  const demoCreator = await prisma.creatorAccount.findFirst({ where: { user: { email: DEMO_ACCOUNTS.find((a) => a.role === 'CREATOR')!.email } }, select: { id: true } });
  const own = demoCreator ? await prisma.plugin.findMany({ where: { creatorId: demoCreator.id }, orderBy: { name: 'asc' }, take: Math.ceil(count / 2), select }) : [];
  const others = await prisma.plugin.findMany({ where: { creatorId: { not: demoCreator?.id ?? '' } }, orderBy: { name: 'asc' }, take: count - own.length, select });
  // Interleaved, so every sample kind and state reaches both the demo creator and others.
  const interleaved = own.flatMap((plugin, i) => (others[i] ? [plugin, others[i]] : [plugin]));
  return [...interleaved, ...others.slice(own.length)].slice(0, count);
}
