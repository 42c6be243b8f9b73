/** Builds npm-style package tarballs (files under package/) for tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create } from 'tar';
import { makeTempDir } from './temp-dirs.ts';

/** Writes `files` (path → content) under package/ and packs them into a .tgz; returns its path (removed when the process exits). */
export async function buildPackage(files: Record<string, string>): Promise<string> {
  const dir = makeTempDir('marketdesk-pkg-');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, 'package', name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  const tgz = path.join(dir, 'package.tgz');
  await create({ gzip: true, cwd: dir, file: tgz, portable: true }, ['package']);
  return tgz;
}

export function manifestOf(name: string, version: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, version, main: 'index.js', license: 'MIT', ...extra }, null, 2);
}
