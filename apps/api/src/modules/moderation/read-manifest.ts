/**
 * Reads `package/package.json` out of an npm tarball without unpacking anything to disk
 * (the scanner unpacks it safely later, in its own temporary folder).
 */
import { createReadStream } from 'node:fs';
import { list } from 'tar';
import { AppError } from '@marketdesk/shared';

const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface PackageManifest {
  name: string;
  version: string;
  [key: string]: unknown;
}

/**
 * @returns the parsed package.json of the tarball at `tgzPath`.
 * @throws AppError INVALID_INPUT (field "tarball") when the file is not a gzipped tar, has no
 *   package/package.json, or that file is not JSON or lacks a string name and version.
 */
export async function readManifest(tgzPath: string): Promise<PackageManifest> {
  const chunks: Buffer[] = [];
  let size = 0;
  let isFound = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = list({
        strict: true,
        filter: (entryPath) => entryPath.replace(/^\.\//, '') === 'package/package.json',
        onReadEntry: (entry) => {
          isFound = true;
          entry.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_MANIFEST_BYTES) chunks.push(chunk);
          });
        },
      });
      parser.on('error', reject);
      parser.on('end', () => resolve());
      parser.on('finish', () => resolve());
      createReadStream(tgzPath).on('error', reject).pipe(parser as unknown as NodeJS.WritableStream);
    });
  } catch (error) {
    throw new AppError('INVALID_INPUT', { message: `The upload is not a readable .tgz package: ${(error as Error).message}`, field: 'tarball', cause: error });
  }
  if (!isFound) throw new AppError('INVALID_INPUT', { message: 'The package has no package/package.json', field: 'tarball' });
  if (size > MAX_MANIFEST_BYTES) throw new AppError('INVALID_INPUT', { message: 'package.json is larger than 1 MB', field: 'tarball' });
  let manifest: unknown;
  try {
    manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new AppError('INVALID_INPUT', { message: `package.json is not valid JSON: ${(error as Error).message}`, field: 'tarball', cause: error });
  }
  const { name, version } = (manifest ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) {
    throw new AppError('INVALID_INPUT', { message: 'package.json must have a string "name" and "version"', field: 'tarball' });
  }
  return manifest as PackageManifest;
}
