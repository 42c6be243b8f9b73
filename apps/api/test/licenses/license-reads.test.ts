/**
 * The batched license reads (license-reads.ts) against the real database (PGlite, or the
 * PostgreSQL server with DATABASE_URL): concurrent reads share statements and each gets its own
 * row, fingerprint and null for an unknown key; a lone read is sent at once; a change committed
 * before a call is always seen; a failed statement fails every read in it, and the next ones work.
 * Over HTTP, 60 concurrent validations of 20 licenses (some revoked) answer each key's own status.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseReadsOver, type LicenseRow } from '../../src/modules/licenses/license-api.ts';
import { LicenseReads, MAX_READS_PER_STATEMENT, type RunLicenseQuery } from '../../src/modules/licenses/license-reads.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, createLicense, createPlugin } from './helpers.ts';

let ts: TestServer;
let pluginId: string;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
  pluginId = (await createPlugin(ts.app.deps.prisma)).id;
});
afterAll(async () => ts?.close());

/** The database's query, counting the statements it runs, optionally failing the next one. */
function countingQuery() {
  const counter = { statements: 0, batchSizes: [] as number[], failNext: false };
  const query: RunLicenseQuery = async (sql, params, name) => {
    counter.statements += 1;
    counter.batchSizes.push((params[0] as unknown[]).length);
    if (counter.failNext) {
      counter.failNext = false;
      throw new Error('connection lost (test)');
    }
    return ts.db.query(sql, params, name);
  };
  return { counter, query };
}

describe('batched license reads', () => {
  it('groups concurrent reads into few statements, each answered with its own license, activation and null for an unknown key', async () => {
    const licenses = await Promise.all(Array.from({ length: 40 }, () => createLicense(ts.app.deps, { pluginId })));
    const activated = licenses[7]!.license;
    const activation = await ts.app.deps.prisma.activation.create({ data: { licenseId: activated.id, fingerprint: 'machine-7' } });
    const { counter, query } = countingQuery();
    const reads = licenseReadsOver(query);

    const unknownKeyId = randomUUID();
    const asked = [...licenses.map(({ license }) => ({ keyId: license.keyId, fingerprint: license.id === activated.id ? 'machine-7' : null })), { keyId: unknownKeyId, fingerprint: null }];
    const rows = await Promise.all(asked.map(({ keyId, fingerprint }) => reads.read(keyId, fingerprint)));

    expect(rows.slice(0, 40).map((row) => row?.id)).toEqual(licenses.map(({ license }) => license.id));
    expect(rows[40]).toBeNull();
    expect(rows[7]).toMatchObject({ machines: 1, activationId: activation.id, status: 'ACTIVE' });
    expect(rows.filter((_, i) => i !== 7 && i < 40).every((row) => row!.machines === 0 && row!.activationId === null)).toBe(true);
    // The first read goes alone at once; the 40 others arrive while it is in flight and share the next statement.
    expect(counter.batchSizes).toEqual([1, 40]);
    expect(counter.batchSizes.reduce((sum, size) => sum + size, 0)).toBe(41);
    console.log(`batched reads: 41 concurrent reads in ${counter.statements} statements of ${counter.batchSizes.join(', ')}`);
  });

  it('sends a lone read at once, and never answers a read from before a change committed ahead of the call', async () => {
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const { counter, query } = countingQuery();
    const reads = licenseReadsOver(query);
    expect((await reads.read(license.keyId, null))?.status).toBe('ACTIVE');
    expect(counter.batchSizes).toEqual([1]);
    await ts.app.deps.prisma.license.update({ where: { id: license.id }, data: { status: 'REVOKED' } });
    expect((await reads.read(license.keyId, null))?.status).toBe('REVOKED');
  });

  it('fails every read of a failed statement with its error, and reads again afterwards', async () => {
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const { counter, query } = countingQuery();
    const reads = new LicenseReads<LicenseRow>(query, 'renewal:');
    counter.failNext = true;
    const failed = await Promise.allSettled([reads.read(license.keyId, null), reads.read(license.keyId, null)]);
    // The second read waits for the first read's statement, which fails alone.
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe('connection lost (test)');
    expect((await reads.read(license.keyId, null))?.id).toBe(license.id);
  });

  it('keeps a statement to at most MAX_READS_PER_STATEMENT reads', async () => {
    const { license } = await createLicense(ts.app.deps, { pluginId });
    const { counter, query } = countingQuery();
    const reads = new LicenseReads<LicenseRow>(query, 'renewal:');
    const rows = await Promise.all(Array.from({ length: MAX_READS_PER_STATEMENT + 50 }, () => reads.read(license.keyId, null)));
    expect(rows.every((row) => row?.id === license.id)).toBe(true);
    expect(Math.max(...counter.batchSizes)).toBe(MAX_READS_PER_STATEMENT);
  });

  it('over HTTP: concurrent validations of different licenses each get their own license\'s answer', async () => {
    const licenses = await Promise.all(Array.from({ length: 20 }, (_, i) => createLicense(ts.app.deps, { pluginId, status: i % 4 === 0 ? 'REVOKED' : 'ACTIVE' })));
    const calls = Array.from({ length: 60 }, (_, i) => licenses[i % 20]!);
    const answers = await Promise.all(calls.map(({ key }) => callLicenseApi(ts.url, 'validate', { key, pluginId })));
    answers.forEach((answer, i) => {
      const { license } = calls[i]!;
      expect(answer.body.license?.id).toBe(license.id);
      expect(answer.body.code).toBe(license.status === 'REVOKED' ? 'REVOKED' : 'VALID');
    });
  });
});
