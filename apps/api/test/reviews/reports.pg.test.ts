/**
 * Reports and bursts under concurrency on the PostgreSQL server, two API processes on one database:
 * - 20 simultaneous reports by one buyer of 20 reviews → exactly MAX_REPORTS_PER_HOUR (10) 201s, the rest 429;
 * - 10 simultaneous reports by one buyer of one review → one 201, nine 409, reportCount 1;
 * - 8 buyers report one review at once → reportCount 8, queued once;
 * - 5 new buyers write their first reviews of one plugin at once → all 5 carry BURST.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURST_THRESHOLD, MAX_REPORTS_PER_HOUR } from '@marketdesk/shared';
import { openDatabase } from '../../src/platform/db/database.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { openTestDatabase, startTestServer, tempDir, type TestServer } from '../harness.ts';
import { createLicense } from '../licenses/helpers.ts';
import { insertReview } from './helpers.ts';

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

const prisma = () => first.app.deps.prisma;
const newPlugin = async () => createPlugin(prisma(), (await createCreator(prisma())).id);
const post = (i: number, path: string, body: unknown) =>
  fetch(`${i % 2 ? second.url : first.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);

describe('reports under concurrency (PostgreSQL)', () => {
  it(`20 simultaneous reports by one buyer: exactly ${MAX_REPORTS_PER_HOUR} accepted, the rest RATE_LIMITED`, async () => {
    const plugin = await newPlugin();
    const reviews = await Promise.all(Array.from({ length: 20 }, () => insertReview(prisma(), plugin)));
    const { key } = await createLicense(first.app.deps, { pluginId: plugin.id });
    const statuses = await Promise.all(reviews.map((review, i) => post(i, '/v1/reviews/report', { key, reviewId: review.id, reason: 'SPAM' })));
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_REPORTS_PER_HOUR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - MAX_REPORTS_PER_HOUR);
  });

  it('10 simultaneous reports of one review by one buyer: one accepted, nine CONFLICT', async () => {
    const plugin = await newPlugin();
    const review = await insertReview(prisma(), plugin, { queuedAt: null });
    const { key } = await createLicense(first.app.deps, { pluginId: plugin.id });
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i, '/v1/reviews/report', { key, reviewId: review.id, reason: 'ABUSE' })));
    expect(statuses.sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(await prisma().review.findUniqueOrThrow({ where: { id: review.id }, select: { reportCount: true } })).toEqual({ reportCount: 1 });
  });

  it('8 buyers report one review at once: every report counts, the review is queued', async () => {
    const plugin = await newPlugin();
    const review = await insertReview(prisma(), plugin, { queuedAt: null });
    const keys = await Promise.all(Array.from({ length: 8 }, () => createLicense(first.app.deps, { pluginId: plugin.id })));
    const statuses = await Promise.all(keys.map(({ key }, i) => post(i, '/v1/reviews/report', { key, reviewId: review.id, reason: 'SPAM' })));
    expect(statuses).toEqual(Array(8).fill(201));
    const row = await prisma().review.findUniqueOrThrow({ where: { id: review.id }, select: { reportCount: true, queuedAt: true, version: true } });
    expect(row).toEqual({ reportCount: 8, queuedAt: expect.any(Date), version: review.version + 8 });
  });
});

describe('a burst written at once (PostgreSQL)', () => {
  it(`${BURST_THRESHOLD} new buyers' first reviews at once all carry BURST`, async () => {
    const plugin = await newPlugin();
    const keys = await Promise.all(Array.from({ length: BURST_THRESHOLD }, () => createLicense(first.app.deps, { pluginId: plugin.id })));
    const statuses = await Promise.all(keys.map(({ key }, i) => post(i, '/v1/reviews', { key, rating: 5, body: `Best plugin, buy it now (${i}).` })));
    expect(statuses.every((s) => s === 201 || s === 200)).toBe(true);
    const reviews = await prisma().review.findMany({ where: { pluginId: plugin.id }, select: { signals: true, queuedAt: true } });
    expect(reviews).toHaveLength(BURST_THRESHOLD);
    for (const review of reviews) expect(review).toEqual({ signals: ['BURST'], queuedAt: expect.any(Date) });
  });
});
