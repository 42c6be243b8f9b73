/**
 * What the scanner accepts. The tarball limit matches the upload limit of `submissions.create`
 * (50 MB); the rest bound the work one scan may cause, so that a crafted package (a gzip bomb,
 * a million tiny files) fails fast instead of filling the disk or the queue.
 */
export interface ScanLimits {
  /** Compressed .tgz size in bytes, counted while reading (50 MB). */
  maxTarballBytes: number;
  /** Tar entries of any kind: files, folders, and refused kinds alike (20,000). */
  maxEntries: number;
  /** One file after extraction, in bytes, counted as its data streams (100 MB). */
  maxFileBytes: number;
  /** The whole decompressed tar stream in bytes, headers included (500 MB). */
  maxExpandedBytes: number;
  /**
   * Decompressed bytes per compressed byte read (100), checked while streaming once the package
   * has expanded past `compressionRatioFloorBytes`. Real packages compress 3–10 times (typescript:
   * 4 MB to 21 MB); zeros compress about 1,000 times, so a gzip bomb stops within megabytes.
   */
  maxCompressionRatio: number;
  /** Expanded bytes below which no ratio is refused (10 MB): small packages of repetitive text may compress very well. */
  compressionRatioFloorBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxTarballBytes: 50 * MB,
  maxEntries: 20_000,
  maxFileBytes: 100 * MB,
  maxExpandedBytes: 500 * MB,
  maxCompressionRatio: 100,
  compressionRatioFloorBytes: 10 * MB,
};

/** A scan that runs longer fails with TIMEOUT (2 minutes; lodash-sized packages take ~2 s). */
export const DEFAULT_SCAN_TIMEOUT_MS = 120_000;

/** Files larger than this are not parsed for security rules; they get a finding instead (10 MB). */
export const MAX_ANALYZED_SOURCE_BYTES = 10 * MB;

/** Files larger than this are not searched for secrets (5 MB). */
export const MAX_SECRET_SCAN_BYTES = 5 * MB;

/** `12.3 MB` — for messages. */
export const formatMegabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < MB ? 2 : 1)} MB`;
