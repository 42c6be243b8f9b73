/**
 * Safe extraction of an npm package tarball (.tgz) into a per-scan temporary folder that is
 * always removed. Limits are checked while the bytes stream, never from headers alone:
 * compressed bytes read, decompressed bytes, their ratio, entries, and each file's data bytes
 * are counted.
 *
 * Refused (ScanError): non-gzip input, corrupt gzip or tar data, entries that are absolute or
 * contain `..`, symbolic and hard links, devices and FIFOs, unknown entry kinds, duplicate
 * paths, and anything over `ScanLimits`. Files are created with `wx` (never through an existing
 * path) and mode 0644, folders 0755: no permission bits from the tarball survive.
 *
 * Like npm, the first path segment (`package/` in npm's own tarballs) is the package folder and
 * is stripped; top-level files outside any folder are skipped, as npm skips them.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { describeStreamError, EntryWriter } from './entry-writer.ts';
import { DEFAULT_SCAN_LIMITS, formatMegabytes, type ScanLimits } from './limits.ts';
import { asScanError, ScanError, throwIfAborted } from './scan-error.ts';
import type { PackageFile } from './types.ts';

export interface UnpackedPackage {
  /** Absolute path of the package folder inside the temporary folder. */
  root: string;
  /** Regular files, sorted by path. */
  files: PackageFile[];
  tarballBytes: number;
  /** Sum of the files' sizes. */
  expandedBytes: number;
  entryCount: number;
}

export interface UnpackOptions {
  limits?: Partial<ScanLimits>;
  /** Parent of the per-scan temporary folder; defaults to the OS temp folder. */
  tmpDir?: string;
  /** Aborting destroys the streams; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Extracts `tgzPath` into a fresh `mkdtemp` folder, calls `use` with it, and removes the folder
 * whether `use` resolves or throws. Throws ScanError for every refused tarball.
 */
export async function withUnpackedPackage<T>(
  tgzPath: string,
  use: (unpacked: UnpackedPackage) => Promise<T>,
  options: UnpackOptions = {},
): Promise<T> {
  const limits = { ...DEFAULT_SCAN_LIMITS, ...options.limits };
  const scratch = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'marketdesk-scan-'));
  try {
    const unpacked = await extractTarball(tgzPath, join(scratch, 'package'), limits, options.signal);
    return await use(unpacked);
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function extractTarball(tgzPath: string, root: string, limits: ScanLimits, signal?: AbortSignal): Promise<UnpackedPackage> {
  const tarballBytes = await checkTarballFile(tgzPath, limits);
  await mkdir(root, { mode: 0o755 });
  const writer = new EntryWriter(root, limits);
  try {
    await pipeline(...decompressTarball(tgzPath, limits), writer.writable, signal ? { signal } : {});
  } catch (error) {
    throwIfAborted(signal);
    throw asScanError(error) ?? describeStreamError(error);
  }
  const files = writer.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, files, tarballBytes, expandedBytes: writer.expandedBytes, entryCount: writer.entryCount };
}

async function checkTarballFile(tgzPath: string, limits: ScanLimits): Promise<number> {
  let size: number;
  const magic = Buffer.alloc(2);
  try {
    const info = await stat(tgzPath);
    if (!info.isFile()) throw new ScanError('TARBALL_UNREADABLE', `${tgzPath} is not a file`);
    size = info.size;
    const handle = await open(tgzPath, 'r');
    try {
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw asScanError(error) ?? new ScanError('TARBALL_UNREADABLE', `cannot read the tarball: ${(error as Error).message}`, { cause: error });
  }
  if (size > limits.maxTarballBytes) {
    throw new ScanError('TARBALL_TOO_LARGE', `tarball is ${formatMegabytes(size)}; the limit is ${formatMegabytes(limits.maxTarballBytes)}`);
  }
  // RFC 1952 §2.3.1: every gzip member starts with ID1 0x1f, ID2 0x8b.
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) {
    throw new ScanError('NOT_GZIP', 'not a gzip file: an npm package must be a gzip-compressed tarball (.tgz)');
  }
  return size;
}

/** The limits {@link decompressTarball} counts against. */
export type DecompressionLimits = Pick<ScanLimits, 'maxTarballBytes' | 'maxExpandedBytes' | 'maxCompressionRatio' | 'compressionRatioFloorBytes'>;

/**
 * The streams that read and decompress the .tgz at `tgzPath`, to be spread into
 * `stream.pipeline` ahead of a consumer of the tar bytes: the file, a counter of compressed
 * bytes, Node's gunzip (it inflates in the libuv thread pool, never on the event loop) and a
 * counter of decompressed bytes. They fail while streaming, whatever the headers claim, with a
 * ScanError naming the limit: TARBALL_TOO_LARGE past `maxTarballBytes` read,
 * EXPANDED_TOO_LARGE past `maxExpandedBytes` decompressed, COMPRESSION_RATIO when, past
 * `compressionRatioFloorBytes` decompressed, the decompressed bytes exceed `maxCompressionRatio`
 * times the compressed bytes read so far (read-ahead only makes the ratio look smaller).
 * Used by the scanner and by the upload's manifest reader.
 */
export function decompressTarball(tgzPath: string, limits: DecompressionLimits): [ReadStream, Transform, Gunzip, Transform] {
  let compressedBytes = 0;
  const compressed = countBytes((bytes) => {
    compressedBytes = bytes;
    return bytes > limits.maxTarballBytes ? new ScanError('TARBALL_TOO_LARGE', `tarball is over the ${formatMegabytes(limits.maxTarballBytes)} limit (${formatMegabytes(bytes)} read)`) : null;
  });
  const expanded = countBytes((bytes) => {
    if (bytes > limits.maxExpandedBytes) return new ScanError('EXPANDED_TOO_LARGE', `package expands to more than ${formatMegabytes(limits.maxExpandedBytes)}`);
    if (bytes > limits.compressionRatioFloorBytes && bytes > compressedBytes * limits.maxCompressionRatio) {
      return new ScanError(
        'COMPRESSION_RATIO',
        `package expands more than ${limits.maxCompressionRatio} times its compressed size (${formatMegabytes(bytes)} from ${formatMegabytes(compressedBytes)} read); the limit is a ratio of ${limits.maxCompressionRatio} past ${formatMegabytes(limits.compressionRatioFloorBytes)}`,
      );
    }
    return null;
  });
  return [createReadStream(tgzPath), compressed, createGunzip(), expanded];
}

/** A pass-through that fails with `check(total bytes so far)` when that returns an error. */
function countBytes(check: (bytes: number) => ScanError | null): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(check(bytes), chunk);
    },
  });
}
