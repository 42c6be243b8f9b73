/**
 * Real packages in the review queue: the most-downloaded catalog plugins' published versions,
 * fetched from the npm registry with `npm pack` (cached in `<dataDir>/npm-packages`, so later
 * runs and machines without the registry reuse them) and queued for re-review with the
 * MANUAL_FLAG reason. When the registry does not answer, the plugin is skipped and said so.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { addBusinessDays, REVIEW_DUE_BUSINESS_DAYS } from '@marketdesk/shared';
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import { packNpmPackageCached } from '../../apps/api/src/modules/moderation/index.ts';

export interface RealPackageOptions {
  dataDir: string;
  /** How many plugins to fetch (default 4). */
  count?: number;
  now?: Date;
  log?: (message: string) => void;
}

/** @returns submissions created, and the plugins skipped with npm's reason. */
export async function seedRealPackageReviews(prisma: PrismaClient, options: RealPackageOptions) {
  const now = options.now ?? new Date();
  const candidates = await prisma.pluginVersion.findMany({
    where: { status: 'PUBLISHED', submission: null, plugin: { status: 'PUBLISHED' } },
    orderBy: [{ plugin: { monthlyDownloads: 'desc' } }, { plugin: { name: 'asc' } }],
    take: options.count ?? 4,
    select: { id: true, version: true, plugin: { select: { id: true, name: true, creatorId: true } } },
  });
  let created = 0;
  const skipped: string[] = [];
  for (const candidate of candidates) {
    const spec = `${candidate.plugin.name}@${candidate.version}`;
    let tarball: string;
    try {
      tarball = await packNpmPackageCached(spec, path.join(options.dataDir, 'npm-packages'), { timeoutMs: 45_000 });
    } catch (error) {
      skipped.push(`${spec}: ${(error as Error).message}`);
      continue;
    }
    const tarballPath = `packages/${candidate.plugin.id}/${path.basename(tarball)}`;
    await mkdir(path.join(options.dataDir, 'packages', candidate.plugin.id), { recursive: true });
    await copyFile(tarball, path.join(options.dataDir, tarballPath));
    const bytes = await readFile(tarball);
    await prisma.$transaction(async (tx) => {
      await tx.pluginVersion.update({
        where: { id: candidate.id },
        data: { tarballPath, sizeBytes: (await stat(tarball)).size, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}` },
      });
      const submission = await tx.submission.create({
        data: {
          pluginVersionId: candidate.id, pluginId: candidate.plugin.id, creatorId: candidate.plugin.creatorId, submittedAt: now,
          queueReasons: ['MANUAL_FLAG'], dueAt: addBusinessDays(now, REVIEW_DUE_BUSINESS_DAYS), reportStatus: 'PENDING',
        },
      });
      await tx.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: candidate.id } });
    });
    created += 1;
  }
  for (const line of skipped) options.log?.(`real package skipped: ${line}`);
  return { created, skipped };
}
