/**
 * The review page's package browser and version diff (queue.files, queue.file, queue.diff,
 * queue.fileDiff) on tarballs built here and stored in the data folder as uploads are, and the
 * override reason an approval of a submission with a critical finding needs (queue.approve,
 * queue.bulkDecide, the history and the audit row).
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays, AppError } from '@marketdesk/shared';
import type { AppDeps } from '../src/platform/deps.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';

let db: TestDatabase;
let deps: AppDeps;
beforeAll(async () => {
  db = await openTestDatabase();
  deps = testDeps(db);
});
afterAll(async () => db?.close());

const DAY_MS = 24 * 3600 * 1000;
const INDEX_V1 = "'use strict';\n\nfunction run() {\n  return 1;\n}\n\nmodule.exports = { run };\n";
const INDEX_V2 = "'use strict';\n\nfunction run(code) {\n  return eval(code);\n}\n\nmodule.exports = { run };\n";
const UTIL = 'exports.add = (a, b) => a + b;\n';
const LOGO = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';

async function moderator() {
  const user = await createTestUser(db.prisma, ['MODERATOR']);
  return { user, caller: createCaller(await contextFor(deps, user)) };
}

/** A plugin version whose tarball holds `files`, stored under the data folder, with its submission. */
async function submitVersion(plugin: { id: string; creatorId: string }, version: string, files: Record<string, string>, options: { status?: 'PENDING' | 'APPROVED' | 'REJECTED'; daysAgo?: number; isCritical?: boolean } = {}) {
  const tgz = await buildPackage({ 'package.json': manifestOf(plugin.id, version), ...files });
  const tarballPath = `packages/${plugin.id}/${version}-test.tgz`;
  await mkdir(path.join(deps.config.dataDir, 'packages', plugin.id), { recursive: true });
  await copyFile(tgz, path.join(deps.config.dataDir, tarballPath));
  const submittedAt = new Date(Date.now() - (options.daysAgo ?? 0) * DAY_MS);
  const status = options.status ?? 'PENDING';
  const pluginVersion = await db.prisma.pluginVersion.create({ data: { pluginId: plugin.id, version, tarballPath, status: status === 'APPROVED' ? 'PUBLISHED' : 'IN_REVIEW' } });
  const submission = await db.prisma.submission.create({
    data: {
      pluginVersionId: pluginVersion.id, pluginId: plugin.id, creatorId: plugin.creatorId, status, queueReasons: ['NEW_VERSION'], submittedAt,
      dueAt: addBusinessDays(submittedAt, 3), decidedAt: status === 'PENDING' ? null : submittedAt, hasCriticalFindings: options.isCritical ?? false, reportStatus: 'DONE',
    },
  });
  return submission;
}

async function twoVersions() {
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  const v1 = await submitVersion(plugin, '1.0.0', { 'index.js': INDEX_V1, 'lib/old.js': 'module.exports = 1;\n', 'util.js': UTIL, 'logo.png': LOGO }, { status: 'APPROVED', daysAgo: 10 });
  // Rejected after the approval: never the base of a diff.
  await submitVersion(plugin, '1.1.0', { 'index.js': 'rejected\n' }, { status: 'REJECTED', daysAgo: 5 });
  const v2 = await submitVersion(plugin, '2.0.0', { 'index.js': INDEX_V2, 'lib/new.js': 'module.exports = 2;\nmodule.exports.more = 3;\n', 'util.js': UTIL, 'logo.png': LOGO, 'big.txt': 'x'.repeat(1024 * 1024 + 1) }, { isCritical: true });
  return { creator, plugin, v1, v2 };
}

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message, field: error.cause instanceof AppError ? error.cause.field : undefined };
}

describe('package files', () => {
  it('lists the files with size, kind and line count, and reads a text file (cached after the first read)', async () => {
    const { caller } = await moderator();
    const { v2 } = await twoVersions();
    let started = performance.now();
    const listed = await caller.queue.files({ submissionId: v2.id });
    const firstMs = performance.now() - started;
    started = performance.now();
    await caller.queue.files({ submissionId: v2.id });
    const cachedMs = performance.now() - started;
    console.info(`queue.files: first read (unpack) ${firstMs.toFixed(1)} ms, cached ${cachedMs.toFixed(1)} ms`);
    expect(listed.pluginVersion).toBe('2.0.0');
    expect(listed.files.map((f) => [f.path, f.kind, f.lineCount])).toEqual([
      ['big.txt', 'tooLarge', null], ['index.js', 'text', 7], ['lib/new.js', 'text', 2], ['logo.png', 'binary', null], ['package.json', 'text', expect.any(Number)], ['util.js', 'text', 1],
    ]);
    expect(listed.files.find((f) => f.path === 'big.txt')!.size).toBe(1024 * 1024 + 1);
    expect(await caller.queue.file({ submissionId: v2.id, path: 'index.js' })).toEqual({ path: 'index.js', size: INDEX_V2.length, kind: 'text', lineCount: 7, text: INDEX_V2 });
    expect((await caller.queue.file({ submissionId: v2.id, path: './lib//new.js' })).path).toBe('lib/new.js');
  });

  it('returns no text for binary and too-large files', async () => {
    const { caller } = await moderator();
    const { v2 } = await twoVersions();
    expect(await caller.queue.file({ submissionId: v2.id, path: 'logo.png' })).toMatchObject({ kind: 'binary', text: null });
    expect(await caller.queue.file({ submissionId: v2.id, path: 'big.txt' })).toMatchObject({ kind: 'tooLarge', text: null });
  });

  it('refuses paths outside the package and answers NOT_FOUND for a file it does not have', async () => {
    const { caller } = await moderator();
    const { v2 } = await twoVersions();
    for (const attempt of ['../../../../etc/passwd', 'lib/../../package.json', '/etc/passwd', '..\\..\\etc\\passwd', 'C:/Windows/win.ini']) {
      expect(await errorOf(caller.queue.file({ submissionId: v2.id, path: attempt })), attempt).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/path inside the package/) });
    }
    expect(await errorOf(caller.queue.file({ submissionId: v2.id, path: 'etc/passwd' }))).toMatchObject({ code: 'NOT_FOUND', field: 'path' });
  });

  it('is refused to creators (FORBIDDEN), even for their own submission, and NOT_FOUND for an unknown submission', async () => {
    const { creator, v2 } = await twoVersions();
    const creatorUser = await createTestUser(db.prisma, ['CREATOR']);
    await db.prisma.creatorAccount.update({ where: { id: creator.id }, data: { userId: creatorUser.id } });
    const asCreator = createCaller(await contextFor(deps, creatorUser));
    expect((await errorOf(asCreator.queue.files({ submissionId: v2.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(asCreator.queue.diff({ submissionId: v2.id }))).code).toBe('FORBIDDEN');
    const { caller } = await moderator();
    expect((await errorOf(caller.queue.files({ submissionId: 'cnotasubmission000000000' }))).code).toBe('NOT_FOUND');
  });

  it('answers PRECONDITION_FAILED, without the server path, when the stored tarball is gone', async () => {
    const { caller } = await moderator();
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    const lost = await submitVersion(plugin, '3.0.0', { 'index.js': INDEX_V1 });
    const { tarballPath } = await db.prisma.pluginVersion.findUniqueOrThrow({ where: { id: lost.pluginVersionId } });
    await rm(path.join(deps.config.dataDir, tarballPath!));
    const refused = await errorOf(caller.queue.files({ submissionId: lost.id }));
    expect(refused).toMatchObject({ code: 'PRECONDITION_FAILED', message: 'The stored package file cannot be read' });
  });
});

describe('version diff', () => {
  it('compares with the last approved version: added, removed, changed and unchanged files with line counts', async () => {
    const { caller } = await moderator();
    const { v1, v2 } = await twoVersions();
    const diff = await caller.queue.diff({ submissionId: v2.id });
    expect(diff.base).toMatchObject({ submissionId: v1.id, pluginVersion: '1.0.0' });
    const byPath = Object.fromEntries(diff.files.map((f) => [f.path, [f.change, f.addedLines, f.removedLines]]));
    expect(byPath).toEqual({
      'big.txt': ['added', null, null],
      'index.js': ['changed', 2, 2],
      'lib/new.js': ['added', 2, 0],
      'lib/old.js': ['removed', 0, 1],
      'logo.png': ['unchanged', null, null],
      'package.json': ['changed', 1, 1],
      'util.js': ['unchanged', 0, 0],
    });
    expect(diff.counts).toEqual({ added: 2, removed: 1, changed: 2, unchanged: 2 });
  });

  it('gives a changed file as a git-style unified diff', async () => {
    const { caller } = await moderator();
    const { v2 } = await twoVersions();
    const file = await caller.queue.fileDiff({ submissionId: v2.id, path: 'index.js' });
    expect(file).toMatchObject({ path: 'index.js', change: 'changed', kind: 'text', reason: null });
    expect(file.patch).toMatch(/^diff --git a\/index\.js b\/index\.js\n/);
    expect(file.patch).toContain('\n-  return 1;\n');
    expect(file.patch).toContain('\n+  return eval(code);\n');
    expect(file.patch).toContain('@@ -1,7 +1,7 @@');
    expect(await caller.queue.fileDiff({ submissionId: v2.id, path: 'logo.png' })).toMatchObject({ change: 'unchanged', patch: null, reason: 'Binary file' });
    const removed = await caller.queue.fileDiff({ submissionId: v2.id, path: 'lib/old.js' });
    expect(removed).toMatchObject({ change: 'removed' });
    expect(removed.patch).toContain('\n-module.exports = 1;');
    expect(await errorOf(caller.queue.fileDiff({ submissionId: v2.id, path: 'nothing.js' }))).toMatchObject({ code: 'NOT_FOUND', field: 'path' });
  });

  it('bounds the time a diff may take: two wholly different 60,000-line files get no line counts, and the file diff says why', async () => {
    const { caller } = await moderator();
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    const lines = (prefix: string) => Array.from({ length: 60_000 }, (_, i) => `${prefix}${(i * 7919) % 60_000}`).join('\n');
    await submitVersion(plugin, '1.0.0', { 'data.txt': lines('a') }, { status: 'APPROVED', daysAgo: 3 });
    const next = await submitVersion(plugin, '2.0.0', { 'data.txt': lines('b') });
    let started = performance.now();
    const diff = await caller.queue.diff({ submissionId: next.id });
    const treeMs = performance.now() - started;
    expect(diff.files.find((f) => f.path === 'data.txt')).toMatchObject({ change: 'changed', addedLines: null, removedLines: null });
    started = performance.now();
    expect(await caller.queue.fileDiff({ submissionId: next.id, path: 'data.txt' })).toMatchObject({ change: 'changed', patch: null, reason: 'Too different to compare within 1 s' });
    const fileMs = performance.now() - started;
    console.info(`diff budget: tree ${treeMs.toFixed(0)} ms, file ${fileMs.toFixed(0)} ms`);
    expect(treeMs).toBeLessThan(5000);
    expect(fileMs).toBeLessThan(5000);
  });

  it('has no base for a first version: every file is added', async () => {
    const { caller } = await moderator();
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    const first = await submitVersion(plugin, '0.1.0', { 'index.js': INDEX_V1 });
    const diff = await caller.queue.diff({ submissionId: first.id });
    expect(diff.base).toBeNull();
    expect(diff.files.map((f) => [f.path, f.change])).toEqual([['index.js', 'added'], ['package.json', 'added']]);
  });
});

describe('override reason', () => {
  it('an approval of a submission with a critical finding needs one: refused without, stored on the decision, in the audit row and the history', async () => {
    const { user, caller } = await moderator();
    const { creator, v2 } = await twoVersions();
    await caller.queue.claim({ submissionId: v2.id });
    expect(await errorOf(caller.queue.approve({ submissionId: v2.id, version: 1 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'overrideReason', message: expect.stringMatching(/override reason/) });
    expect(await errorOf(caller.queue.approve({ submissionId: v2.id, version: 1, overrideReason: 'fine' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/overrideReason/) });
    const overrideReason = 'eval only runs the documented expression plugin API';
    expect(await caller.queue.approve({ submissionId: v2.id, version: 1, overrideReason })).toMatchObject({ status: 'APPROVED' });
    const decision = await db.prisma.reviewDecision.findFirstOrThrow({ where: { submissionId: v2.id }, select: { overrideReason: true, moderatorId: true } });
    expect(decision).toEqual({ overrideReason, moderatorId: user.id });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: v2.id, action: 'submissions.approve' } });
    expect(audit).toMatchObject({ reason: overrideReason, after: expect.objectContaining({ overrideReason, status: 'APPROVED' }) });
    const detail = await caller.queue.get({ submissionId: v2.id });
    expect(detail.history.at(-1)).toMatchObject({ kind: 'APPROVE', overrideReason });
    // The creator sees the approval, not the moderators' internal override note.
    const creatorUser = await createTestUser(db.prisma, ['CREATOR']);
    await db.prisma.creatorAccount.update({ where: { id: creator.id }, data: { userId: creatorUser.id } });
    const own = await createCaller(await contextFor(deps, creatorUser)).submissions.get({ submissionId: v2.id });
    expect(own.history.at(-1)).toMatchObject({ kind: 'APPROVE', overrideReason: null });
  });

  it('is not asked of a submission without critical findings', async () => {
    const { caller } = await moderator();
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    const clean = await submitVersion(plugin, '1.0.0', { 'index.js': INDEX_V1 });
    await caller.queue.claim({ submissionId: clean.id });
    await caller.queue.approve({ submissionId: clean.id, version: 1, overrideReason: 'ignored for a clean one' });
    expect(await db.prisma.reviewDecision.findFirstOrThrow({ where: { submissionId: clean.id }, select: { overrideReason: true } })).toEqual({ overrideReason: null });
  });

  it('bulk approval refuses each critical submission with that reason and approves the others', async () => {
    const { caller } = await moderator();
    const { v2 } = await twoVersions();
    const creator = await createCreator(db.prisma);
    const plugin = await createPlugin(db.prisma, creator.id);
    const clean = await submitVersion(plugin, '1.0.0', { 'index.js': INDEX_V1 });
    const { results } = await caller.queue.bulkDecide({ kind: 'APPROVE', items: [{ submissionId: v2.id, version: 1 }, { submissionId: clean.id, version: 1 }] });
    expect(results).toEqual([
      { submissionId: v2.id, outcome: 'refused', reason: expect.stringMatching(/critical finding: approving it needs an override reason/) },
      { submissionId: clean.id, outcome: 'done', reason: null },
    ]);
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: v2.id } })).status).toBe('PENDING');
  });
});
