/**
 * The creator's side over real HTTP: upload a package tarball, submit it, follow it, reply
 * to a change request (re-queued with a 2-business-day due date); other creators' submissions
 * are not found; bad uploads are refused with the reason and leave nothing behind.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '@marketdesk/shared';
import { claimSubmission } from '../src/modules/moderation/claims.ts';
import { decideSubmission } from '../src/modules/moderation/decide.ts';
import { createTestUser, sessionCookieFor, startTestServer, type TestServer } from './harness.ts';
import { createCreator, createPlugin } from './factories.ts';
import { buildPackage, manifestOf } from './packages.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

async function signedInCreator() {
  const user = await createTestUser(server.db.prisma, ['CREATOR']);
  const creator = await createCreator(server.db.prisma, user.id);
  const plugin = await createPlugin(server.db.prisma, creator.id);
  const cookie = await sessionCookieFor(server.app.deps, user);
  return { user, creator, plugin, cookie };
}

async function upload(cookie: string, body: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/uploads/package`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/gzip', 'x-marketdesk-client': 'console', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function trpc(cookie: string, procedure: string, input: unknown, isMutation = true) {
  const url = `${server.url}/trpc/${procedure}${isMutation ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;
  const response = await fetch(url, {
    method: isMutation ? 'POST' : 'GET',
    headers: { cookie, 'content-type': 'application/json', 'x-marketdesk-client': 'console' },
    body: isMutation ? JSON.stringify({ json: input }) : undefined,
  });
  const json = (await response.json()) as { result?: { data: { json: Record<string, any> } }; error?: { json: { message: string } } };
  return { status: response.status, data: json.result?.data.json, error: json.error?.json.message };
}

describe('creator submissions', () => {
  it('uploads a package, submits it as a new version, and follows it', async () => {
    const { plugin, cookie, creator } = await signedInCreator();
    const tgz = await readFile(await buildPackage({ 'package.json': manifestOf(plugin.name, '2.0.0'), 'index.js': 'module.exports = 1;\n' }));
    const uploaded = await upload(cookie, tgz);
    expect(uploaded.status).toBe(200);
    expect(uploaded.json).toMatchObject({ name: plugin.name, version: '2.0.0', sizeBytes: tgz.length, integrity: expect.stringMatching(/^sha512-/) });

    const before = Date.now();
    const created = await trpc(cookie, 'submissions.create', { pluginId: plugin.id, uploadId: uploaded.json.uploadId });
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({ status: 'PENDING', queueReasons: ['NEW_PLUGIN'], pluginVersion: '2.0.0', reportStatus: 'PENDING', report: { status: 'PENDING' } });
    const due = new Date(created.data!.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(addBusinessDays(new Date(before), 3).getTime());
    expect(due).toBeLessThanOrEqual(addBusinessDays(new Date(), 3).getTime());

    const version = await server.db.prisma.pluginVersion.findFirstOrThrow({ where: { pluginId: plugin.id, version: '2.0.0' } });
    expect(await readFile(path.join(server.app.deps.config.dataDir, version.tarballPath!))).toEqual(tgz);
    expect(await readdir(path.join(server.app.deps.config.dataDir, 'uploads'))).not.toContain(`${uploaded.json.uploadId}.tgz`);

    const mine = await trpc(cookie, 'submissions.mine', {}, false);
    expect(mine.data!.items.map((s: { id: string }) => s.id)).toEqual([created.data!.id]);
    expect((await trpc(cookie, 'submissions.get', { submissionId: created.data!.id }, false)).data).toMatchObject({ creator: { id: creator.id } });

    // The same version again is a conflict; the upload is kept for a retry with a bumped version.
    const again = await upload(cookie, tgz);
    const duplicate = await trpc(cookie, 'submissions.create', { pluginId: plugin.id, uploadId: again.json.uploadId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error).toMatch(/already submitted/);
    expect(await readdir(path.join(server.app.deps.config.dataDir, 'uploads'))).toContain(`${again.json.uploadId}.tgz`);
  });

  it('hides other creators\u2019 plugins, uploads and submissions (NOT_FOUND)', async () => {
    const alice = await signedInCreator();
    const bob = await signedInCreator();
    const uploaded = await upload(alice.cookie, await readFile(await buildPackage({ 'package.json': manifestOf(alice.plugin.name, '1.0.0') })));
    expect((await trpc(bob.cookie, 'submissions.create', { pluginId: alice.plugin.id, uploadId: uploaded.json.uploadId })).status).toBe(404);
    expect((await trpc(bob.cookie, 'submissions.create', { pluginId: bob.plugin.id, uploadId: uploaded.json.uploadId })).status).toBe(404);
    const created = await trpc(alice.cookie, 'submissions.create', { pluginId: alice.plugin.id, uploadId: uploaded.json.uploadId });
    expect((await trpc(bob.cookie, 'submissions.get', { submissionId: created.data!.id }, false)).status).toBe(404);
    expect((await trpc(bob.cookie, 'submissions.mine', {}, false)).data!.items).toEqual([]);
  });

  it('refuses a package whose name is not the plugin\u2019s', async () => {
    const { plugin, cookie } = await signedInCreator();
    const uploaded = await upload(cookie, await readFile(await buildPackage({ 'package.json': manifestOf('someone-elses-package', '1.0.0') })));
    const created = await trpc(cookie, 'submissions.create', { pluginId: plugin.id, uploadId: uploaded.json.uploadId });
    expect(created.status).toBe(400);
    expect(created.error).toBe(`The package is "someone-elses-package" but the plugin is "${plugin.name}"`);
  });

  it('re-queues on a reply to a change request, due in 2 business days, refusing stale replies', async () => {
    const { user, plugin, cookie } = await signedInCreator();
    const uploaded = await upload(cookie, await readFile(await buildPackage({ 'package.json': manifestOf(plugin.name, '3.0.0') })));
    const created = await trpc(cookie, 'submissions.create', { pluginId: plugin.id, uploadId: uploaded.json.uploadId });
    const moderator = await createTestUser(server.db.prisma, ['MODERATOR']);
    const actor = { userId: moderator.id, email: moderator.email, requestId: 't', ip: null };
    await claimSubmission(server.app.deps, { actor, submissionId: created.data!.id });
    await decideSubmission(server.app.deps, { actor, kind: 'REQUEST_CHANGES', submissionId: created.data!.id, version: 1, message: 'Add a README' });
    expect((await trpc(cookie, 'submissions.reply', { submissionId: created.data!.id, version: 1, message: 'Done' })).status).toBe(409);
    const replied = await trpc(cookie, 'submissions.reply', { submissionId: created.data!.id, version: 2, message: 'Added README.md' });
    expect(replied.data).toMatchObject({ status: 'PENDING', version: 3 });
    const stored = await server.db.prisma.submission.findUniqueOrThrow({ where: { id: created.data!.id } });
    expect(stored.queueReasons).toEqual(['NEW_PLUGIN', 'CREATOR_REPLY']);
    expect(Math.abs(stored.dueAt.getTime() - addBusinessDays(new Date(), 2).getTime())).toBeLessThan(60_000);
    const detail = await trpc(cookie, 'submissions.get', { submissionId: created.data!.id }, false);
    expect(detail.data!.history.map((h: { kind: string; message: string }) => [h.kind, h.message])).toEqual([['REQUEST_CHANGES', 'Add a README'], ['REPLY', 'Added README.md']]);
    expect(user.id).toBeTruthy();
  });
});

describe('bad uploads', () => {
  it('refuses non-gzip, not-a-package, bad package.json, empty, oversize and cross-site uploads, keeping nothing', async () => {
    const { cookie } = await signedInCreator();
    const uploadsDir = path.join(server.app.deps.config.dataDir, 'uploads');
    const before = await readdir(uploadsDir).catch(() => []);
    const notGzip = await upload(cookie, Buffer.from('this is not a tarball'));
    expect(notGzip).toMatchObject({ status: 400, json: { field: 'tarball', error: expect.stringMatching(/not a readable \.tgz/) } });
    const noManifest = await upload(cookie, await readFile(await buildPackage({ 'index.js': '1' })));
    expect(noManifest.json.error).toBe('The package has no package/package.json');
    const badJson = await upload(cookie, await readFile(await buildPackage({ 'package.json': '{ name: nope' })));
    expect(badJson.json.error).toMatch(/^package.json is not valid JSON/);
    expect((await upload(cookie, Buffer.alloc(0))).status).toBe(400);
    const oversize = await upload(cookie, Buffer.alloc(50 * 1024 * 1024 + 1));
    expect(oversize).toMatchObject({ status: 400, json: { error: 'The package is larger than 50 MB' } });
    const crossSite = await upload(cookie, Buffer.from('x'), { 'x-marketdesk-client': '', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const moderator = await createTestUser(server.db.prisma, ['MODERATOR']);
    const moderatorCookie = await sessionCookieFor(server.app.deps, moderator);
    expect((await upload(moderatorCookie, Buffer.from('x'))).status).toBe(403);
    expect((await upload('', Buffer.from('x'))).status).toBe(401);
    expect(await readdir(uploadsDir).catch(() => [])).toEqual(before);
  });
});
