/**
 * Reads `package/package.json` out of an npm tarball at upload, without unpacking anything to
 * disk (the scanner unpacks it safely later, in its own temporary folder).
 *
 * Nothing here may hold the event loop, whatever the upload holds: gzip is inflated by Node's
 * zlib in the thread pool, counted against the scanner's limits while it streams
 * (`decompressTarball`: 500 MB decompressed, a compression ratio of 100 past 10 MB); node-tar's
 * Parser only reads headers and skips the other entries (`TarParserInput`: no nested gzip,
 * nothing after the end of the archive); and reading stops, every stream destroyed, as soon as
 * package.json has been read. `tar.list` on the raw upload inflated synchronously and read the
 * whole archive: 25 KB of gzip froze the server for 83 s.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { AppError, measureJsonDepth } from '@marketdesk/shared';
import { describeStreamError, TarParserInput } from './scanner/entry-writer.ts';
import { DEFAULT_SCAN_LIMITS, formatMegabytes } from './scanner/limits.ts';
import { asScanError, type ScanErrorCode } from './scanner/scan-error.ts';
import { decompressTarball } from './scanner/unpack.ts';
import { findUnstorableText } from './manifest-text.ts';

const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Arrays and objects nested deeper are refused; real package.json files nest 5–6 levels (`exports`). */
export const MAX_MANIFEST_DEPTH = 64;
const MANIFEST_PATH = 'package/package.json';
/** npm's own bounds: package names at most 214 characters, versions 256 (semver's MAX_LENGTH). */
const MAX_NAME_CHARS = 214;
const MAX_VERSION_CHARS = 256;
/** Limits broken before package.json was reached; the message says which. */
const LIMIT_CODES = new Set<ScanErrorCode>(['TARBALL_TOO_LARGE', 'EXPANDED_TOO_LARGE', 'COMPRESSION_RATIO']);

export interface PackageManifest {
  name: string;
  version: string;
  [key: string]: unknown;
}

/**
 * @returns the parsed package.json of the tarball at `tgzPath`: an object with a string name
 *   and version, at most 1 MB, nested at most {@link MAX_MANIFEST_DEPTH} deep, whose strings
 *   and keys hold no NUL and no lone surrogate (PostgreSQL cannot store them). Reading stops at
 *   20,000 entries before package.json, as the scanner's entry limit would.
 * @throws AppError INVALID_INPUT (field "tarball") when the file is not a gzipped tar, expands
 *   past a scanner limit before package/package.json (the message names the limit), has no
 *   package/package.json, or that file is over 1 MB, not JSON, too deeply nested, holds a NUL
 *   or lone surrogate (the message names the key), or lacks a string name (≤ 214 characters)
 *   and version (≤ 256).
 */
export async function readManifest(tgzPath: string): Promise<PackageManifest> {
  return parseManifest(await readManifestText(tgzPath));
}

async function readManifestText(tgzPath: string): Promise<string> {
  const stop = new AbortController();
  let text: string | null = null;
  let refusal: AppError | null = null;
  let entryCount = 0;
  const refuse = (message: string) => {
    refusal = new AppError('INVALID_INPUT', { message, field: 'tarball' });
    stop.abort();
  };
  const parser = new Parser({
    strict: true,
    brotli: false,
    zstd: false,
    filter: (entryPath) => {
      entryCount += 1;
      if (entryCount > DEFAULT_SCAN_LIMITS.maxEntries) refuse(`The package has more than ${DEFAULT_SCAN_LIMITS.maxEntries.toLocaleString('en-US')} entries before its package.json`);
      return entryPath.replace(/^\.\//, '') === MANIFEST_PATH;
    },
    onReadEntry: (entry: ReadEntry) => {
      // The header's size is exactly what the parser will deliver for this entry.
      if (entry.size > MAX_MANIFEST_BYTES) return refuse(`package.json is ${formatMegabytes(entry.size)}; the limit is 1 MB`);
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        text ??= Buffer.concat(chunks).toString('utf8');
        stop.abort();
      });
    },
  });
  // Past the end of the archive nothing can be package.json: stop instead of inflating the rest.
  parser.on('eof', () => stop.abort());
  const input = new TarParserInput(parser);
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, callback) => input.write(chunk, callback),
    final: (callback) => {
      parser.end();
      callback();
    },
  });
  parser.on('error', (error: unknown) => sink.destroy(error as Error));
  try {
    await pipeline(...decompressTarball(tgzPath, { ...DEFAULT_SCAN_LIMITS }), sink, { signal: stop.signal });
  } catch (error) {
    if (!stop.signal.aborted) {
      const scanError = asScanError(error) ?? describeStreamError(error);
      const message = LIMIT_CODES.has(scanError.code)
        ? `The package was refused before its package.json was read: ${scanError.message}`
        : `The upload is not a readable .tgz package: ${scanError.message}`;
      throw new AppError('INVALID_INPUT', { message, field: 'tarball', cause: error });
    }
  }
  if (refusal) throw refusal;
  if (text === null) throw new AppError('INVALID_INPUT', { message: 'The package has no package/package.json', field: 'tarball' });
  return text;
}

function parseManifest(text: string): PackageManifest {
  // Checked before JSON.parse: V8 parses 100k `[` fine, but JSON.stringify and Prisma recurse.
  if (measureJsonDepth(text, MAX_MANIFEST_DEPTH) > MAX_MANIFEST_DEPTH) {
    throw new AppError('INVALID_INPUT', { message: `package.json nests arrays or objects more than ${MAX_MANIFEST_DEPTH} deep`, field: 'tarball' });
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', { message: `package.json is not valid JSON: ${(error as Error).message}`, field: 'tarball', cause: error });
  }
  const unstorable = findUnstorableText(manifest);
  if (unstorable) throw new AppError('INVALID_INPUT', { message: `package.json ${unstorable}`, field: 'tarball' });
  const { name, version } = (manifest ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) {
    throw new AppError('INVALID_INPUT', { message: 'package.json must have a string "name" and "version"', field: 'tarball' });
  }
  if (name.length > MAX_NAME_CHARS) throw new AppError('INVALID_INPUT', { message: `package.json "name" is longer than ${MAX_NAME_CHARS} characters`, field: 'tarball' });
  if (version.length > MAX_VERSION_CHARS) throw new AppError('INVALID_INPUT', { message: `package.json "version" is longer than ${MAX_VERSION_CHARS} characters`, field: 'tarball' });
  return manifest as PackageManifest;
}
