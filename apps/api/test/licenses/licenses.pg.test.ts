/**
 * License races on the PostgreSQL server, with two API processes' worth of apps on one database
 * (each its own pool, keyring and caches; the same LICENSE_KEY_ENCRYPTION_KEY):
 * - 10 simultaneous activations with distinct fingerprints on a license limited to 3 → exactly 3;
 * - revoke on one process, validate on the other → REVOKED on the first try, though the other
 *   answers that key from its verified-key cache;
 * - a rotation on one process: the other validates the new kid's licenses at once, verifies its
 *   cached keys again on its next call and signs with the new key from then on;
 * - a process closed gracefully has written every validation it answered.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { rotateSigningKey } from '../../src/modules/licenses/signing-keys.ts';
import { verifiedKeysFor } from '../../src/modules/licenses/verified-key-cache.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, startTestServer, tempDir, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let first: TestServer;
let second: TestServer;
let pluginId: string;

beforeAll(async () => {
  const config = { licenseKeyEncryptionKey: randomBytes(32).toString('base64url'), licenseRateLimitPerLicense: 10_000, licenseRateLimitPerIp: 100_000 };
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  first = await startTestServer({ db, config });
  const other = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
  second = await startTestServer({ db: other, config });
  pluginId = (await createPlugin(first.app.deps.prisma)).id;
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('machine limit under concurrency (PostgreSQL)', () => {
  it('10 simultaneous activations with distinct fingerprints on a limit-3 license: exactly 3 succeed, on both processes together', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { license, key } = await createLicense(first.app.deps, { pluginId, machineLimit: 3 });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => callLicenseApi(i % 2 ? second.url : first.url, 'activate', { key, fingerprint: `machine-${round}-${i}` })));
      expect(answers.filter((a) => a.status === 201 && a.body.code === 'VALID')).toHaveLength(3);
      const refused = answers.filter((a) => a.body.code === 'TOO_MANY_MACHINES');
      expect(refused).toHaveLength(7);
      for (const a of refused) expect(a.body.license!.machines).toBe(3);
      expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
      expect(await first.app.deps.prisma.activation.count({ where: { licenseId: license.id, deactivatedAt: null } })).toBe(3);
    }
  });

  it('the same fingerprint activated 10 times at once makes one activation', async () => {
    const { license, key } = await createLicense(first.app.deps, { pluginId, machineLimit: 3 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => callLicenseApi(i % 2 ? second.url : first.url, 'activate', { key, fingerprint: 'same-machine' })));
    expect(answers.every((a) => a.body.code === 'VALID')).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.activation!.id)).size).toBe(1);
    expect(await first.app.deps.prisma.activation.count({ where: { licenseId: license.id } })).toBe(1);
  });
});

describe('two API processes', () => {
  it('support revokes on one process; the other validates REVOKED on the first try', async () => {
    const support = createCaller(await contextFor(first.app.deps, await createTestUser(first.app.deps.prisma, ['SUPPORT'])));
    const cache = verifiedKeysFor(second.app.deps)!;
    for (let i = 0; i < 5; i += 1) {
      const { license, key } = await createLicense(first.app.deps, { pluginId });
      expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
      expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
      const hits = cache.hits;
      await support.licenses.revoke({ id: license.id, reason: `Chargeback ${i}` });
      expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('REVOKED');
      expect(cache.hits).toBe(hits + 1); // the key came from the cache; the license row did not
    }
    const { license, key } = await createLicense(first.app.deps, { pluginId });
    await callLicenseApi(second.url, 'validate', { key });
    await support.licenses.suspend({ id: license.id, reason: 'Investigating' });
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('SUSPENDED');
    await support.licenses.reinstate({ id: license.id, reason: 'Cleared' });
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
  });

  it('a rotation on one process: the other verifies its cached keys again on its next call and signs with the new key', async () => {
    const cache = verifiedKeysFor(second.app.deps)!;
    const { key } = await createLicense(first.app.deps, { pluginId });
    await callLicenseApi(second.url, 'validate', { key });
    await callLicenseApi(second.url, 'validate', { key });
    const { kid } = await rotateSigningKey(first.app.deps);
    const misses = cache.misses;
    const answer = await callLicenseApi(second.url, 'validate', { key });
    expect(answer.body.code).toBe('VALID');
    expect(cache.misses).toBe(misses + 1);
    expect(answer.headers.get('license-signature')).toContain(`keyid="${kid}"`);
  });

  it('a key rotated on one process signs licenses the other validates at once', async () => {
    const { kid } = await rotateSigningKey(first.app.deps);
    const { key } = await createLicense(first.app.deps, { pluginId });
    expect(JSON.parse(Buffer.from(key.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
  });
});

describe('graceful shutdown', () => {
  it('a process closed right after answering has written every validation it counted and logged', async () => {
    const other = await openDatabase({ databaseUrl: first.db.url, dataDir: tempDir() });
    const third = await startTestServer({ db: other, config: { licenseKeyEncryptionKey: first.app.deps.config.licenseKeyEncryptionKey, licenseRateLimitPerLicense: 10_000, licenseRateLimitPerIp: 100_000 } });
    const { license, key } = await createLicense(first.app.deps, { pluginId });
    const n = 30;
    const answers = await Promise.all(Array.from({ length: n }, () => callLicenseApi(third.url, 'validate', { key })));
    expect(answers.every((a) => a.body.code === 'VALID')).toBe(true);
    await third.close();
    const { prisma } = first.app.deps;
    expect((await prisma.licenseValidationDay.aggregate({ where: { licenseId: license.id }, _sum: { count: true } }))._sum.count).toBe(n);
    expect(await prisma.licenseValidation.count({ where: { licenseId: license.id } })).toBe(n);
  });
});
