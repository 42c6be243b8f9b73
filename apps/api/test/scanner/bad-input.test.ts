/**
 * Every refused package ends as a FAILED report with its reason, nothing is written outside
 * the per-scan temporary folder, and that folder is gone when scanPackage resolves.
 */
import { existsSync } from 'node:fs';
import { open, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanPackage, type ScanOptions } from '../../src/modules/moderation/scanner/scan-package.ts';
import type { QualityReportResult } from '../../src/modules/moderation/scanner/types.ts';
import { buildTarball, createWorkspace, manifest, rawTarball, writeLargeFileTarball, writeRawTarball, type Workspace } from './package-builder.ts';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

async function scan(tgz: string, options: ScanOptions = {}): Promise<QualityReportResult> {
  const report = await scanPackage(tgz, { tmpDir: workspace.scans, ...options });
  expect(await workspace.leftoverScanFolders()).toEqual([]);
  return report;
}

function expectFailed(report: QualityReportResult, code: string, reason: RegExp) {
  expect(report.status).toBe('FAILED');
  if (report.status !== 'FAILED') return;
  expect(report.failureCode).toBe(code);
  expect(report.failureReason).toMatch(reason);
  expect(report.score).toBeNull();
}

const validManifest = { path: 'package/package.json', body: manifest() };

describe('a scan that succeeds', () => {
  test('removes its temporary folder and writes nothing beside the tarball', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'module.exports = 1;\n' });
    const before = await readdir(workspace.tarballs);
    const report = await scan(tgz);
    expect(report.status).toBe('DONE');
    expect(report.files.map((file) => file.path)).toEqual(['index.js', 'package.json']);
    expect(await readdir(workspace.tarballs)).toEqual(before);
  });
});

describe('input that is not a package tarball', () => {
  test('random bytes are refused as not gzip', async () => {
    const tgz = join(workspace.tarballs, 'random.tgz');
    await writeFile(tgz, Buffer.from('this is not a tarball at all, just text'));
    expectFailed(await scan(tgz), 'NOT_GZIP', /not a gzip file/);
  });

  test('an uncompressed tar is refused as not gzip', async () => {
    const tgz = join(workspace.tarballs, 'plain.tar');
    await writeFile(tgz, rawTarball([validManifest]));
    expectFailed(await scan(tgz), 'NOT_GZIP', /not a gzip file/);
  });

  test('a gzip header followed by garbage is corrupt', async () => {
    const tgz = join(workspace.tarballs, 'garbage.tgz');
    await writeFile(tgz, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('garbage garbage garbage garbage')]));
    expectFailed(await scan(tgz), 'CORRUPT_ARCHIVE', /corrupt gzip data/);
  });

  test('a truncated tarball is corrupt', async () => {
    const whole = gzipSync(rawTarball([validManifest, { path: 'package/index.js', body: 'x'.repeat(50_000) }]));
    const tgz = join(workspace.tarballs, 'truncated.tgz');
    await writeFile(tgz, whole.subarray(0, Math.floor(whole.length / 2)));
    expectFailed(await scan(tgz), 'CORRUPT_ARCHIVE', /corrupt gzip data: unexpected end of file/);
  });

  test('gzip of something that is not tar is corrupt', async () => {
    const tgz = join(workspace.tarballs, 'not-tar.tgz');
    await writeFile(tgz, gzipSync(Buffer.from('just some text, no tar headers in here\n'.repeat(40))));
    expectFailed(await scan(tgz), 'CORRUPT_ARCHIVE', /corrupt tar data/);
  });

  test('a tarball gzipped twice is refused', async () => {
    const tgz = join(workspace.tarballs, 'double.tgz');
    await writeFile(tgz, gzipSync(gzipSync(rawTarball([validManifest]))));
    expectFailed(await scan(tgz), 'CORRUPT_ARCHIVE', /gzip-compressed twice/);
  });

  test('a missing file is unreadable', async () => {
    expectFailed(await scan(join(workspace.tarballs, 'does-not-exist.tgz')), 'TARBALL_UNREADABLE', /cannot read the tarball/);
  });
});

describe('size limits', () => {
  test('a tarball over 50 MB is refused before it is read', async () => {
    // A sparse file: 50 MB + 1 byte on paper, nothing on disk; only the gzip magic is real.
    const tgz = join(workspace.tarballs, 'huge.tgz');
    const handle = await open(tgz, 'w');
    await handle.write(Buffer.from([0x1f, 0x8b]));
    await handle.close();
    await truncate(tgz, 50 * 1024 * 1024 + 1);
    expectFailed(await scan(tgz), 'TARBALL_TOO_LARGE', /50\.0 MB; the limit is 50\.0 MB/);
  });

  test('a tarball over a lowered limit is refused', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'index.js': 'x'.repeat(2000) });
    expectFailed(await scan(tgz, { limits: { maxTarballBytes: 100 } }), 'TARBALL_TOO_LARGE', /the limit is 0\.00 MB/);
  });

  test('a file that expands past 100 MB is refused (real limit, 100 KB of gzip)', async () => {
    const tgz = await writeLargeFileTarball(workspace, 100 * 1024 * 1024 + 1);
    const started = performance.now();
    expectFailed(await scan(tgz), 'FILE_TOO_LARGE', /big\.bin is 100\.0 MB; the limit is 100\.0 MB/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('a file over a lowered per-file limit is refused', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': manifest(), 'data.txt': 'y'.repeat(10_000) });
    expectFailed(await scan(tgz, { limits: { maxFileBytes: 5_000 } }), 'FILE_TOO_LARGE', /data\.txt/);
  });

  test('a package that expands past the total limit is refused while streaming', async () => {
    const files: Record<string, string> = { 'package.json': manifest() };
    for (let i = 0; i < 20; i += 1) files[`chunk-${i}.txt`] = 'z'.repeat(10_000);
    const tgz = await buildTarball(workspace, files);
    expectFailed(await scan(tgz, { limits: { maxExpandedBytes: 100_000 } }), 'EXPANDED_TOO_LARGE', /expands to more than/);
  });

  test('more than 20,000 entries are refused (real limit)', async () => {
    const entries = [validManifest, ...Array.from({ length: 20_000 }, (_, i) => ({ path: `package/f${i}.txt`, body: '' }))];
    const tgz = await writeRawTarball(workspace, entries, 'many');
    expectFailed(await scan(tgz), 'TOO_MANY_ENTRIES', /more than 20,000 entries/);
  }, 60_000);

  test('more entries than a lowered limit are refused', async () => {
    const entries = [validManifest, ...Array.from({ length: 10 }, (_, i) => ({ path: `package/f${i}.js`, body: '1;' }))];
    expectFailed(await scan(await writeRawTarball(workspace, entries), { limits: { maxEntries: 5 } }), 'TOO_MANY_ENTRIES', /more than 5 entries/);
  });
});

describe('entries that would escape the folder or are not plain files', () => {
  test('a ../ path is refused and nothing lands outside', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/../../escaped.txt', body: 'owned' }]);
    expectFailed(await scan(tgz), 'PATH_ESCAPE', /escapes the package folder/);
    expect(existsSync(join(workspace.scans, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(workspace.root, 'escaped.txt'))).toBe(false);
  });

  test('a path that is only ../ segments is refused', async () => {
    const tgz = await writeRawTarball(workspace, [{ path: '../../../escaped-2.txt', body: 'owned' }, validManifest]);
    expectFailed(await scan(tgz), 'PATH_ESCAPE', /\.\./);
    expect(existsSync(join(workspace.root, 'escaped-2.txt'))).toBe(false);
  });

  test('an absolute path is refused and nothing is written there', async () => {
    const target = join(workspace.root, 'absolute-target.txt');
    const tgz = await writeRawTarball(workspace, [validManifest, { path: target, body: 'owned' }]);
    expectFailed(await scan(tgz), 'PATH_ESCAPE', /absolute path/);
    expect(existsSync(target)).toBe(false);
  });

  test('a symbolic link is refused', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' }]);
    expectFailed(await scan(tgz), 'LINK_ENTRY', /symbolic link \(to \/etc\/passwd\)/);
  });

  test('a symbolic link followed by a file written through it is refused at the link', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/out', type: 'SymbolicLink', linkpath: workspace.root }, { path: 'package/out/through-link.txt', body: 'owned' }]);
    expectFailed(await scan(tgz), 'LINK_ENTRY', /symbolic link/);
    expect(existsSync(join(workspace.root, 'through-link.txt'))).toBe(false);
  });

  test('a hard link is refused', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/hard', type: 'Link', linkpath: 'package/package.json' }]);
    expectFailed(await scan(tgz), 'LINK_ENTRY', /hard link/);
  });

  test('a character device is refused', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/null', type: 'CharacterDevice' }]);
    expectFailed(await scan(tgz), 'SPECIAL_ENTRY', /CharacterDevice/);
  });

  test('a FIFO is refused', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/pipe', type: 'FIFO' }]);
    expectFailed(await scan(tgz), 'SPECIAL_ENTRY', /FIFO/);
  });

  test('a file and a folder at the same path are refused, naming the entry but not the temp folder', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/lib', body: 'a file' }, { path: 'package/lib/index.js', body: '1;' }]);
    const report = await scan(tgz);
    expectFailed(report, 'CORRUPT_ARCHIVE', /a file and a folder share a path: .*lib/);
    expect(report.failureReason).not.toContain('marketdesk-scan-');
  });

  test('the same path twice is refused', async () => {
    const tgz = await writeRawTarball(workspace, [validManifest, { path: 'package/index.js', body: 'a' }, { path: 'package/index.js', body: 'b' }]);
    expectFailed(await scan(tgz), 'DUPLICATE_ENTRY', /appears twice/);
  });
});

describe('package.json', () => {
  test('not JSON fails with the parser reason', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': '{ "name": "broken", ', 'index.js': '1;' });
    expectFailed(await scan(tgz), 'MANIFEST_INVALID', /package\.json is not valid JSON: .+/);
  });

  test('JSON that is not an object fails', async () => {
    const tgz = await buildTarball(workspace, { 'package.json': '["a", "b"]' });
    expectFailed(await scan(tgz), 'MANIFEST_INVALID', /must be a JSON object/);
  });

  test('missing fails', async () => {
    const tgz = await buildTarball(workspace, { 'index.js': '1;' });
    expectFailed(await scan(tgz), 'MANIFEST_MISSING', /no package\.json/);
  });
});
