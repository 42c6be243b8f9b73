/**
 * The verified-key cache and the batched validation records, against the real app and database
 * (PGlite, or the PostgreSQL server with DATABASE_URL): a key seen before is answered from the
 * cache with the same answer while its license row is still read on every call; a rotation drops
 * the cache and a key whose signing key is gone is refused; the cache is bounded; validations are
 * counted exactly (N calls → N) by a flush at the interval, at FLUSH_AT_ENTRIES, and on close.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFor } from '../../src/modules/licenses/keyring-for.ts';
import { validateLicense, type LicenseApiDeps } from '../../src/modules/licenses/license-api.ts';
import { rotateSigningKey, type Keyring } from '../../src/modules/licenses/signing-keys.ts';
import { ValidationRecorder } from '../../src/modules/licenses/validation-recorder.ts';
import { VerifiedKeyCache, verifiedKeysFor } from '../../src/modules/licenses/verified-key-cache.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let ts: TestServer;
let pluginId: string;
/** A key each cache validates first: a cache keeps nothing until a license read has told it the signing keys' version. */
let firstKey: string;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
  pluginId = (await createPlugin(ts.app.deps.prisma)).id;
  firstKey = (await createLicense(ts.app.deps, { pluginId })).key;
  await callLicenseApi(ts.url, 'validate', { key: firstKey });
});
afterAll(async () => ts?.close());

/** The answer without what differs per call (`ts`, `nonce`). */
const stable = (text: string) => {
  const { ts: _ts, nonce: _nonce, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
};

/** Service-level deps with their own cache (after its first read) and, optionally, a keyring that has lost some kids. */
async function apiDeps(cache: VerifiedKeyCache, keyring: Keyring = keyringFor(ts.app.deps)): Promise<LicenseApiDeps> {
  const deps: LicenseApiDeps = { prisma: ts.app.deps.prisma, clock: ts.app.deps.clock, keyring, issuer: ts.app.deps.config.licenseIssuer, query: (sql, params, name) => ts.db.query(sql, params, name), verifiedKeys: cache };
  await validateLicense(deps, { key: firstKey });
  expect(cache.size).toBe(0);
  return deps;
}

describe('a key seen before', () => {
  it('is answered from the cache with the same answer; its license row is still read on every call', async () => {
    const cache = verifiedKeysFor(ts.app.deps)!;
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const first = await callLicenseApi(ts.url, 'validate', { key, pluginId });
    const hitsBefore = cache.hits;
    const second = await callLicenseApi(ts.url, 'validate', { key, pluginId });
    expect(cache.hits).toBe(hitsBefore + 1);
    expect(second.body.code).toBe('VALID');
    expect(stable(second.text)).toEqual(stable(first.text));

    const support = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['SUPPORT'])));
    await support.licenses.suspend({ id: license.id, reason: 'Investigating' });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('SUSPENDED');
    await support.licenses.revoke({ id: license.id, reason: 'Chargeback' });
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('REVOKED');
    expect(cache.hits).toBe(hitsBefore + 3);
  });

  it('is verified again when its exp has passed: EXPIRED, as without the cache', async () => {
    const cache = new VerifiedKeyCache(10);
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
    const { key } = await createLicense(ts.app.deps, { pluginId, expiresAt });
    const deps = await apiDeps(cache);
    await validateLicense(deps, { key });
    expect((await validateLicense(deps, { key })).body.code).toBe('VALID');
    expect(cache.hits).toBe(1);
    const later = { ...deps, clock: { now: () => new Date(expiresAt.getTime() + 1000) } };
    expect((await validateLicense(later, { key })).body.code).toBe('EXPIRED');
    expect(cache.hits).toBe(1);
  });
});

describe('key rotation', () => {
  it('drops every cached verification; the next answers are verified again and signed with the new key at once', async () => {
    const cache = verifiedKeysFor(ts.app.deps)!;
    const { key } = await createLicense(ts.app.deps, { pluginId });
    await callLicenseApi(ts.url, 'validate', { key });
    await callLicenseApi(ts.url, 'validate', { key });
    expect(cache.size).toBeGreaterThan(0);
    const { kid } = await rotateSigningKey(ts.app.deps);
    const misses = cache.misses;
    const after = await callLicenseApi(ts.url, 'validate', { key });
    expect(after.body.code).toBe('VALID');
    expect(cache.misses).toBe(misses + 1); // found, then verified again: the key set changed
    expect(after.headers.get('license-signature')).toContain(`keyid="${kid}"`);
    expect(cache.size).toBe(1); // only what was verified under the new keys
    const hits = cache.hits;
    await callLicenseApi(ts.url, 'validate', { key });
    expect(cache.hits).toBe(hits + 1);
  });

  it('a key whose signing key is gone after the change is refused, though it was cached', async () => {
    const cache = new VerifiedKeyCache(10);
    const { key } = await createLicense(ts.app.deps, { pluginId });
    const real = keyringFor(ts.app.deps);
    let removedKid: string | null = null;
    // The keyring as it would be with the key deleted: it no longer verifies that kid.
    const keyring = Object.assign(Object.create(real) as Keyring, {
      verificationKey: (kid: string) => (kid === removedKid ? Promise.resolve(null) : real.verificationKey(kid)),
      forgetPublicKeys: () => real.forgetPublicKeys(),
    });
    const deps = await apiDeps(cache, keyring);
    await validateLicense(deps, { key });
    expect((await validateLicense(deps, { key })).body.code).toBe('VALID');
    expect(cache.hits).toBe(1);
    const { retiredKid } = await rotateSigningKey(ts.app.deps);
    removedKid = retiredKid;
    const refused = await validateLicense(deps, { key });
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND', valid: false, license: null });
    expect(refused.body.detail).toMatch(/unknown key/);
  });
});

describe('bounds', () => {
  it('keeps at most its size, dropping the least recently used key', async () => {
    const cache = new VerifiedKeyCache(2);
    const deps = await apiDeps(cache);
    const keys = await Promise.all([0, 1, 2].map(async () => (await createLicense(ts.app.deps, { pluginId })).key));
    for (const key of keys) await validateLicense(deps, { key });
    expect(cache.size).toBe(2);
    const hits = cache.hits;
    await validateLicense(deps, { key: keys[2]! });
    expect(cache.hits).toBe(hits + 1);
    await validateLicense(deps, { key: keys[0]! });
    expect(cache.hits).toBe(hits + 1); // dropped: verified again
    expect(cache.size).toBe(2);
  });
});

describe('batched validation records', () => {
  it('N validations through the API are counted N times and logged N times once flushed', async () => {
    const { license, key } = await createLicense(ts.app.deps, { pluginId });
    const n = 40;
    const answers = await Promise.all(Array.from({ length: n }, () => callLicenseApi(ts.url, 'validate', { key })));
    expect(answers.every((a) => a.body.code === 'VALID')).toBe(true);
    const { prisma } = ts.app.deps;
    await expect.poll(async () => (await prisma.licenseValidationDay.aggregate({ where: { licenseId: license.id }, _sum: { count: true } }))._sum.count, { timeout: 10_000 }).toBe(n);
    await expect.poll(() => prisma.licenseValidation.count({ where: { licenseId: license.id } }), { timeout: 10_000 }).toBe(n);
  });

  it('flushes on close, and as soon as FLUSH_AT_ENTRIES entries wait, without the interval', async () => {
    const { prisma } = ts.app.deps;
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const hour = new Date(Date.UTC(2026, 10, 30, 12));
    const recorder = new ValidationRecorder(prisma, pino({ level: 'silent' }), 3_600_000, 1000, 10);
    const validate = () => {
      recorder.record(license.id, null, hour);
      recorder.recordAnswer({ licenseId: license.id, occurredAt: hour, code: 'VALID', fingerprint: null, ipPrefix: null, userAgent: null, pluginVersion: null });
    };
    for (let i = 0; i < 12; i += 1) validate();
    // The 10th entry started a flush (the interval is an hour away); it wrote the 12 waiting.
    await expect.poll(() => prisma.licenseValidation.count({ where: { licenseId: license.id } }), { timeout: 10_000 }).toBe(12);
    for (let i = 0; i < 3; i += 1) validate();
    await recorder.close();
    expect(await prisma.licenseValidation.count({ where: { licenseId: license.id } })).toBe(15);
    expect((await prisma.licenseValidationDay.findMany({ where: { licenseId: license.id } })).map((d) => d.count)).toEqual([15]);
  });
});
