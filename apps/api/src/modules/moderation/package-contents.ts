/**
 * A submitted package's files held in memory for the review page (file browser and version
 * diff). The tarball is unpacked by the scanner's own extraction (`withUnpackedPackage`: the same
 * limits — 50 MB compressed, 500 MB expanded, ratio 100, 20,000 entries, links and `..` refused),
 * then text files up to 1 MB are read; binary and larger files are only listed.
 *
 * Parsed packages stay in an LRU cache bounded by the bytes of text they hold (64 MB), keyed by
 * the tarball's path (unique per upload: it carries the upload id). Measured by
 * apps/api/test/package-review.test.ts (a 7-file package holding a 1 MB file, on the shared
 * test machine): the first queue.files took 200–630 ms (the unpack), the next one 4–66 ms (its
 * database query, no unpack) — without the cache every tab switch and file click of a review
 * would unpack again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { AppError, MAX_VIEWABLE_FILE_BYTES, type PackageFileEntry } from '@marketdesk/shared';
import { isBinary } from './scanner/package-files.ts';
import { ScanError } from './scanner/scan-error.ts';
import { withUnpackedPackage } from './scanner/unpack.ts';

/** Text one package may hold in memory (32 MB); files past it are listed as tooLarge. */
const MAX_PACKAGE_TEXT_BYTES = 32 * 1024 * 1024;
/** Text all cached packages may hold together (64 MB). */
const MAX_CACHED_TEXT_BYTES = 64 * 1024 * 1024;

export interface PackageContents {
  /** Every regular file, sorted by path. */
  files: PackageFileEntry[];
  /** The text of each `text` file, by path. */
  texts: Map<string, string>;
  /** SHA-256 (hex) of every file's bytes, by path: how the diff tells a binary or large file changed. */
  digests: Map<string, string>;
  /** Bytes of the texts held (UTF-8 as read). */
  textBytes: number;
}

const cache = new LRUCache<string, PackageContents>({
  maxSize: MAX_CACHED_TEXT_BYTES,
  sizeCalculation: (contents) => Math.max(1, contents.textBytes),
  fetchMethod: (tgzPath) => unpackContents(tgzPath),
});

/**
 * The files of the package tarball `tarballPath` (relative to `dataDir`), from the cache or
 * unpacked now (concurrent calls for one tarball share one unpack).
 * @throws AppError PRECONDITION_FAILED when the scanner's extraction refuses the tarball (the
 *   message says why, e.g. a link entry or a limit) or the file is missing.
 */
export async function readPackageContents({ dataDir, tarballPath }: { dataDir: string; tarballPath: string }): Promise<PackageContents> {
  try {
    const contents = await cache.fetch(path.resolve(dataDir, tarballPath));
    if (!contents) throw new Error('the package cache returned nothing');
    return contents;
  } catch (error) {
    if (error instanceof ScanError) {
      // A missing or unreadable file's message names the server's path: for the log, not the page.
      const userMessage = error.code === 'TARBALL_UNREADABLE' ? 'The stored package file cannot be read' : `The package cannot be read: ${error.message}`;
      throw new AppError('PRECONDITION_FAILED', { message: `The package cannot be read: ${error.message}`, userMessage, cause: error });
    }
    throw error;
  }
}

async function unpackContents(tgzPath: string): Promise<PackageContents> {
  return withUnpackedPackage(tgzPath, async (unpacked) => {
    const files: PackageFileEntry[] = [];
    const texts = new Map<string, string>();
    const digests = new Map<string, string>();
    let textBytes = 0;
    for (const file of unpacked.files) {
      const filePath = path.join(unpacked.root, file.path);
      if (file.size > MAX_VIEWABLE_FILE_BYTES || textBytes + file.size > MAX_PACKAGE_TEXT_BYTES) {
        digests.set(file.path, await hashFile(filePath));
        files.push({ path: file.path, size: file.size, kind: 'tooLarge', lineCount: null });
        continue;
      }
      const bytes = await readFile(filePath);
      digests.set(file.path, createHash('sha256').update(bytes).digest('hex'));
      if (isBinary(bytes)) {
        files.push({ path: file.path, size: file.size, kind: 'binary', lineCount: null });
        continue;
      }
      const text = bytes.toString('utf8');
      texts.set(file.path, text);
      textBytes += bytes.length;
      files.push({ path: file.path, size: file.size, kind: 'text', lineCount: countLines(text) });
    }
    return { files, texts, digests, textBytes };
  });
}

/** SHA-256 (hex) of a file read as a stream (files up to the scanner's 100 MB are not held in memory). */
async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lines as an editor numbers them: a last line without a line break counts, an empty file has none. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return text.endsWith('\n') ? count : count + 1;
}
