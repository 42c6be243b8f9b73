/**
 * License races on the PostgreSQL server, with two API processes' worth of apps on one database
 * (each its own pool, keyring and caches; the same LICENSE_KEY_ENCRYPTION_KEY):
 * - 10 simultaneous activations with distinct fingerprints on a license limited to 3 → exactly 3;
 * - revoke on one process, validate on the other → REVOKED on the first try;
 * - a rotation on one process: the other validates the new kid's licenses at once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { rotateSigningKey } from '../../src/modules/licenses/signing-keys.ts';
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
    for (let i = 0; i < 5; i += 1) {
      const { license, key } = await createLicense(first.app.deps, { pluginId });
      expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
      await support.licenses.revoke({ id: license.id, reason: `Chargeback ${i}` });
      expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('REVOKED');
    }
    const { license, key } = await createLicense(first.app.deps, { pluginId });
    await callLicenseApi(second.url, 'validate', { key });
    await support.licenses.suspend({ id: license.id, reason: 'Investigating' });
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('SUSPENDED');
    await support.licenses.reinstate({ id: license.id, reason: 'Cleared' });
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
  });

  it('a key rotated on one process signs licenses the other validates at once', async () => {
    const { kid } = await rotateSigningKey(first.app.deps);
    const { key } = await createLicense(first.app.deps, { pluginId });
    expect(JSON.parse(Buffer.from(key.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    expect((await callLicenseApi(second.url, 'validate', { key })).body.code).toBe('VALID');
  });
});
