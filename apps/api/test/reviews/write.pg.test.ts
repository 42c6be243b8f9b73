/**
 * Review writes under concurrency on the PostgreSQL server, two API processes on one database:
 * - 10 parallel first writes with one key → one review (one 201, nine 200s), PluginRating count 1;
 * - 10 parallel first writes with different content → one review, every write a revision, no
 *   revision number twice;
 * - 10 parallel first writes by one buyer through 10 different licenses of the plugin (the
 *   license lock does not serialize them: the (pluginId, buyerEmail) key does) → one review.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { openTestDatabase, startTestServer, tempDir, type TestServer } from '../harness.ts';
import { createLicense, createPlugin } from '../licenses/helpers.ts';

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

const write = async (url: string, body: object) => {
  const response = await fetch(`${url}/v1/reviews`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { review: { id: string; revision: number } } };
};

async function counts(pluginId: string) {
  const { prisma } = first.app.deps;
  const reviews = await prisma.review.findMany({ where: { pluginId }, select: { id: true, revision: true, rating: true } });
  const revisions = await prisma.reviewRevision.findMany({ where: { reviewId: { in: reviews.map((r) => r.id) } }, select: { revision: true } });
  const rating = await prisma.pluginRating.findUnique({ where: { pluginId }, select: { count: true, sum: true } });
  return { reviews, revisions: revisions.map((r) => r.revision).sort((a, b) => a - b), rating };
}

describe('parallel first writes (PostgreSQL)', () => {
  it('10 parallel identical first writes with one key → one review: one 201, nine 200s, PluginRating count 1', async () => {
    const plugin = await createPlugin(first.app.deps.prisma);
    const { key } = await createLicense(first.app.deps, { pluginId: plugin.id });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => write(i % 2 ? second.url : first.url, { key, rating: 4, body: 'Solid plugin, does the job.' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.review.id)).size).toBe(1);
    const after = await counts(plugin.id);
    expect(after.reviews).toHaveLength(1);
    expect(after.reviews[0]!.revision).toBe(1);
    expect(after.revisions).toEqual([]);
    expect(after.rating).toEqual({ count: 1, sum: 4 });
    console.log(`reviews.write.pg: 10 parallel identical first writes on 2 processes → ${after.reviews.length} review, statuses ${answers.map((a) => a.status).join(',')}`);
  });

  it('10 parallel first writes with different ratings and one key → one review, revisions 1–9 each once, PluginRating count 1', async () => {
    const plugin = await createPlugin(first.app.deps.prisma);
    const { key } = await createLicense(first.app.deps, { pluginId: plugin.id });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => write(i % 2 ? second.url : first.url, { key, rating: 1 + (i % 5), body: `Take ${i}: my honest opinion of it.` })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    const after = await counts(plugin.id);
    expect(after.reviews).toHaveLength(1);
    expect(after.reviews[0]!.revision).toBe(10);
    expect(after.revisions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(after.rating).toEqual({ count: 1, sum: after.reviews[0]!.rating });
  });

  it('10 parallel first writes by one buyer through 10 licenses of the plugin → one review', async () => {
    const plugin = await createPlugin(first.app.deps.prisma);
    const buyerEmail = `buyer-${randomUUID().slice(0, 8)}@example.com`;
    const keys = await Promise.all(Array.from({ length: 10 }, async () => (await createLicense(first.app.deps, { pluginId: plugin.id, buyerEmail })).key));
    const answers = await Promise.all(keys.map((key, i) => write(i % 2 ? second.url : first.url, { key, rating: 5, body: 'Bought it for each of my machines.' })));
    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const after = await counts(plugin.id);
    expect(after.reviews).toHaveLength(1);
    expect(after.rating).toEqual({ count: 1, sum: 5 });
    console.log(`reviews.write.pg: 10 parallel first writes through 10 licenses of one buyer → ${after.reviews.length} review, statuses ${answers.map((a) => a.status).join(',')}`);
  });
});
