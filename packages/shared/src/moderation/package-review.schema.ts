/**
 * Reading a submission's package in the review page: its files, one file's text, and the diff
 * against the creator's last approved version of the same plugin. Paths are package-relative
 * (the tarball's `package/` folder stripped), `/`-separated, as the scanner's findings name them.
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';

/** Longest package path accepted (UTF-16 code units); tar's own ustar+pax paths are far shorter in practice. */
export const MAX_PACKAGE_PATH_CHARS = 1024;
/** Largest file the review page shows as text (1 MB); larger files are listed, not returned. */
export const MAX_VIEWABLE_FILE_BYTES = 1024 * 1024;

/**
 * A path inside the package: relative, `/`-separated, no `..` segment, no backslash, no drive
 * letter. `./a//b` is accepted and means `a/b` ({@link normalizePackagePath}).
 */
export const ZPackagePath = zText({ min: 1, max: MAX_PACKAGE_PATH_CHARS }).refine(
  (path) => !/^([/]|[a-zA-Z]:)/.test(path) && !path.includes('\\') && !path.split('/').includes('..'),
  { message: 'must be a path inside the package (relative, no .. segment, no backslash)' },
);

/** `./lib//index.js` → `lib/index.js`: empty and `.` segments dropped (callers have refused `..`). */
export const normalizePackagePath = (path: string): string => path.split('/').filter((segment) => segment !== '' && segment !== '.').join('/');

export const ZPackageFileRef = z.object({ submissionId: zId(), path: ZPackagePath });

/** text: shown; binary: a NUL in its first 8,000 bytes (images, fonts, wasm); tooLarge: over the viewer's limits. */
export const PACKAGE_FILE_KINDS = ['text', 'binary', 'tooLarge'] as const;
export const ZPackageFileKind = z.enum(PACKAGE_FILE_KINDS);

export const ZPackageFileEntry = z.object({
  path: z.string(),
  /** Bytes after extraction. */
  size: z.number().int(),
  kind: ZPackageFileKind,
  /** Lines of a text file (a last line without a line break counts); null otherwise. */
  lineCount: z.number().int().nullable(),
});
export type PackageFileEntry = z.infer<typeof ZPackageFileEntry>;

export const ZPackageFilesOutput = z.object({
  submissionId: z.string(),
  pluginVersion: z.string(),
  files: z.array(ZPackageFileEntry),
});

export const ZPackageFileOutput = ZPackageFileEntry.extend({
  /** The file's UTF-8 text when `kind` is text (at most 1 MB), else null. */
  text: z.string().nullable(),
});
export type PackageFileOutput = z.infer<typeof ZPackageFileOutput>;

export const FILE_CHANGES = ['added', 'removed', 'changed', 'unchanged'] as const;
export const ZFileChange = z.enum(FILE_CHANGES);
export type FileChange = z.infer<typeof ZFileChange>;

/** The version a diff compares against: the creator's last approved version of the plugin. */
export const ZDiffBase = z.object({ submissionId: z.string(), pluginVersion: z.string(), decidedAt: z.date().nullable() });

export const ZPackageDiffEntry = z.object({
  path: z.string(),
  change: ZFileChange,
  /** Kind in this version (in the base for a removed file). */
  kind: ZPackageFileKind,
  size: z.number().int().nullable(),
  baseSize: z.number().int().nullable(),
  /** Lines added and removed (text files; the whole file for added/removed ones); null for binary or too-large files or a diff over its time budget. */
  addedLines: z.number().int().nullable(),
  removedLines: z.number().int().nullable(),
});
export type PackageDiffEntry = z.infer<typeof ZPackageDiffEntry>;

export const ZPackageDiffOutput = z.object({
  submissionId: z.string(),
  pluginVersion: z.string(),
  /** Null for a first version: nothing of the plugin was approved before it. */
  base: ZDiffBase.nullable(),
  files: z.array(ZPackageDiffEntry),
  counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
});
export type PackageDiffOutput = z.infer<typeof ZPackageDiffOutput>;

export const ZPackageFileDiffOutput = z.object({
  path: z.string(),
  change: ZFileChange,
  kind: ZPackageFileKind,
  /**
   * A git-style unified diff of the file (`diff --git a/… b/…`, 3 lines of context), computed with
   * the `diff` package; null when there is no text to compare (binary, too large, or the diff
   * ran past its time budget — `reason` says which).
   */
  patch: z.string().nullable(),
  reason: z.string().nullable(),
});
export type PackageFileDiffOutput = z.infer<typeof ZPackageFileDiffOutput>;
