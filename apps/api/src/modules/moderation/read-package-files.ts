/**
 * The file browser of the review page: a submission's package files and one file's text, read
 * from its stored tarball (`PluginVersion.tarballPath` under the data folder) through the
 * scanner's extraction (package-contents.ts). Moderators only (queue.read).
 */
import { AppError, normalizePackagePath, type PackageFileOutput } from '@marketdesk/shared';
import type { PackageDeps } from './deps.ts';
import { readPackageContents, type PackageContents } from './package-contents.ts';

export interface SubmissionPackage {
  submissionId: string;
  pluginId: string;
  creatorId: string;
  submittedAt: Date;
  pluginVersion: string;
  contents: PackageContents;
}

/**
 * Submission `submissionId` with its package's contents.
 * @throws AppError NOT_FOUND (no such submission, or its version has no stored tarball);
 *   PRECONDITION_FAILED (the tarball cannot be read, see readPackageContents).
 */
export async function loadSubmissionPackage(deps: PackageDeps, { submissionId }: { submissionId: string }): Promise<SubmissionPackage> {
  const row = await deps.prisma.submission.findUnique({
    where: { id: submissionId },
    select: { id: true, pluginId: true, creatorId: true, submittedAt: true, pluginVersion: { select: { version: true, tarballPath: true } } },
  });
  if (!row) throw new AppError('NOT_FOUND', { message: `No submission ${submissionId}`, field: 'submissionId' });
  if (!row.pluginVersion.tarballPath) throw new AppError('NOT_FOUND', { message: `Version ${row.pluginVersion.version} has no stored package`, field: 'submissionId' });
  const contents = await readPackageContents({ dataDir: deps.config.dataDir, tarballPath: row.pluginVersion.tarballPath });
  return { submissionId: row.id, pluginId: row.pluginId, creatorId: row.creatorId, submittedAt: row.submittedAt, pluginVersion: row.pluginVersion.version, contents };
}

/**
 * The files of submission `submissionId`'s package, sorted by path: `{ submissionId,
 * pluginVersion, files: [{ path, size (bytes), kind, lineCount }] }`.
 * @throws as loadSubmissionPackage.
 */
export async function listPackageFiles(deps: PackageDeps, input: { submissionId: string }) {
  const loaded = await loadSubmissionPackage(deps, input);
  return { submissionId: loaded.submissionId, pluginVersion: loaded.pluginVersion, files: loaded.contents.files };
}

/**
 * One file of the package: its entry and, for a text file (≤ 1 MB), its text; binary and
 * too-large files come with `text: null`. `path` is normalised (`./a//b` is `a/b`); the input
 * schema has already refused `..`, absolute paths and backslashes.
 * @throws AppError NOT_FOUND (field "path") when the package has no such file; as loadSubmissionPackage.
 */
export async function readPackageFile(deps: PackageDeps, input: { submissionId: string; path: string }): Promise<PackageFileOutput> {
  const { contents } = await loadSubmissionPackage(deps, input);
  const path = normalizePackagePath(input.path);
  const entry = contents.files.find((file) => file.path === path);
  if (!entry) throw new AppError('NOT_FOUND', { message: `The package has no file ${path}`, field: 'path' });
  return { ...entry, text: contents.texts.get(path) ?? null };
}
