/**
 * Test packages built in code. `buildTarball` packs real files with node-tar the way `npm pack`
 * lays them out (under package/); `rawTarball` writes tar headers by hand, for the entries no
 * honest packer produces (`../` paths, absolute paths, links, devices).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { create, Header, type types } from 'tar';

/** A folder per test file: `tarballs/` for inputs, `scans/` as the parent of scan temp folders. */
export interface Workspace {
  root: string;
  tarballs: string;
  scans: string;
  /** Names left in `scans/` — empty after every scan, successful or not. */
  leftoverScanFolders(): Promise<string[]>;
  /** A fresh folder under `scans/` for one scan, so that concurrent tests check only their own. */
  scanFolder(): Promise<string>;
  remove(): Promise<void>;
}

export async function createWorkspace(): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'scanner-test-'));
  const tarballs = join(root, 'tarballs');
  const scans = join(root, 'scans');
  await mkdir(tarballs);
  await mkdir(scans);
  return {
    root,
    tarballs,
    scans,
    leftoverScanFolders: () => readdir(scans),
    scanFolder: () => mkdtemp(join(scans, 'run-')),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

let counter = 0;
const nextName = (label: string) => `${label}-${process.pid}-${(counter += 1)}.tgz`;

/** Writes `files` (package-relative path → content) under package/ and packs them into a .tgz. */
export async function buildTarball(workspace: Workspace, files: Record<string, string | Buffer>, label = 'package'): Promise<string> {
  const source = await mkdtemp(join(workspace.root, 'source-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(source, 'package', path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  const tgz = join(workspace.tarballs, nextName(label));
  await create({ gzip: true, cwd: source, file: tgz, portable: true }, ['package']);
  await rm(source, { recursive: true, force: true });
  return tgz;
}

export const manifest = (fields: Record<string, unknown> = {}) => JSON.stringify({ name: 'fixture-plugin', version: '1.0.0', main: 'index.js', ...fields }, null, 2);

export interface RawEntry {
  path: string;
  type?: types.EntryTypeName;
  body?: string | Buffer;
  linkpath?: string;
}

/** An uncompressed tar stream of `entries`, headers written as given (no path clean-up). */
export function rawTarball(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = new Header({ path: entry.path, type: entry.type ?? 'File', size: body.length, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), linkpath: entry.linkpath });
    header.encode();
    blocks.push(header.block!, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Gzips `rawTarball(entries)` into a .tgz in the workspace. */
export async function writeRawTarball(workspace: Workspace, entries: RawEntry[], label = 'raw'): Promise<string> {
  const tgz = join(workspace.tarballs, nextName(label));
  await writeFile(tgz, gzipSync(rawTarball(entries)));
  return tgz;
}

/**
 * A .tgz holding package.json and one file of `size` zero bytes, streamed through gzip so the
 * test never holds it in memory: 100 MB of zeros compress to about 100 KB.
 */
export async function writeLargeFileTarball(workspace: Workspace, size: number): Promise<string> {
  const tgz = join(workspace.tarballs, nextName('large'));
  const head = rawTarball([{ path: 'package/package.json', body: manifest() }]).subarray(0, -1024);
  const header = new Header({ path: 'package/big.bin', type: 'File', size, mode: 0o644, mtime: new Date(0) });
  header.encode();
  async function* chunks() {
    yield head;
    yield header.block!;
    const zeros = Buffer.alloc(1024 * 1024);
    for (let left = size; left > 0; left -= zeros.length) yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    yield Buffer.alloc((512 - (size % 512)) % 512 + 1024);
  }
  await pipeline(chunks, createGzip({ level: 1 }), createWriteStream(tgz));
  return tgz;
}

/** One part of {@link writeZeroBomb}: a file with content, a file of zeros, or zeros after the end-of-archive blocks. */
export type BombPart = { path: string; body: string } | { path: string; zeroBytes: number } | { trailingZeroBytes: number };

const MiB = 1024 * 1024;
const zeroMembers: Record<number, Buffer> = {};

/**
 * A .tgz of `parts` that costs milliseconds to build however many zeros it holds: every MiB of
 * zeros is the same precompressed gzip member (about 1 KB), and the members are concatenated,
 * which gzip allows (RFC 1952 §2.2) and gunzip reads as one stream. 1 GiB of zeros is a 1 MB file.
 * `trailingZeroBytes` come after the two end-of-archive blocks, with no header of their own.
 * `level` 9 (default) compresses zeros 1,000 times; 1 about 230 times (4.5 KB per MiB), under
 * node-tar's own ratio check of 1,000.
 */
export async function writeZeroBomb(workspace: Workspace, parts: BombPart[], options: { label?: string; level?: number } = {}): Promise<string> {
  const level = options.level ?? 9;
  const zeroMember = (zeroMembers[level] ??= gzipSync(Buffer.alloc(MiB), { level }));
  const tgz = join(workspace.tarballs, nextName(options.label ?? 'bomb'));
  const zeros = function* (bytes: number) {
    for (let left = bytes; left >= MiB; left -= MiB) yield zeroMember;
    if (bytes % MiB) yield gzipSync(Buffer.alloc(bytes % MiB));
  };
  const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);
  async function* members() {
    let hasEnded = false;
    for (const part of parts) {
      if ('trailingZeroBytes' in part) {
        if (!hasEnded) yield gzipSync(Buffer.alloc(1024));
        hasEnded = true;
        yield* zeros(part.trailingZeroBytes);
        continue;
      }
      const size = 'body' in part ? Buffer.byteLength(part.body) : part.zeroBytes;
      const header = new Header({ path: part.path, type: 'File', size, mode: 0o644, uid: 0, gid: 0, mtime: new Date(0) });
      header.encode();
      if ('body' in part) {
        yield gzipSync(Buffer.concat([header.block!, Buffer.from(part.body), padding(size)]));
      } else {
        yield gzipSync(header.block!);
        yield* zeros(size);
        yield gzipSync(padding(size));
      }
    }
    if (!hasEnded) yield gzipSync(Buffer.alloc(1024));
  }
  await pipeline(members, createWriteStream(tgz));
  return tgz;
}
