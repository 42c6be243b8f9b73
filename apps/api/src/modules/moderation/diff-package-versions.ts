/**
 * The "Changes" tab of the review page: a submission's package against the creator's last
 * approved version of the same plugin (the newest APPROVED submission of the plugin submitted
 * before this one). Line diffs are the `diff` package's (Myers' algorithm), bounded by a time
 * budget per file so a pathological pair of files cannot hold the server.
 */
import { structuredPatch, formatPatch, type StructuredPatch } from 'diff';
import { AppError, normalizePackagePath, type FileChange, type PackageDiffEntry, type PackageDiffOutput, type PackageFileDiffOutput } from '@marketdesk/shared';
import type { PackageDeps } from './deps.ts';
import { readPackageContents, type PackageContents } from './package-contents.ts';
import { loadSubmissionPackage, type SubmissionPackage } from './read-package-files.ts';

/** Time one file's line diff may take before it is reported as too different to show (1 s). */
const DIFF_TIMEOUT_MS = 1000;
/**
 * Time the line counts of one tree may take together (3 s): diffing is synchronous CPU work, so
 * a package of hundreds of large changed files must not hold the server for minutes. Files
 * past it are listed as changed with unknown line counts; their diff is still one click away.
 */
const TREE_DIFF_BUDGET_MS = 3000;
/** Lines of context around each change in a patch, as git's default. */
const CONTEXT_LINES = 3;

interface Base {
  submissionId: string;
  pluginVersion: string;
  decidedAt: Date | null;
  contents: PackageContents;
}

/**
 * The file tree of submission `submissionId` against its base, sorted by path: each file
 * added, removed, changed or unchanged, with lines added and removed. A first version (nothing
 * approved before) has `base: null` and every file listed as added.
 * @throws as loadSubmissionPackage (for this version and for the base's tarball).
 */
export async function diffPackageVersions(deps: PackageDeps, input: { submissionId: string }): Promise<PackageDiffOutput> {
  const current = await loadSubmissionPackage(deps, input);
  const base = await loadBase(deps, current);
  const paths = [...new Set([...current.contents.files.map((f) => f.path), ...(base?.contents.files.map((f) => f.path) ?? [])])].sort();
  const deadline = performance.now() + TREE_DIFF_BUDGET_MS;
  const files = paths.map((path) => compareFile(current.contents, base?.contents ?? null, path, deadline - performance.now()));
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const file of files) counts[file.change] += 1;
  return {
    submissionId: current.submissionId,
    pluginVersion: current.pluginVersion,
    base: base ? { submissionId: base.submissionId, pluginVersion: base.pluginVersion, decidedAt: base.decidedAt } : null,
    files,
    counts,
  };
}

/**
 * One file's change against the base as a git-style unified diff (`diff --git a/<path> b/<path>`,
 * 3 lines of context); `patch: null` with a `reason` for binary and too-large files, unchanged
 * files, and diffs past the 1 s budget.
 * @throws AppError NOT_FOUND (field "path") when neither version has the file; as loadSubmissionPackage.
 */
export async function diffPackageFile(deps: PackageDeps, input: { submissionId: string; path: string }): Promise<PackageFileDiffOutput> {
  const current = await loadSubmissionPackage(deps, input);
  const base = await loadBase(deps, current);
  const path = normalizePackagePath(input.path);
  const isInEither = [current.contents, base?.contents].some((contents) => contents?.digests.has(path));
  if (!isInEither) throw new AppError('NOT_FOUND', { message: `Neither version has a file ${path}`, field: 'path' });
  // No time for line counts: only the change and kind are needed before the one diff below.
  const { change, kind } = compareFile(current.contents, base?.contents ?? null, path, 0);
  if (kind !== 'text') return { path, change, kind, patch: null, reason: kind === 'binary' ? 'Binary file' : 'Too large to show (over 1 MB)' };
  if (change === 'unchanged') return { path, change, kind, patch: null, reason: 'Unchanged' };
  const patch = diffTexts(path, base?.contents.texts.get(path) ?? '', current.contents.texts.get(path) ?? '');
  if (!patch) return { path, change, kind, patch: null, reason: `Too different to compare within ${DIFF_TIMEOUT_MS / 1000} s` };
  return { path, change, kind, patch: formatPatch({ ...patch, isGit: true }), reason: null };
}

async function loadBase(deps: PackageDeps, current: SubmissionPackage): Promise<Base | null> {
  const row = await deps.prisma.submission.findFirst({
    where: {
      pluginId: current.pluginId, creatorId: current.creatorId, status: 'APPROVED', id: { not: current.submissionId },
      submittedAt: { lt: current.submittedAt }, pluginVersion: { tarballPath: { not: null } },
    },
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, decidedAt: true, pluginVersion: { select: { version: true, tarballPath: true } } },
  });
  if (!row) return null;
  const contents = await readPackageContents({ dataDir: deps.config.dataDir, tarballPath: row.pluginVersion.tarballPath! });
  return { submissionId: row.id, pluginVersion: row.pluginVersion.version, decidedAt: row.decidedAt, contents };
}

/** One path's change; a line diff gets at most `budgetMs` (and never more than DIFF_TIMEOUT_MS). */
function compareFile(current: PackageContents, base: PackageContents | null, path: string, budgetMs = DIFF_TIMEOUT_MS): PackageDiffEntry {
  const now = current.files.find((f) => f.path === path) ?? null;
  const before = base?.files.find((f) => f.path === path) ?? null;
  const change: FileChange = !before ? 'added' : !now ? 'removed' : current.digests.get(path) === base!.digests.get(path) ? 'unchanged' : 'changed';
  const kind = now && before && now.kind !== before.kind ? (now.kind === 'text' ? before.kind : now.kind) : (now ?? before)!.kind;
  const entry = { path, change, kind, size: now?.size ?? null, baseSize: before?.size ?? null };
  if (kind !== 'text') return { ...entry, addedLines: null, removedLines: null };
  if (change === 'added') return { ...entry, addedLines: now!.lineCount, removedLines: 0 };
  if (change === 'removed') return { ...entry, addedLines: 0, removedLines: before!.lineCount };
  if (change === 'unchanged') return { ...entry, addedLines: 0, removedLines: 0 };
  const patch = budgetMs > 0 ? diffTexts(path, base!.texts.get(path) ?? '', current.texts.get(path) ?? '', Math.min(budgetMs, DIFF_TIMEOUT_MS)) : undefined;
  if (!patch) return { ...entry, addedLines: null, removedLines: null };
  const lines = patch.hunks.flatMap((hunk) => hunk.lines);
  return { ...entry, addedLines: lines.filter((l) => l.startsWith('+')).length, removedLines: lines.filter((l) => l.startsWith('-')).length };
}

/** The line diff of one file, or undefined past `timeoutMs`. */
function diffTexts(path: string, before: string, after: string, timeoutMs = DIFF_TIMEOUT_MS): StructuredPatch | undefined {
  return structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: CONTEXT_LINES, timeout: Math.max(1, Math.round(timeoutMs)) });
}
