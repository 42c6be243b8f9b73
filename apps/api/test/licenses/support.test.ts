/**
 * Support's `licenses.*` procedures through the tRPC caller against the real app: search by pasted
 * key / email / id / plugin with keyset pages, the license page's data, suspend / reinstate /
 * revoke / free a machine / bulk — each with a reason and an audit row — and the public API
 * reporting each change on the next call.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let ts: TestServer;
let support: ReturnType<typeof createCaller>;
let finance: ReturnType<typeof createCaller>;
let supportEmail: string;

beforeAll(async () => {
  ts = await startTestServer();
  const user = await createTestUser(ts.app.deps.prisma, ['SUPPORT']);
  supportEmail = user.email;
  support = createCaller(await contextFor(ts.app.deps, user));
  finance = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['FINANCE'])));
});
afterAll(async () => ts?.close());

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

describe('licenses.search', () => {
  it('finds by pasted key, email, license id, purchase-less id and plugin name, newest first with keyset pages', async () => {
    const plugin = await createPlugin(ts.app.deps.prisma);
    const email = `Search.Buyer-${Date.now()}@Example.com`;
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await createLicense(ts.app.deps, { pluginId: plugin.id, buyerEmail: email, issuedAt: new Date(Date.UTC(2026, 0, 1 + i)) }));

    const byKey = await support.licenses.search({ query: `  ${made[2]!.key}  ` });
    expect(byKey.matchedBy).toBe('key');
    expect(byKey.items.map((l) => l.id)).toEqual([made[2]!.license.id]);

    const byEmail = await support.licenses.search({ query: email.toLowerCase(), limit: 2 });
    expect(byEmail.matchedBy).toBe('email');
    expect(byEmail.items.map((l) => l.id)).toEqual([made[4]!.license.id, made[3]!.license.id]);
    const page2 = await support.licenses.search({ query: email, limit: 2, cursor: byEmail.nextCursor! });
    const page3 = await support.licenses.search({ query: email, limit: 2, cursor: page2.nextCursor! });
    expect([...page2.items, ...page3.items].map((l) => l.id)).toEqual([made[2]!.license.id, made[1]!.license.id, made[0]!.license.id]);
    expect(page3.nextCursor).toBeNull();

    expect((await support.licenses.search({ query: made[0]!.license.id })).items.map((l) => l.id)).toEqual([made[0]!.license.id]);
    expect((await support.licenses.search({ query: made[0]!.license.keyId })).items.map((l) => l.id)).toEqual([made[0]!.license.id]);
    const byPlugin = await support.licenses.search({ query: plugin.name.toUpperCase() });
    expect(byPlugin.items).toHaveLength(5);
    expect(byPlugin.items[0]).toMatchObject({ plugin: { id: plugin.id, name: plugin.name }, buyerEmail: email, status: 'ACTIVE', activeMachines: 0, machineLimit: 3 });
    expect((await support.licenses.search({ pluginId: plugin.id, status: 'REVOKED' })).items).toEqual([]);
    expect(await codeOf(support.licenses.search({ cursor: 'bm9wZQ' }))).toMatch(/^BAD_REQUEST/);
  });

  it('is refused to finance (licenses.read is ADMIN and SUPPORT)', async () => {
    expect(await codeOf(finance.licenses.search({}))).toMatch(/^FORBIDDEN/);
  });
});

describe('support actions', () => {
  it('suspend → SUSPENDED on the next call; reinstate → VALID; revoke → REVOKED, final; each with a reason and an audit row', async () => {
    const plugin = await createPlugin(ts.app.deps.prisma);
    const { license, key } = await createLicense(ts.app.deps, { pluginId: plugin.id });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('VALID');

    expect(await codeOf(support.licenses.suspend({ id: license.id, reason: '' }))).toMatch(/^BAD_REQUEST: [\s\S]*reason/);
    expect(await support.licenses.suspend({ id: license.id, reason: 'Chargeback investigation' })).toMatchObject({ status: 'SUSPENDED', statusReason: 'Chargeback investigation' });
    const suspended = await callLicenseApi(ts.url, 'validate', { key });
    expect(suspended.body).toMatchObject({ code: 'SUSPENDED', detail: expect.stringContaining('suspended') });
    expect(suspended.text).not.toContain('Chargeback investigation');
    expect(await codeOf(support.licenses.suspend({ id: license.id, reason: 'again' }))).toMatch(/^CONFLICT: .*suspended/);

    await support.licenses.reinstate({ id: license.id, reason: 'Cleared by the bank' });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('VALID');

    await support.licenses.revoke({ id: license.id, reason: 'Key posted publicly' });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(await codeOf(support.licenses.reinstate({ id: license.id, reason: 'oops' }))).toMatch(/^CONFLICT: .*revoked/);
    expect(await codeOf(support.licenses.revoke({ id: 'no-such-license', reason: 'gone' }))).toMatch(/^NOT_FOUND/);

    const detail = await support.licenses.get({ id: license.id });
    expect(detail).toMatchObject({ status: 'REVOKED', statusReason: 'Key posted publicly', statusChangedBy: supportEmail, key });
    expect(detail.history.map((h) => [h.action, h.reason, h.actorEmail])).toEqual([
      ['licenses.revoke', 'Key posted publicly', supportEmail],
      ['licenses.reinstate', 'Cleared by the bank', supportEmail],
      ['licenses.suspend', 'Chargeback investigation', supportEmail],
    ]);
    expect(detail.history[0]).toMatchObject({ before: { status: 'ACTIVE' }, after: { status: 'REVOKED' } });
  });

  it('licenses.get: activations with last seen, validations per day for 30 days, and freeing a machine', async () => {
    const plugin = await createPlugin(ts.app.deps.prisma);
    const { license, key } = await createLicense(ts.app.deps, { pluginId: plugin.id, machineLimit: 1 });
    await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'pc-1', name: 'Office PC' });
    for (let i = 0; i < 2; i += 1) await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'pc-1' });
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await ts.app.deps.prisma.licenseValidationDay.create({ data: { licenseId: license.id, day: new Date(`${threeDaysAgo.toISOString().slice(0, 10)}T00:00:00Z`), count: 7 } });
    const today = new Date().toISOString().slice(0, 10);
    await expect.poll(async () => (await support.licenses.get({ id: license.id })).validationsPerDay.at(-1), { timeout: 5000 }).toEqual({ day: today, count: 2 });

    const detail = await support.licenses.get({ id: license.id });
    expect(detail.validationsPerDay).toHaveLength(30);
    expect(detail.validationsPerDay.at(-4)).toEqual({ day: threeDaysAgo.toISOString().slice(0, 10), count: 7 });
    expect(detail.validationsPerDay.reduce((sum, d) => sum + d.count, 0)).toBe(9);
    expect(detail.activeMachines).toBe(1);
    expect(detail.activations).toEqual([expect.objectContaining({ fingerprint: 'pc-1', name: 'Office PC', deactivatedAt: null })]);
    expect(detail.purchase).toBeNull();

    const freed = await support.licenses.deactivateMachine({ licenseId: license.id, activationId: detail.activations[0]!.id, reason: 'Buyer replaced the PC' });
    expect(freed.deactivatedAt).toBeInstanceOf(Date);
    expect(await codeOf(support.licenses.deactivateMachine({ licenseId: license.id, activationId: detail.activations[0]!.id, reason: 'twice' }))).toMatch(/^CONFLICT/);
    expect((await callLicenseApi(ts.url, 'validate', { key, fingerprint: 'pc-1' })).body.code).toBe('NO_MACHINE');
    expect((await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'pc-2' })).status).toBe(201);
    expect((await support.licenses.get({ id: license.id })).history[0]).toMatchObject({ action: 'licenses.deactivateMachine', reason: 'Buyer replaced the PC' });
  });

  it('bulk suspend and revoke answer per item; one refusal does not undo the others', async () => {
    const plugin = await createPlugin(ts.app.deps.prisma);
    const a = await createLicense(ts.app.deps, { pluginId: plugin.id });
    const b = await createLicense(ts.app.deps, { pluginId: plugin.id, status: 'REVOKED' });
    const c = await createLicense(ts.app.deps, { pluginId: plugin.id });
    const { results } = await support.licenses.bulk({ ids: [a.license.id, b.license.id, 'missing', c.license.id], action: 'suspend', reason: 'Leaked in a forum' });
    expect(results.map((r) => [r.id, r.ok, r.status])).toEqual([[a.license.id, true, 'SUSPENDED'], [b.license.id, false, 'REVOKED'], ['missing', false, null], [c.license.id, true, 'SUSPENDED']]);
    expect(results[1]!.error).toMatch(/revoked/);
    const revoked = await support.licenses.bulk({ ids: [a.license.id, c.license.id], action: 'revoke', reason: 'Confirmed leak' });
    expect(revoked.results.every((r) => r.ok && r.status === 'REVOKED')).toBe(true);
    expect((await callLicenseApi(ts.url, 'validate', { key: c.key })).body.code).toBe('REVOKED');
    expect(await ts.app.deps.prisma.auditLog.count({ where: { targetId: { in: [a.license.id, c.license.id] }, action: { in: ['licenses.suspend', 'licenses.revoke'] } } })).toBe(4);
  });
});
