/**
 * Reports of buyer reviews against the real app: `POST /v1/reviews/report` (any genuine license
 * key, expired too; signed 201; one report per buyer email and review; one's own review refused;
 * DELETED → 404; the reporter's hourly limit and the per-IP limit → 429 with Retry-After) and
 * `reviewReports.report` (a creator's own plugin's review; another creator's → NOT_FOUND;
 * audited). A report queues the review for moderation.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORTS_PER_HOUR } from '@marketdesk/shared';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { reportReview } from '../../src/modules/reviews/index.ts';
import { verifyResponseBody } from '../../src/modules/licenses/response-signature.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { createLicense, withTamperedSignature } from '../licenses/helpers.ts';
import { insertReview } from './helpers.ts';

let ts: TestServer;
let prisma: PrismaClient;
beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerIp: 100_000 } });
  prisma = ts.app.deps.prisma;
});
afterAll(async () => ts?.close());

async function newPlugin() {
  const user = await createTestUser(prisma, ['CREATOR']);
  const creator = await createCreator(prisma, user.id);
  return { user, creator, plugin: await createPlugin(prisma, creator.id) };
}

async function callReport(url: string, body: unknown) {
  const response = await fetch(`${url}/v1/reviews/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, any>, text, headers: response.headers };
}

/** The published keys by kid, skipping the placeholder rows (`publicJwk: {}`) the reviews helpers sign nothing with. */
async function fetchJwks(url: string): Promise<Map<string, KeyObject>> {
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; kty?: string; crv: string; x: string }[] };
  return new Map(jwks.keys.filter((jwk) => jwk.kty).map((jwk) => [jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' })]));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)));
}

describe('POST /v1/reviews/report', () => {
  it('a buyer with any genuine key reports a review: 201, signed; the review enters the moderation queue', async () => {
    const { plugin } = await newPlugin();
    const other = await newPlugin();
    const review = await insertReview(prisma, plugin, { queuedAt: null });
    const { license, key } = await createLicense(ts.app.deps, { pluginId: other.plugin.id });

    const answer = await callReport(ts.url, { key, reviewId: review.id, reason: 'SPAM', note: 'Same text on ten plugins' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ report: { id: expect.any(String), reviewId: review.id, reason: 'SPAM', createdAt: expect.any(String) }, ts: expect.any(String) });
    const jwks = await fetchJwks(ts.url);
    expect(verifyResponseBody(answer.text, answer.headers.get('license-signature')!, (kid) => jwks.get(kid))).toBe(true);
    expect(verifyResponseBody(answer.text.replace('SPAM', 'ABUSE'), answer.headers.get('license-signature')!, (kid) => jwks.get(kid))).toBe(false);

    const row = await prisma.review.findUniqueOrThrow({ where: { id: review.id }, select: { reportCount: true, queuedAt: true, version: true } });
    expect(row).toEqual({ reportCount: 1, queuedAt: expect.any(Date), version: review.version + 1 });
    expect(await prisma.reviewReport.findUniqueOrThrow({ where: { id: answer.body.report.id } })).toMatchObject({
      reporterKey: `license:${license.buyerEmail.toLowerCase()}`, reporterLicenseId: license.id, reporterUserId: null, note: 'Same text on ten plugins', resolvedAt: null,
    });
  });

  it('one report per buyer and review: a second one, even with another key of the same buyer, is 409', async () => {
    const { plugin } = await newPlugin();
    const review = await insertReview(prisma, plugin);
    const email = `reporter-${Date.now()}@example.com`;
    const first = await createLicense(ts.app.deps, { pluginId: plugin.id, buyerEmail: email });
    const second = await createLicense(ts.app.deps, { pluginId: (await newPlugin()).plugin.id, buyerEmail: email.toUpperCase() });
    expect((await callReport(ts.url, { key: first.key, reviewId: review.id, reason: 'ABUSE' })).status).toBe(201);
    const again = await callReport(ts.url, { key: second.key, reviewId: review.id, reason: 'SPAM' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', error: expect.stringMatching(/already reported/) });
    expect((await prisma.review.findUniqueOrThrow({ where: { id: review.id } })).reportCount).toBe(1);
  });

  it('refuses the buyer\'s own review (403), a deleted review and an unknown key (404), OTHER without a note (400)', async () => {
    const { plugin } = await newPlugin();
    const own = await insertReview(prisma, plugin);
    const ownKey = await createLicense(ts.app.deps, { pluginId: plugin.id, buyerEmail: own.buyerEmail });
    expect(await callReport(ts.url, { key: ownKey.key, reviewId: own.id, reason: 'SPAM' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const deleted = await insertReview(prisma, plugin, { status: 'DELETED' });
    const { key } = await createLicense(ts.app.deps, { pluginId: plugin.id });
    expect(await callReport(ts.url, { key, reviewId: deleted.id, reason: 'SPAM' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await callReport(ts.url, { key, reviewId: 'no-such-review', reason: 'SPAM' })).toMatchObject({ status: 404 });
    expect(await callReport(ts.url, { key: withTamperedSignature(key), reviewId: own.id, reason: 'SPAM' })).toMatchObject({ status: 404, body: { field: 'key' } });
    expect(await callReport(ts.url, { key, reviewId: own.id, reason: 'OTHER' })).toMatchObject({ status: 400, body: { field: 'note' } });
    expect(await callReport(ts.url, { key, reviewId: own.id, reason: 'WHATEVER' })).toMatchObject({ status: 400, body: { field: 'reason' } });
    expect(await callReport(ts.url, { key, reviewId: own.id, reason: 'OTHER', note: 'x'.repeat(1001) })).toMatchObject({ status: 400, body: { field: 'note' } });
  });

  it('an expired key is still a genuine buyer\'s key', async () => {
    const { plugin } = await newPlugin();
    const review = await insertReview(prisma, plugin);
    const { key } = await createLicense(ts.app.deps, { pluginId: plugin.id, expiresAt: new Date(Date.now() - 86_400_000), status: 'EXPIRED' });
    expect((await callReport(ts.url, { key, reviewId: review.id, reason: 'NOT_ABOUT_PLUGIN' })).status).toBe(201);
  });

  it(`a reporter files at most ${MAX_REPORTS_PER_HOUR} reports an hour: then 429 RATE_LIMITED with Retry-After`, async () => {
    const { plugin } = await newPlugin();
    const { key } = await createLicense(ts.app.deps, { pluginId: plugin.id });
    const reviews = [];
    for (let i = 0; i <= MAX_REPORTS_PER_HOUR; i += 1) reviews.push(await insertReview(prisma, plugin));
    for (const review of reviews.slice(0, MAX_REPORTS_PER_HOUR)) expect((await callReport(ts.url, { key, reviewId: review.id, reason: 'SPAM' })).status).toBe(201);
    const limited = await callReport(ts.url, { key, reviewId: reviews.at(-1)!.id, reason: 'SPAM' });
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await prisma.review.findUniqueOrThrow({ where: { id: reviews.at(-1)!.id } })).reportCount).toBe(0);
  });

  it('the route is limited per client IP like the license API', async () => {
    const limitedServer = await startTestServer({ config: { licenseRateLimitPerIp: 2 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i += 1) codes.push((await callReport(limitedServer.url, { key: 'not-a-key', reviewId: 'r', reason: 'SPAM' })).status);
      expect(codes).toEqual([404, 404, 429]);
      const limited = await callReport(limitedServer.url, { key: 'not-a-key', reviewId: 'r', reason: 'SPAM' });
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limitedServer.close();
    }
  });
});

describe('reviewReports.report', () => {
  it('a creator reports a review of their own plugin: queued, audited; twice is CONFLICT', async () => {
    const { user, plugin } = await newPlugin();
    const review = await insertReview(prisma, plugin, { queuedAt: null });
    const caller = createCaller(await contextFor(ts.app.deps, user));
    const { report } = await caller.reviewReports.report({ reviewId: review.id, reason: 'BUG_REPORT', note: 'A bug report, answered in the tracker' });
    expect(report).toEqual({ id: expect.any(String), reviewId: review.id, reason: 'BUG_REPORT', createdAt: expect.any(Date) });
    expect(await prisma.review.findUniqueOrThrow({ where: { id: review.id }, select: { reportCount: true, queuedAt: true } })).toEqual({ reportCount: 1, queuedAt: expect.any(Date) });
    expect(await prisma.reviewReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ reporterKey: `user:${user.id}`, reporterUserId: user.id, reporterLicenseId: null });
    expect(await prisma.auditLog.findFirst({ where: { action: 'reviews.report', targetId: review.id } })).toMatchObject({ actorId: user.id, targetType: 'Review', reason: 'A bug report, answered in the tracker' });
    expect(await codeOf(caller.reviewReports.report({ reviewId: review.id, reason: 'SPAM' }))).toMatch(/^CONFLICT: .*already reported/);
  });

  it('keeps an earlier queuedAt: a review already in the queue keeps its place', async () => {
    const { user, plugin } = await newPlugin();
    const queuedAt = new Date(Date.now() - 3 * 86_400_000);
    const review = await insertReview(prisma, plugin, { signals: ['LINK'], queuedAt });
    await createCaller(await contextFor(ts.app.deps, user)).reviewReports.report({ reviewId: review.id, reason: 'SPAM' });
    expect((await prisma.review.findUniqueOrThrow({ where: { id: review.id } })).queuedAt).toEqual(queuedAt);
  });

  it('another creator\'s review, a deleted one, and OTHER without a note are refused', async () => {
    const alice = await newPlugin();
    const bob = await newPlugin();
    const bobs = await insertReview(prisma, bob.plugin);
    const caller = createCaller(await contextFor(ts.app.deps, alice.user));
    expect(await codeOf(caller.reviewReports.report({ reviewId: bobs.id, reason: 'SPAM' }))).toMatch(/^NOT_FOUND/);
    expect((await prisma.review.findUniqueOrThrow({ where: { id: bobs.id } })).reportCount).toBe(0);
    const deleted = await insertReview(prisma, alice.plugin, { status: 'DELETED' });
    expect(await codeOf(caller.reviewReports.report({ reviewId: deleted.id, reason: 'SPAM' }))).toMatch(/^NOT_FOUND/);
    expect(await codeOf(caller.reviewReports.report({ reviewId: bobs.id, reason: 'OTHER' }))).toMatch(/^BAD_REQUEST/);
  });

  it('the hourly limit answers RATE_LIMITED with retryAfterSeconds (service, with a fixed clock)', async () => {
    const { user, plugin } = await newPlugin();
    const now = new Date('2026-12-03T05:00:00Z');
    const actor = { userId: user.id, email: user.email, requestId: 'test', ip: null };
    const reviews = [];
    for (let i = 0; i <= MAX_REPORTS_PER_HOUR; i += 1) reviews.push(await insertReview(prisma, plugin));
    for (const [i, review] of reviews.slice(0, MAX_REPORTS_PER_HOUR).entries()) {
      const clock = { now: () => new Date(now.getTime() + i * 60_000) };
      await reportReview({ prisma, clock }, { reviewId: review.id, reason: 'SPAM', note: '', reporter: { kind: 'user', userId: user.id }, actor });
    }
    const at = new Date(now.getTime() + 20 * 60_000);
    const error = await reportReview({ prisma, clock: { now: () => at } }, { reviewId: reviews.at(-1)!.id, reason: 'SPAM', note: '', reporter: { kind: 'user', userId: user.id }, actor }).catch((e: unknown) => e);
    // The oldest report (at `now`) leaves the hour 40 minutes after `at`.
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 40 * 60 });
    const later = { now: () => new Date(now.getTime() + 60 * 60_000 + 1000) };
    await expect(reportReview({ prisma, clock: later }, { reviewId: reviews.at(-1)!.id, reason: 'SPAM', note: '', reporter: { kind: 'user', userId: user.id }, actor })).resolves.toBeTruthy();
  });
});
