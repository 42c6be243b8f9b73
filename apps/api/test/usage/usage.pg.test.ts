/**
 * Usage reports under concurrency on the PostgreSQL server, two API processes on one database:
 * - 50 simultaneous reports of 1 unit with distinct idempotency keys against a hard quota of 20
 *   (no credits) → exactly 20 accepted, 30 QUOTA_EXCEEDED, counter used = 20, 20 records;
 * - 20 simultaneous replays of one idempotency key → one record, every answer the same.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { openTestDatabase, startTestServer, tempDir, type TestServer } from '../harness.ts';
import { callUsage, createTieredLicense } from './helpers.ts';

let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  const config = { licenseKeyEncryptionKey: randomBytes(32).toString('base64url'), licenseRateLimitPerLicense: 10_000, licenseRateLimitPerIp: 100_000 };
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  first = await startTestServer({ db, config });
  const other = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
  second = await startTestServer({ db: other, config });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

const quota = { metric: 'api_calls', included: 20, isHard: true, overageUnitAmount: 0 };

describe('a hard quota under concurrency (PostgreSQL)', () => {
  it('50 parallel reports of 1 against a quota of 20: exactly 20 accepted, 30 QUOTA_EXCEEDED, used 20, 20 records', async () => {
    const { license, key } = await createTieredLicense(first.app.deps, { quotas: [quota] });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => callUsage(i % 2 ? second.url : first.url, { key, metric: 'api_calls', quantity: 1, idempotencyKey: `parallel-${i}` })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const accepted = answers.filter((a) => a.body.code === 'VALID' && a.body.usage?.accepted);
    const refused = answers.filter((a) => a.body.code === 'QUOTA_EXCEEDED' && a.body.usage?.accepted === false);
    expect(accepted).toHaveLength(20);
    expect(refused).toHaveLength(30);
    expect(accepted.map((a) => a.body.usage!.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const counters = await first.app.deps.prisma.usageCounter.findMany({ where: { licenseId: license.id } });
    expect(counters.map((c) => c.used)).toEqual([20]);
    const records = await first.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } });
    expect(records).toBe(20);
    console.log(`usage.pg: 50 parallel reports on 2 processes against a hard quota of 20 → ${accepted.length} accepted, ${refused.length} QUOTA_EXCEEDED, counter used ${counters[0]!.used}, ${records} records`);
  });

  it('20 parallel replays of one idempotency key: one record, every answer the same accepted report', async () => {
    const { license, key } = await createTieredLicense(first.app.deps, { quotas: [quota] });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => callUsage(i % 2 ? second.url : first.url, { key, metric: 'api_calls', quantity: 3, idempotencyKey: 'one-report' })));
    expect(answers.every((a) => a.status === 200 && a.body.code === 'VALID')).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.body.usage)))).toEqual(new Set([JSON.stringify(answers[0]!.body.usage)]));
    expect(answers[0]!.body.usage).toMatchObject({ accepted: true, quantity: 3, includedQuantity: 3, remaining: 17 });
    const records = await first.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } });
    const counter = await first.app.deps.prisma.usageCounter.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(records).toBe(1);
    expect(counter.used).toBe(3);
    console.log(`usage.pg: 20 parallel replays of one idempotency key → ${records} record, counter used ${counter.used}, ${answers.length} identical answers`);
  });
});
