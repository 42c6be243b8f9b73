/**
 * Why a scan failed. A ScanError's message is written for people (moderator, creator) and ends
 * up as `QualityReport.failureReason`; the code is for programs (the upload endpoint maps
 * tarball codes to a refused upload).
 */
export const SCAN_ERROR_CODES = [
  'TARBALL_UNREADABLE',
  'TARBALL_TOO_LARGE',
  'NOT_GZIP',
  'CORRUPT_ARCHIVE',
  'TOO_MANY_ENTRIES',
  'FILE_TOO_LARGE',
  'EXPANDED_TOO_LARGE',
  'COMPRESSION_RATIO',
  'PATH_ESCAPE',
  'LINK_ENTRY',
  'SPECIAL_ENTRY',
  'DUPLICATE_ENTRY',
  'MANIFEST_MISSING',
  'MANIFEST_INVALID',
  'LINTER_FAILED',
  'ANALYZER_FAILED',
  'TIMEOUT',
  'PACK_FAILED',
] as const;

export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

export class ScanError extends Error {
  readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanError';
    this.code = code;
  }
}

/** The ScanError behind `error`: itself, or an abort whose reason is one; else null. */
export function asScanError(error: unknown): ScanError | null {
  if (error instanceof ScanError) return error;
  if (error instanceof Error && error.cause instanceof ScanError) return error.cause;
  return null;
}

/** Throws the signal's reason (a ScanError TIMEOUT in practice) when the scan was aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw asScanError(signal.reason) ?? new ScanError('TIMEOUT', 'the scan was aborted');
}
