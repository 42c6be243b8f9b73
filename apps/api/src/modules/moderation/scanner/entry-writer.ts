/**
 * Writes the entries of a decompressed tar stream into the package folder, refusing what
 * `unpack.ts` documents: node-tar's Parser reads the headers; every check and every write is
 * ours. Exposed as a Writable for `stream.pipeline`, so errors and aborts travel one way.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { formatMegabytes, type ScanLimits } from './limits.ts';
import { asScanError, ScanError } from './scan-error.ts';
import type { PackageFile } from './types.ts';

/** The ScanError for a failure of the gzip, tar or file-system layer. */
export function describeStreamError(error: unknown): ScanError {
  // File-system messages name the temporary folder; the reason is for people, who need the entry.
  const message = (error instanceof Error ? error.message : String(error)).replace(/'?[^\s']*marketdesk-scan-[^/\s']+\/package\/([^\s']*)'?/g, '$1');
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code.startsWith('Z_')) return new ScanError('CORRUPT_ARCHIVE', `corrupt gzip data: ${message}`, { cause: error });
  if (code.startsWith('TAR_')) return new ScanError('CORRUPT_ARCHIVE', `corrupt tar data: ${message}`, { cause: error });
  // Exact duplicates are refused before any write, so an existing path here is the other kind.
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') return new ScanError('CORRUPT_ARCHIVE', `a file and a folder share a path: ${message}`, { cause: error });
  return new ScanError('CORRUPT_ARCHIVE', `cannot extract the tarball: ${message}`, { cause: error });
}

/**
 * Hands decompressed tar bytes to node-tar's `parser`, for any Writable that feeds one (the
 * scanner's EntryWriter, the upload's manifest reader). Two things it must not see:
 * - a second gzip layer: node-tar would inflate it itself, synchronously on the event loop,
 *   where no byte counter of ours sees it (refused as CORRUPT_ARCHIVE);
 * - bytes after the end-of-archive blocks: node-tar keeps them and Buffer.concat's every later
 *   chunk onto all the earlier ones, so a few MB of trailing zeros cost minutes of CPU. They are
 *   dropped here (npm ignores them too) while the byte counters upstream still count them.
 */
export class TarParserInput {
  #isFirstChunk = true;
  #hasSeenEnd = false;

  constructor(readonly parser: Parser) {
    parser.on('eof', () => {
      this.#hasSeenEnd = true;
    });
  }

  /** Writes `chunk`; calls `done` once the parser takes more, or with the ScanError that refuses it. */
  write(chunk: Buffer, done: (error?: ScanError) => void): void {
    if (this.#isFirstChunk) {
      this.#isFirstChunk = false;
      if (chunk[0] === 0x1f && chunk[1] === 0x8b) return done(new ScanError('CORRUPT_ARCHIVE', 'the tarball is gzip-compressed twice'));
    }
    if (this.#hasSeenEnd) return done();
    if (this.parser.write(chunk)) done();
    else this.parser.once('drain', () => done());
  }
}

/** Files up to this size are collected in memory and written at once (1 MB). */
const BUFFERED_FILE_BYTES = 1024 * 1024;
/** File writes open at the same time; keeps a 20,000-file package under the open-file limit. */
const MAX_FILES_IN_FLIGHT = 64;

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const FOLDER_TYPES = new Set(['Directory', 'GNUDumpDir']);

/** Feeds the decompressed tar stream to node-tar's Parser and writes each accepted entry. */
export class EntryWriter {
  readonly files: PackageFile[] = [];
  expandedBytes = 0;
  entryCount = 0;
  readonly writable: Writable;
  readonly #parser: Parser;
  readonly #seen = new Set<string>();
  readonly #pending: Promise<void>[] = [];
  readonly #folders = new Map<string, Promise<unknown>>();
  readonly #slotWaiters: (() => void)[] = [];
  #inFlight = 0;
  readonly #open = new Set<{ destroy(): void }>();
  readonly #input: TarParserInput;

  constructor(
    readonly root: string,
    readonly limits: ScanLimits,
  ) {
    // brotli/zstd off: the input is already decompressed, and node-tar must not unpack a second
    // layer that our byte counters would not see (a nested gzip is refused below).
    this.#parser = new Parser({ strict: true, brotli: false, zstd: false, onReadEntry: (entry) => this.#onEntry(entry) });
    this.#parser.on('ignoredEntry', (entry: ReadEntry) => {
      entry.resume();
      this.#fail(new ScanError('SPECIAL_ENTRY', `entry ${shown(entry.path)} is of an unsupported kind (${entry.type})`));
    });
    this.#parser.on('error', (error: unknown) => this.#fail(asScanError(error) ?? describeStreamError(error)));
    this.#input = new TarParserInput(this.#parser);
    this.writable = new Writable({
      write: (chunk: Buffer, _encoding, callback) => this.#write(chunk, callback),
      final: (callback) => this.#end(callback),
      destroy: (error, callback) => {
        for (const stream of this.#open) stream.destroy();
        callback(error);
      },
    });
  }

  #write(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.#input.write(chunk, (error) => (error ? callback(error) : this.#whenSlotFree(() => callback())));
  }

  #end(callback: (error?: Error | null) => void): void {
    this.#parser.once('end', () => {
      Promise.all(this.#pending).then(() => callback(), (error: unknown) => callback(asScanError(error) ?? describeStreamError(error)));
    });
    this.#parser.end();
  }

  #fail(error: ScanError): void {
    if (!this.writable.destroyed) this.writable.destroy(error);
  }

  #onEntry(entry: ReadEntry): void {
    try {
      this.entryCount += 1;
      if (this.entryCount > this.limits.maxEntries) {
        throw new ScanError('TOO_MANY_ENTRIES', `the tarball has more than ${this.limits.maxEntries.toLocaleString('en-US')} entries`);
      }
      const relative = packageRelativePath(entry.path);
      this.#refuseKind(entry);
      if (relative === null || FOLDER_TYPES.has(entry.type)) {
        entry.resume();
        if (relative !== null) this.#track(this.#ensureFolder(this.#target(relative)));
        return;
      }
      if (this.#seen.has(relative)) throw new ScanError('DUPLICATE_ENTRY', `entry ${shown(entry.path)} appears twice`);
      this.#seen.add(relative);
      this.#track(this.#writeFile(entry, relative));
    } catch (error) {
      entry.resume();
      this.#fail(asScanError(error) ?? describeStreamError(error));
    }
  }

  #refuseKind(entry: ReadEntry): void {
    if (entry.type === 'SymbolicLink') throw new ScanError('LINK_ENTRY', `entry ${shown(entry.path)} is a symbolic link (to ${shown(entry.linkpath ?? '')}); links are refused`);
    if (entry.type === 'Link') throw new ScanError('LINK_ENTRY', `entry ${shown(entry.path)} is a hard link (to ${shown(entry.linkpath ?? '')}); links are refused`);
    if (!FILE_TYPES.has(entry.type) && !FOLDER_TYPES.has(entry.type)) {
      throw new ScanError('SPECIAL_ENTRY', `entry ${shown(entry.path)} is a ${entry.type}; only files and folders are accepted`);
    }
    if (FILE_TYPES.has(entry.type) && entry.size > this.limits.maxFileBytes) {
      throw new ScanError('FILE_TOO_LARGE', `file ${shown(entry.path)} is ${formatMegabytes(entry.size)}; the limit is ${formatMegabytes(this.limits.maxFileBytes)}`);
    }
  }

  #target(relative: string): string {
    const target = join(this.root, relative);
    // packageRelativePath already refused `..`; this is the last word on escaping the folder.
    if (!target.startsWith(this.root + sep)) throw new ScanError('PATH_ESCAPE', `entry ${shown(relative)} escapes the package folder`);
    return target;
  }

  async #writeFile(entry: ReadEntry, relative: string): Promise<void> {
    const target = this.#target(relative);
    await this.#ensureFolder(dirname(target));
    let bytes = 0;
    const countBytes = (chunk: Buffer): boolean => {
      bytes += chunk.length;
      this.expandedBytes += chunk.length;
      if (bytes <= this.limits.maxFileBytes) return true;
      this.#fail(new ScanError('FILE_TOO_LARGE', `file ${shown(entry.path)} expands past ${formatMegabytes(this.limits.maxFileBytes)}`));
      return false;
    };
    if (entry.size <= BUFFERED_FILE_BYTES) {
      // Most package files are small: one buffered write beats a stream per file.
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => countBytes(chunk) && chunks.push(chunk));
      await new Promise((resolve) => entry.once('end', resolve));
      if (this.writable.destroyed) return;
      await writeFile(target, Buffer.concat(chunks), { flag: 'wx', mode: 0o644 });
    } else {
      await this.#streamFile(entry, target, countBytes);
    }
    this.files.push({ path: relative, size: bytes });
  }

  async #streamFile(entry: ReadEntry, target: string, countBytes: (chunk: Buffer) => boolean): Promise<void> {
    const output = createWriteStream(target, { flags: 'wx', mode: 0o644 });
    this.#open.add(output);
    entry.on('data', (chunk: Buffer) => {
      if (!countBytes(chunk) || output.destroyed) return;
      if (!output.write(chunk)) {
        entry.pause();
        output.once('drain', () => entry.resume());
      }
    });
    entry.once('end', () => output.end());
    try {
      await finished(output);
    } finally {
      this.#open.delete(output);
    }
  }

  #ensureFolder(folder: string): Promise<unknown> {
    let created = this.#folders.get(folder);
    if (!created) {
      created = mkdir(folder, { recursive: true, mode: 0o755 });
      this.#folders.set(folder, created);
    }
    return created;
  }

  #track(work: Promise<unknown>): void {
    this.#inFlight += 1;
    const settled = work.then(
      () => undefined,
      // Errors surface through #fail at once and again from Promise.all in #end.
      (error: unknown) => {
        this.#fail(asScanError(error) ?? describeStreamError(error));
        throw error;
      },
    );
    settled.catch(() => undefined).finally(() => {
      this.#inFlight -= 1;
      if (this.#inFlight < MAX_FILES_IN_FLIGHT) for (const waiter of this.#slotWaiters.splice(0)) waiter();
    });
    this.#pending.push(settled);
  }

  /** Calls `proceed` once fewer than MAX_FILES_IN_FLIGHT writes are open (bounds open files). */
  #whenSlotFree(proceed: () => void): void {
    if (this.#inFlight < MAX_FILES_IN_FLIGHT) proceed();
    else this.#slotWaiters.push(proceed);
  }
}

/**
 * The path inside the package folder for a tar entry path, or null for the package folder
 * itself and for top-level files (npm strips the first segment). Throws PATH_ESCAPE for
 * absolute paths and any `..` segment — refused, not silently rewritten.
 */
export function packageRelativePath(entryPath: string): string | null {
  if (entryPath.includes('\0')) throw new ScanError('PATH_ESCAPE', 'an entry path contains a NUL byte');
  if (/^([/\\]|[a-zA-Z]:)/.test(entryPath)) throw new ScanError('PATH_ESCAPE', `entry ${shown(entryPath)} has an absolute path`);
  const segments = entryPath.split(/[/\\]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new ScanError('PATH_ESCAPE', `entry ${shown(entryPath)} escapes the package folder (..)`);
  if (segments.length < 2) return null;
  return segments.slice(1).join('/');
}

/** A tar path as it may appear in a message: control characters replaced, at most 200 characters. */
function shown(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const printable = path.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}
