/**
 * A creator submits a new version of one of their plugins from an upload: the plugin version
 * (IN_REVIEW), its submission (due in 3 business days, queued as a new plugin or a new
 * version) and a PENDING quality report that the scanner picks up.
 */
import { addBusinessDays, AppError, REVIEW_DUE_BUSINESS_DAYS } from '@marketdesk/shared';
import { Prisma } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { PackageDeps } from './deps.ts';
import { keepUpload, readUpload, restoreUpload } from './uploads.ts';

export interface CreateSubmissionInput {
  /** The creator's user, who made the upload (audited as the submitter). */
  actor: Actor;
  /** The creator account the plugin must belong to. */
  creatorId: string;
  pluginId: string;
  /** An upload of `actor`'s from `POST /uploads/package`. */
  uploadId: string;
}

/**
 * Submits upload `uploadId` as a new version of plugin `pluginId`: its tarball moves under
 * `<deps.config.dataDir>/packages/`, the submission is dated `deps.clock.now()` and due 3
 * business days later.
 * @returns the created Submission row.
 * @throws AppError NOT_FOUND (plugin not the creator's, or upload unknown); INVALID_INPUT
 *   (field "uploadId") when the package's name is not the plugin's; CONFLICT when that
 *   version was already submitted.
 */
export async function createSubmission(deps: PackageDeps, { actor, creatorId, ...input }: CreateSubmissionInput) {
  const { prisma } = deps;
  const { dataDir } = deps.config;
  const now = deps.clock.now();
  const plugin = await prisma.plugin.findFirst({
    where: { id: input.pluginId, creatorId },
    select: { id: true, name: true, versions: { where: { status: 'PUBLISHED' }, select: { id: true }, take: 1 } },
  });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId} of yours`, field: 'pluginId' });
  const upload = await readUpload(dataDir, actor.userId, input.uploadId);
  if (upload.name !== plugin.name) {
    throw new AppError('INVALID_INPUT', { message: `The package is "${upload.name}" but the plugin is "${plugin.name}"`, field: 'uploadId' });
  }
  // The upload id keeps the name unique; the version part is cut to keep it under the file-name limit.
  const tarballPath = `packages/${plugin.id}/${upload.version.replace(/[^\w.+-]/g, '_').slice(0, 100)}-${input.uploadId}.tgz`;
  await keepUpload(dataDir, input.uploadId, tarballPath);
  try {
    const submission = await prisma.$transaction(async (tx) => {
      const version = await tx.pluginVersion.create({
        data: { pluginId: plugin.id, version: upload.version, tarballPath, sizeBytes: upload.sizeBytes, integrity: upload.integrity, manifest: upload.manifest as Prisma.InputJsonValue },
      });
      const created = await tx.submission.create({
        data: {
          pluginVersionId: version.id, pluginId: plugin.id, creatorId, submittedById: actor.userId, submittedAt: now,
          queueReasons: [plugin.versions.length ? 'NEW_VERSION' : 'NEW_PLUGIN'], dueAt: addBusinessDays(now, REVIEW_DUE_BUSINESS_DAYS), reportStatus: 'PENDING',
        },
      });
      await tx.qualityReport.create({ data: { submissionId: created.id, pluginVersionId: version.id, requestId: actor.requestId } });
      await writeAudit(tx, { actor, action: 'submissions.create', targetType: 'Submission', targetId: created.id, after: { plugin: plugin.name, version: upload.version } });
      return created;
    });
    return submission;
  } catch (error) {
    await restoreUpload(dataDir, input.uploadId, tarballPath, upload);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', { message: `${plugin.name}@${upload.version} was already submitted; bump the version`, field: 'uploadId', cause: error });
    }
    throw error;
  }
}
