/**
 * Package uploads: the tarball a creator sends through `POST /uploads/package` is kept in
 * `<dataDir>/uploads/<uploadId>.tgz` with a sidecar naming its uploader, until
 * `submissions.create` moves it under `<dataDir>/packages/`. Only the uploader can use it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, MAX_UPLOAD_BYTES, type UploadOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { readManifest, type PackageManifest } from './read-manifest.ts';

interface UploadRecord extends UploadOutput {
  userId: string;
  manifest: PackageManifest;
}

const uploadsDir = (dataDir: string) => path.join(dataDir, 'uploads');

/**
 * Streams `{ body }` (the tarball's bytes) to `<deps.config.dataDir>/uploads/`, at most
 * {@link MAX_UPLOAD_BYTES} bytes, as an upload of `userId`, and reads its package.json.
 * @returns `{ uploadId, sizeBytes, integrity, name, version }` (integrity: sha512 SRI string).
 * @throws AppError INVALID_INPUT (field "tarball") when it is too large, empty, or not a package;
 *   nothing is kept then.
 */
export async function storeUpload(deps: { config: Pick<AppDeps['config'], 'dataDir'> }, { userId, body }: { userId: string; body: NodeJS.ReadableStream }): Promise<UploadOutput> {
  const { dataDir } = deps.config;
  await mkdir(uploadsDir(dataDir), { recursive: true });
  const uploadId = randomUUID();
  const file = path.join(uploadsDir(dataDir), `${uploadId}.tgz`);
  const hash = createHash('sha512');
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > MAX_UPLOAD_BYTES) return done(new AppError('INVALID_INPUT', { message: `The package is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, field: 'tarball' }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(file));
    if (sizeBytes === 0) throw new AppError('INVALID_INPUT', { message: 'The upload is empty', field: 'tarball' });
    const manifest = await readManifest(file);
    const record: UploadRecord = { uploadId, userId, sizeBytes, integrity: `sha512-${hash.digest('base64')}`, name: manifest.name, version: manifest.version, manifest };
    await writeFile(path.join(uploadsDir(dataDir), `${uploadId}.json`), JSON.stringify(record));
    const { userId: _owner, manifest: _manifest, ...output } = record;
    return output;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/**
 * The upload `uploadId` made by `userId`.
 * @throws AppError NOT_FOUND when there is no such upload of this user.
 */
export async function readUpload(dataDir: string, userId: string, uploadId: string): Promise<UploadRecord & { file: string }> {
  const notFound = new AppError('NOT_FOUND', { message: `No upload ${uploadId}; upload the package again`, field: 'uploadId' });
  if (!/^[\w-]{8,64}$/.test(uploadId)) throw notFound;
  let record: UploadRecord;
  try {
    record = JSON.parse(await readFile(path.join(uploadsDir(dataDir), `${uploadId}.json`), 'utf8')) as UploadRecord;
  } catch {
    throw notFound;
  }
  if (record.userId !== userId) throw notFound;
  return { ...record, file: path.join(uploadsDir(dataDir), `${uploadId}.tgz`) };
}

/** Moves an upload's tarball to `relativeTarget` under the data folder and drops its sidecar. */
export async function keepUpload(dataDir: string, uploadId: string, relativeTarget: string): Promise<void> {
  const target = path.join(dataDir, relativeTarget);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(path.join(uploadsDir(dataDir), `${uploadId}.tgz`), target);
  await rm(path.join(uploadsDir(dataDir), `${uploadId}.json`), { force: true });
}

/** Undoes {@link keepUpload} when the submission could not be recorded, so the upload can be retried. */
export async function restoreUpload(dataDir: string, uploadId: string, relativeTarget: string, record: UploadRecord): Promise<void> {
  await rename(path.join(dataDir, relativeTarget), path.join(uploadsDir(dataDir), `${uploadId}.tgz`));
  await writeFile(path.join(uploadsDir(dataDir), `${uploadId}.json`), JSON.stringify(record));
}
