/**
 * The public review API over HTTP against the real app, with real license keys: only verified
 * buyers review (forged keys, another issuer's, garbage: 404), expired and revoked licenses still
 * review; one review per buyer and plugin (edits keep append-only revisions, the same content is
 * idempotent); answers signed and verified with the JWKS; secrets and emails hold a review out of
 * the public list; the public list pages newest first without emails; PluginRating equals the
 * published reviews after a seeded mix of writes.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OwnPublicReview, PluginReviewsResponse } from '@marketdesk/shared';
import { keyringFor } from '../../src/modules/licenses/keyring-for.ts';
import { verifyResponseBody } from '../../src/modules/licenses/response-signature.ts';
import { createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { createLicense, createPlugin, fetchJwks } from '../licenses/helpers.ts';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 1000, licenseRateLimitPerIp: 100_000 } });
});
afterAll(async () => ts?.close());

interface Answer<T> {
  status: number;
  body: T & { error?: string; code?: string; field?: string; ts?: string; nonce?: string | null };
  text: string;
  headers: Headers;
}

async function post<T = { review: OwnPublicReview | null }>(path: string, body: unknown): Promise<Answer<T>> {
  const response = await fetch(`${ts.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer<T>['body'], text, headers: response.headers };
}
const writeReview = (body: unknown) => post('/v1/reviews', body);
async function listReviews(pluginId: string, query = ''): Promise<Answer<PluginReviewsResponse>> {
  const response = await fetch(`${ts.url}/v1/plugins/${pluginId}/reviews${query}`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer<PluginReviewsResponse>['body'], text, headers: response.headers };
}

/** A published plugin and a buyer's license of it with its key. */
async function buyer(options: { pluginId?: string; expiresAt?: Date; status?: 'ACTIVE' | 'REVOKED' | 'EXPIRED'; buyerEmail?: string } = {}) {
  const pluginId = options.pluginId ?? (await createPlugin(ts.app.deps.prisma)).id;
  const { license, key } = await createLicense(ts.app.deps, { pluginId, expiresAt: options.expiresAt, status: options.status, buyerEmail: options.buyerEmail });
  return { pluginId, license, key };
}

describe('POST /v1/reviews: verified buyers only', () => {
  it('a buyer reviews: 201, the signed answer verifies with the JWKS and echoes the nonce', async () => {
    const { pluginId, key } = await buyer();
    const answer = await writeReview({ key, rating: 5, body: '  Saves me an hour a day.  ', pluginVersion: '1.2.0', nonce: 'n-1' });
    expect(answer.status).toBe(201);
    expect(answer.body.review).toMatchObject({ pluginId, rating: 5, body: 'Saves me an hour a day.', pluginVersion: '1.2.0', status: 'PUBLISHED', revision: 1, editedAt: null, hold: null, reply: null, moderation: null });
    expect(answer.body.nonce).toBe('n-1');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const jwks = await fetchJwks(ts.url);
    const signature = answer.headers.get('license-signature')!;
    expect(verifyResponseBody(answer.text, signature, (kid) => jwks.get(kid))).toBe(true);
    expect(verifyResponseBody(answer.text.replace('"rating":5', '"rating":1'), signature, (kid) => jwks.get(kid))).toBe(false);
    const review = await ts.app.deps.prisma.review.findUniqueOrThrow({ where: { id: answer.body.review!.id }, select: { creatorId: true, plugin: { select: { creatorId: true } } } });
    expect(review.creatorId).toBe(review.plugin.creatorId);
  });

  it('an expired license, a revoked one and a license marked EXPIRED still review (a buyer who held a license)', async () => {
    for (const options of [{ expiresAt: new Date(Date.now() - 86_400_000) }, { status: 'REVOKED' as const }, { status: 'EXPIRED' as const, expiresAt: new Date(Date.now() - 1000) }]) {
      const { key } = await buyer(options);
      const answer = await writeReview({ key, rating: 3 });
      expect(answer.status, JSON.stringify(options)).toBe(201);
    }
  });

  const forge = async () => {
    const { key } = await buyer();
    return { key, claims: decodeJwt(key), kid: decodeProtectedHeader(key).kid! };
  };
  it.each([
    ['garbage', async () => 'not-a-key'],
    ['signed by another Ed25519 key under our kid', async () => {
      const f = await forge();
      const { generateKeyPairSync } = await import('node:crypto');
      return new SignJWT(f.claims).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: f.kid }).sign(generateKeyPairSync('ed25519').privateKey);
    }],
    ['signed by our key for another issuer', async () => {
      const f = await forge();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT({ ...f.claims, iss: 'someone-else' }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: ours.kid }).sign(ours.privateKey);
    }],
    ['signed by our key for another issuer and expired', async () => {
      const f = await forge();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT({ ...f.claims, iss: 'someone-else', exp: Math.floor(Date.now() / 1000) - 60 }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: ours.kid }).sign(ours.privateKey);
    }],
    ['our key, a jti of no license', async () => {
      const f = await forge();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT({ ...f.claims, jti: randomUUID() }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: ours.kid }).sign(ours.privateKey);
    }],
    ['our key, another license\'s id as sub', async () => {
      const f = await forge();
      const other = await buyer();
      const ours = await keyringFor(ts.app.deps).currentSigningKey();
      return new SignJWT({ ...f.claims, sub: other.license.id }).setProtectedHeader({ alg: 'EdDSA', typ: 'license+jwt', kid: ours.kid }).sign(ours.privateKey);
    }],
  ])('%s → 404 NOT_FOUND naming the key, no review written', async (_name, makeKey) => {
    const before = await ts.app.deps.prisma.review.count();
    const answer = await writeReview({ key: await makeKey(), rating: 5, body: 'fake' });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'NOT_FOUND', field: 'key', error: 'No such license' });
    expect(await ts.app.deps.prisma.review.count()).toBe(before);
  });

  it.each([
    [{ rating: 5 }, 'key'],
    [{ key: 'k', rating: 6 }, 'rating'],
    [{ key: 'k', rating: 0 }, 'rating'],
    [{ key: 'k', rating: 4.5 }, 'rating'],
    [{ key: 'k', rating: '5' }, 'rating'],
    [{ key: 'k', rating: 5, body: 'x'.repeat(4001) }, 'body'],
    [{ key: 'k', rating: 5, body: 'nul \u0000 inside' }, 'body'],
    [{ key: 'k', rating: 5, pluginVersion: '' }, 'pluginVersion'],
    ['not json', 'body'],
    [[1, 2], 'body'],
  ])('bad input %j → 400 naming %s', async (body, field) => {
    const answer = await writeReview(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('a body over 16 KiB → 413', async () => {
    const answer = await writeReview({ key: 'k', rating: 5, body: 'x'.repeat(17 * 1024) });
    expect(answer.status).toBe(413);
  });
});

describe('one review per buyer and plugin', () => {
  it('a second write edits: history kept as append-only revisions; the same content again changes nothing', async () => {
    const { pluginId, key, license } = await buyer();
    const first = await writeReview({ key, rating: 2, body: 'Crashes on start.', pluginVersion: '1.0.0' });
    const same = await writeReview({ key, rating: 2, body: 'Crashes on start.', pluginVersion: '1.0.0' });
    expect(same.status).toBe(200);
    expect(same.body.review).toEqual(first.body.review);
    const edited = await writeReview({ key, rating: 4, body: 'Fixed in 1.1, works now.', pluginVersion: '1.1.0' });
    expect(edited.status).toBe(200);
    expect(edited.body.review).toMatchObject({ id: first.body.review!.id, rating: 4, revision: 2, body: 'Fixed in 1.1, works now.', pluginVersion: '1.1.0' });
    expect(edited.body.review!.editedAt).not.toBeNull();
    const third = await writeReview({ key, rating: 5 });
    expect(third.body.review).toMatchObject({ revision: 3, body: '', pluginVersion: null });

    // A second license of the same buyer (same email) edits the same review.
    const { key: secondKey } = await buyer({ pluginId, buyerEmail: license.buyerEmail });
    const fourth = await writeReview({ key: secondKey, rating: 3, body: 'Bought it again for the team.' });
    expect(fourth.body.review).toMatchObject({ id: first.body.review!.id, revision: 4 });

    const { prisma } = ts.app.deps;
    expect(await prisma.review.count({ where: { pluginId } })).toBe(1);
    const revisions = await prisma.reviewRevision.findMany({ where: { reviewId: first.body.review!.id }, orderBy: { revision: 'asc' }, select: { revision: true, rating: true, body: true, pluginVersion: true } });
    expect(revisions).toEqual([
      { revision: 1, rating: 2, body: 'Crashes on start.', pluginVersion: '1.0.0' },
      { revision: 2, rating: 4, body: 'Fixed in 1.1, works now.', pluginVersion: '1.1.0' },
      { revision: 3, rating: 5, body: '', pluginVersion: null },
    ]);
    const row = await prisma.review.findUniqueOrThrow({ where: { id: first.body.review!.id }, select: { version: true, revision: true } });
    expect(row).toEqual({ version: 4, revision: 4 });
    await expect(prisma.reviewRevision.updateMany({ where: { reviewId: first.body.review!.id }, data: { body: 'rewritten history' } })).rejects.toThrow();
    await expect(prisma.reviewRevision.deleteMany({ where: { reviewId: first.body.review!.id } })).rejects.toThrow();
    const rating = await prisma.pluginRating.findUniqueOrThrow({ where: { pluginId } });
    expect(rating).toMatchObject({ count: 1, sum: 3, stars3: 1, stars2: 0, stars4: 0, stars5: 0 });
  });

  it('POST /v1/reviews/mine: null before, then the review with its status; refused keys 404', async () => {
    const { key } = await buyer();
    const before = await post('/v1/reviews/mine', { key, nonce: 'm-1' });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ review: null, nonce: 'm-1' });
    const jwks = await fetchJwks(ts.url);
    expect(verifyResponseBody(before.text, before.headers.get('license-signature')!, (kid) => jwks.get(kid))).toBe(true);
    const written = await writeReview({ key, rating: 4, body: 'Good.' });
    const mine = await post('/v1/reviews/mine', { key });
    expect(mine.body.review).toEqual(written.body.review);
    expect((await post('/v1/reviews/mine', { key: 'not-a-key' })).status).toBe(404);
  });
});

describe('the author sees the outcome', () => {
  it('a moderator\'s decision and the creator\'s reply reach the author (/mine) and the public list; an edit cannot undo a hide', async () => {
    const { pluginId, key } = await buyer();
    const written = await writeReview({ key, rating: 1, body: 'Terrible, the author is a fraud.' });
    const reviewId = written.body.review!.id;
    const { prisma } = ts.app.deps;
    const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: pluginId }, select: { creator: { select: { userId: true } } } });
    await prisma.reviewReply.create({ data: { reviewId, authorId: plugin.creator.userId!, body: 'Sorry to hear that; write to support and we will sort it out.' } });
    const replied = await listReviews(pluginId);
    expect(replied.body.reviews[0]!.reply).toMatchObject({ body: 'Sorry to hear that; write to support and we will sort it out.' });

    const moderator = await createTestUser(prisma, ['MODERATOR']);
    const reason = await prisma.reviewModerationReason.create({ data: { code: `abuse-${randomUUID()}`, label: 'Abusive language', cannedResponse: 'Reviews must be about the plugin.', appliesTo: 'HIDE' } });
    await prisma.$transaction(async (tx) => {
      await tx.review.update({ where: { id: reviewId }, data: { status: 'HIDDEN', decidedAt: new Date() } });
      await tx.reviewModeration.create({ data: { reviewId, moderatorId: moderator.id, action: 'HIDE', reasonId: reason.id, message: 'Reviews must be about the plugin.', fromStatus: 'PUBLISHED', toStatus: 'HIDDEN' } });
      await tx.pluginRating.update({ where: { pluginId }, data: { count: { decrement: 1 }, sum: { decrement: 1 }, stars1: { decrement: 1 } } });
    });
    const mine = await post('/v1/reviews/mine', { key });
    expect(mine.body.review).toMatchObject({ status: 'HIDDEN', moderation: { action: 'HIDE', reasonLabel: 'Abusive language', message: 'Reviews must be about the plugin.' }, reply: { body: expect.any(String) } });
    expect(JSON.stringify(mine.body)).not.toContain(moderator.email);

    const edited = await writeReview({ key, rating: 2, body: 'Still not great.' });
    expect(edited.body.review).toMatchObject({ status: 'HIDDEN', revision: 2 });
    expect((await listReviews(pluginId)).body).toMatchObject({ reviews: [], rating: { count: 0 } });
    // The edit goes back to the moderation queue: a moderator decides whether it may be published again.
    expect((await ts.app.deps.prisma.review.findUniqueOrThrow({ where: { id: reviewId }, select: { queuedAt: true } })).queuedAt).not.toBeNull();
  });
});

describe('automatic checks: secrets and personal data hold a review', () => {
  const githubToken = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;
  it.each([
    ['a GitHub token', `Works. My token is ${githubToken} if you need it.`, 'SECRET'],
    ['an AWS access key', 'Setup: aws_access_key_id = AKIAIOSFODNN7EXAMPL3 and it works.', 'SECRET'],
    ['an email address', 'Write to me at jane.doe@example.org for the config.', 'PERSONAL_DATA'],
  ])('a review with %s is HELD, told why without the secret, absent from the public list and the rating', async (_name, body, signal) => {
    const { pluginId, key } = await buyer();
    const answer = await writeReview({ key, rating: 5, body });
    expect(answer.status).toBe(201);
    expect(answer.body.review).toMatchObject({ status: 'HELD', hold: { signals: [signal] } });
    expect(answer.body.review!.hold!.detail).toMatch(/held for moderation/);
    expect(answer.body.review!.hold!.detail).not.toContain(githubToken);
    const queued = await ts.app.deps.prisma.review.findUniqueOrThrow({ where: { id: answer.body.review!.id }, select: { queuedAt: true, signals: true } });
    expect(queued.queuedAt).not.toBeNull();
    expect(queued.signals).toContain(signal);
    const list = await listReviews(pluginId);
    expect(list.body.reviews).toEqual([]);
    expect(list.body.rating.count).toBe(0);

    const cleaned = await writeReview({ key, rating: 5, body: 'Works well.' });
    expect(cleaned.body.review).toMatchObject({ status: 'PUBLISHED', hold: null, revision: 2 });
    expect((await listReviews(pluginId)).body.rating.count).toBe(1);
  });
});

describe('GET /v1/plugins/:pluginId/reviews', () => {
  it('published reviews only, newest first, paged by cursor, reviewers labelled without emails', async () => {
    const { pluginId } = await buyer();
    const emails = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', '__@example.com'];
    const written: string[] = [];
    for (const [i, email] of emails.entries()) {
      const { key } = await buyer({ pluginId, buyerEmail: email });
      const answer = await writeReview({ key, rating: i + 1, body: `Review number ${i + 1} of this plugin.` });
      written.push(answer.body.review!.id);
    }
    const hidden = await buyer({ pluginId });
    await writeReview({ key: hidden.key, rating: 1, body: 'Mail me: someone@example.net' });

    const first = await listReviews(pluginId, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('public');
    expect(first.body.reviews.map((r) => r.id)).toEqual([written[4], written[3]]);
    expect(first.body.rating).toMatchObject({ count: 5, average: 3 });
    expect(first.body.rating.distribution.map((d) => d.count)).toEqual([1, 1, 1, 1, 1]);
    const second = await listReviews(pluginId, `?limit=2&cursor=${first.body.nextCursor}`);
    const third = await listReviews(pluginId, `?limit=2&cursor=${second.body.nextCursor}`);
    expect([...second.body.reviews, ...third.body.reviews].map((r) => r.id)).toEqual([written[2], written[1], written[0]]);
    expect(third.body.nextCursor).toBeNull();
    expect(first.body.reviews.map((r) => r.reviewer)).toEqual(['Verified buyer', 'Verified buyer · D.']);
    const all = JSON.stringify([first.body, second.body, third.body]);
    expect(all).not.toMatch(/@example/);
    expect(all).not.toMatch(/licenseId|buyerEmail/);
  });

  it('unknown or unpublished plugin → 404; bad cursor or limit → 400 naming it', async () => {
    expect((await listReviews('no-such-plugin')).status).toBe(404);
    const draft = await buyer();
    await ts.app.deps.prisma.plugin.update({ where: { id: draft.pluginId }, data: { status: 'DRAFT' } });
    expect((await listReviews(draft.pluginId)).status).toBe(404);
    const { pluginId } = await buyer();
    expect((await listReviews(pluginId, '?cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({ code: 'INVALID_INPUT', field: 'cursor' });
    expect((await listReviews(pluginId, '?limit=500')).body).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
    expect((await listReviews(pluginId, '?limit=abc')).status).toBe(400);
  });
});

describe('PluginRating follows the published reviews', () => {
  /** mulberry32: a small seeded PRNG, so a failure replays. */
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('after 60 seeded writes, edits and held texts by 8 buyers, PluginRating equals the published reviews', async () => {
    const random = seeded(16);
    const { pluginId } = await buyer();
    const keys: string[] = [];
    for (let i = 0; i < 8; i += 1) keys.push((await buyer({ pluginId })).key);
    const bodies = ['Great plugin.', 'Does what it says, nothing more.', 'Email me at someone@example.org', '', 'Stopped working after the update.', 'Solid, fast, well documented.'];
    for (let i = 0; i < 60; i += 1) {
      const key = keys[Math.floor(random() * keys.length)]!;
      const answer = await writeReview({ key, rating: 1 + Math.floor(random() * 5), body: bodies[Math.floor(random() * bodies.length)] });
      expect([200, 201]).toContain(answer.status);
    }
    const { prisma } = ts.app.deps;
    const published = await prisma.review.findMany({ where: { pluginId, status: 'PUBLISHED' }, select: { rating: true } });
    const stars = [1, 2, 3, 4, 5].map((s) => published.filter((r) => r.rating === s).length);
    const rating = await prisma.pluginRating.findUnique({ where: { pluginId } });
    expect({ count: rating?.count ?? 0, sum: rating?.sum ?? 0, stars: rating ? [rating.stars1, rating.stars2, rating.stars3, rating.stars4, rating.stars5] : [0, 0, 0, 0, 0] })
      .toEqual({ count: published.length, sum: published.reduce((s, r) => s + r.rating, 0), stars });
    expect(await prisma.review.count({ where: { pluginId } })).toBeLessThanOrEqual(8);
    console.log(`reviews.write: 60 seeded writes by 8 buyers → ${await prisma.review.count({ where: { pluginId } })} reviews, ${published.length} published, PluginRating count ${rating?.count ?? 0} sum ${rating?.sum ?? 0}`);
  });
});

describe('rate limits', () => {
  it('per license key: over the limit → 429 with Retry-After, another key still writes', async () => {
    const limited = await startTestServer({ config: { licenseRateLimitPerLicense: 3, licenseRateLimitPerIp: 100_000 } });
    try {
      const pluginId = (await createPlugin(limited.app.deps.prisma)).id;
      const { key } = await createLicense(limited.app.deps, { pluginId });
      const { key: otherKey } = await createLicense(limited.app.deps, { pluginId });
      const send = (k: string, path = '/v1/reviews') => fetch(`${limited.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: k, rating: 4 }) });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await send(key)).status);
      const refused = await send(key, '/v1/reviews/mine');
      expect(statuses).toEqual([201, 200, 200]);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
      expect((await send(otherKey)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
