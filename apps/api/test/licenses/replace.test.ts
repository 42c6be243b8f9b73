/**
 * Support's replacement license and bulk reinstate through the tRPC caller against the real app:
 * the old license revoked, the new one VALID through the public API with the same terms, both
 * linked, audited, a second replacement refused, roles without licenses.manage refused; bulk
 * reinstate answers per license.
 */
import { TRPCError } from '@trpc/server';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let ts: TestServer;
let pluginId: string;
let support: ReturnType<typeof createCaller>;
let supportEmail: string;
let finance: ReturnType<typeof createCaller>;
let moderator: ReturnType<typeof createCaller>;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
  pluginId = (await createPlugin(ts.app.deps.prisma)).id;
  const user = await createTestUser(ts.app.deps.prisma, ['SUPPORT']);
  supportEmail = user.email;
  support = createCaller(await contextFor(ts.app.deps, user));
  finance = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['FINANCE'])));
  moderator = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['MODERATOR'])));
});
afterAll(async () => ts?.close());

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

describe('licenses.replace', () => {
  it('revokes the old license and issues a linked one with the same terms, VALID through the public API, audited on both', async () => {
    const expiresAt = new Date('2027-06-30T00:00:00Z');
    const { license: old, key: oldKey } = await createLicense(ts.app.deps, { pluginId, machineLimit: 5, expiresAt });
    const result = await support.licenses.replace({ licenseId: old.id, reason: 'Key leaked on a public forum, ticket #881' });

    expect(result.replaced).toMatchObject({ id: old.id, status: 'REVOKED', statusReason: 'Replaced: Key leaked on a public forum, ticket #881' });
    expect(result.license).toMatchObject({ status: 'ACTIVE', buyerEmail: old.buyerEmail, plugin: { id: pluginId }, entitlements: old.entitlements, machineLimit: 5, expiresAt, purchaseId: null });
    expect(result.license.id).not.toBe(old.id);
    const current = await ts.app.deps.prisma.signingKey.findFirstOrThrow({ where: { status: 'CURRENT' }, select: { kid: true } });
    expect(decodeJwt(result.key)).toMatchObject({ sub: result.license.id, aud: pluginId, max_machines: 5 });

    expect((await callLicenseApi(ts.url, 'validate', { key: result.key, pluginId })).body).toMatchObject({ valid: true, code: 'VALID', license: { id: result.license.id } });
    expect((await callLicenseApi(ts.url, 'validate', { key: oldKey })).body.code).toBe('REVOKED');

    const newDetail = await support.licenses.get({ id: result.license.id });
    expect(newDetail).toMatchObject({ key: result.key, signingKid: current.kid, replaces: { id: old.id, status: 'REVOKED' }, replacedBy: null });
    const oldDetail = await support.licenses.get({ id: old.id });
    expect(oldDetail.replacedBy).toMatchObject({ id: result.license.id, status: 'ACTIVE' });
    expect(oldDetail.history[0]).toMatchObject({ action: 'licenses.replace', actorEmail: supportEmail, reason: 'Key leaked on a public forum, ticket #881', after: { status: 'REVOKED', replacedByLicenseId: result.license.id } });
    expect(newDetail.history[0]).toMatchObject({ action: 'licenses.issue', actorEmail: supportEmail, after: { replacesLicenseId: old.id } });
  });

  it('replaces an already revoked license without touching its revocation, and refuses a second replacement with CONFLICT naming why', async () => {
    const { license: old } = await createLicense(ts.app.deps, { pluginId, status: 'REVOKED' });
    await ts.app.deps.prisma.license.update({ where: { id: old.id }, data: { statusReason: 'Revoked by mistake' } });
    const first = await support.licenses.replace({ licenseId: old.id, reason: 'The revocation was a mistake' });
    expect(first.replaced).toMatchObject({ status: 'REVOKED', statusReason: 'Revoked by mistake' });
    const second = await codeOf(support.licenses.replace({ licenseId: old.id, reason: 'Again' }));
    expect(second).toMatch(/^CONFLICT: .*already replaced by license .*replace the new one instead/);
    expect(second).toContain(first.license.id);
    expect(await ts.app.deps.prisma.license.count({ where: { replacesLicenseId: old.id } })).toBe(1);
    // The replacement itself can be replaced (a chain), once.
    const next = await support.licenses.replace({ licenseId: first.license.id, reason: 'Leaked again' });
    expect((await support.licenses.get({ id: next.license.id })).replaces?.id).toBe(first.license.id);
  });

  it('is refused to roles without licenses.manage, and NOT_FOUND for an unknown license', async () => {
    const { license } = await createLicense(ts.app.deps, { pluginId });
    expect(await codeOf(finance.licenses.replace({ licenseId: license.id, reason: 'Not mine to do' }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(moderator.licenses.replace({ licenseId: license.id, reason: 'Not mine to do' }))).toMatch(/^FORBIDDEN/);
    expect((await ts.app.deps.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('ACTIVE');
    expect(await codeOf(support.licenses.replace({ licenseId: 'no-such-license-id', reason: 'Typo' }))).toMatch(/^NOT_FOUND/);
  });
});

describe('licenses.bulk reinstate', () => {
  it('reinstates suspended licenses and answers per license for the others', async () => {
    const suspended = await createLicense(ts.app.deps, { pluginId, status: 'SUSPENDED' });
    const active = await createLicense(ts.app.deps, { pluginId });
    const revoked = await createLicense(ts.app.deps, { pluginId, status: 'REVOKED' });
    const { results } = await support.licenses.bulk({ action: 'reinstate', ids: [suspended.license.id, active.license.id, revoked.license.id, 'no-such-license-id'], reason: 'Chargeback resolved' });
    expect(results).toEqual([
      { id: suspended.license.id, ok: true, status: 'ACTIVE', error: null },
      { id: active.license.id, ok: false, status: 'ACTIVE', error: expect.stringMatching(/active: it cannot be reinstated/) },
      { id: revoked.license.id, ok: false, status: 'REVOKED', error: expect.stringMatching(/revoked: it cannot be reinstated/) },
      { id: 'no-such-license-id', ok: false, status: null, error: expect.stringMatching(/No license/) },
    ]);
    expect((await callLicenseApi(ts.url, 'validate', { key: suspended.key })).body.code).toBe('VALID');
    expect((await support.licenses.get({ id: suspended.license.id })).history[0]).toMatchObject({ action: 'licenses.reinstate', reason: 'Chargeback resolved' });
    expect(await codeOf(finance.licenses.bulk({ action: 'reinstate', ids: [suspended.license.id], reason: 'Not mine to do' }))).toMatch(/^FORBIDDEN/);
  });
});
