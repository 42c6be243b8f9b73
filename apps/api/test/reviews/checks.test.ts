/**
 * The automatic review checks: the pure rules of packages/shared (personal data, links,
 * normalisation, the burst rule) with fixed examples and fast-check properties (fixed seed),
 * secretlint's SECRET over review texts, and checkReview against a real database (repeated
 * text, bursts of new buyers flagging the burst's other reviews).
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURST_THRESHOLD, MAX_REVIEW_BODY, findLinks, findPersonalData, isBurst, isNewBuyer, isPhoneNumber, normaliseReviewText } from '@marketdesk/shared';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { checkReview, hasOffensiveLanguage, hasSecret, reviewTextHash } from '../../src/modules/reviews/checks.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { openTestDatabase, type TestDatabase } from '../harness.ts';
import { insertReview } from './helpers.ts';

const SEED = 1612;
const kinds = (text: string) => findPersonalData(text).map((m) => `${m.kind}:${m.text}`);

describe('findPersonalData', () => {
  it.each([
    ['write to jo.doe+reviews@example.co.uk please', ['EMAIL:jo.doe+reviews@example.co.uk']],
    ['call +49 30 1234 5678 today', ['PHONE:+49 30 1234 5678']],
    ['or +14155550123', ['PHONE:+14155550123']],
    ['US: (555) 123-4567.', ['PHONE:(555) 123-4567']],
    ['555-123-4567', ['PHONE:555-123-4567']],
    ['toll free 1-800-555-0199', ['PHONE:1-800-555-0199']],
    ['UK mobile 07700900123', ['PHONE:07700900123']],
    ['Paris 06.12.34.56.78', ['PHONE:06.12.34.56.78']],
    ['Berlin 030 1234 5678', ['PHONE:030 1234 5678']],
  ])('finds %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    'works since version 1.2.3, and 10.4.12 fixed it',
    'upgraded to 2.10.1234 on 2026-12-03',
    'released 2026-12-03 10:30 UTC',
    'bought it on 03.12.2026 and 3/12/2026',
    'worth $49.99, the team plan is 1,299.00 or €1.299,00',
    'it counted 12345678 lines and 1 000 000 rows, 12.500.000 events',
    'ticket #1234567 in 3 days, 24/7 support, 4.5 stars',
    'order id 20261203',
  ])('finds nothing in %j', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('a phone number has 8 to 15 digits', () => {
    expect(isPhoneNumber('+49 301')).toBe(false);
    expect(isPhoneNumber('+1234567890123456')).toBe(false);
    expect(isPhoneNumber('+12345678')).toBe(true);
  });

  it('property: semantic version numbers and ISO dates are never phone numbers', () => {
    fc.assert(fc.property(fc.nat(99), fc.nat(99), fc.nat(9999), (major, minor, patch) => findPersonalData(`v${major}.${minor}.${patch} is out`).length === 0), { seed: SEED });
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (date) => findPersonalData(`since ${date.toISOString().slice(0, 10)}`).length === 0), { seed: SEED });
  });

  it('property: an email address anywhere in a sentence is found', () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9._]{0,10}[a-z0-9]$/);
    const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]\.(com|org|de|io)$/);
    fc.assert(fc.property(local, domain, (l, d) => kinds(`contact ${l}@${d} now`).includes(`EMAIL:${l}@${d}`)), { seed: SEED });
  });
});

describe('findLinks', () => {
  it.each([
    ['see https://example.com/a?b=c for more', 'https://example.com/a?b=c'],
    ['http://10.0.0.1:8080/x', 'http://10.0.0.1:8080/x'],
    ['go to www.cheap-keys.net now', 'www.cheap-keys.net'],
    ['visit example.com/deal', 'example.com/deal'],
    ['get it at shop.example.io', 'shop.example.io'],
  ])('finds a link in %j', (text, link) => {
    expect(findLinks(text).map((m) => m.text)).toEqual([link]);
  });

  it.each(['edit index.js and config.json', 'mail jo@example.com', 'version 1.2.3 works. Great.', 'Node.js and Vue.js support'])('finds no link in %j', (text) => {
    expect(findLinks(text)).toEqual([]);
  });
});

describe('the pure checks on hostile text', () => {
  it('property: a review of MAX_REVIEW_BODY characters from a hostile alphabet is checked in linear time (< 25 ms)', () => {
    const hostile = fc.string({ unit: fc.constantFrom('1', '-', '.', ' ', '@', 'a', '+', '(', ')', '/', 'w', ','), minLength: MAX_REVIEW_BODY, maxLength: MAX_REVIEW_BODY });
    const repeated = fc.tuple(fc.string({ unit: fc.constantFrom('1', '-', '.', ' ', '@', 'a', '+', '('), minLength: 1, maxLength: 4 })).map(([s]) => s.repeat(Math.ceil(MAX_REVIEW_BODY / s.length)).slice(0, MAX_REVIEW_BODY));
    fc.assert(
      fc.property(fc.oneof(hostile, repeated), (text) => {
        // The best of three runs: a garbage collection or a busy CI core must not fail it, a quadratic regex does (≈ 30–100 ms here).
        const runs = [0, 1, 2].map(() => {
          const started = performance.now();
          findPersonalData(text);
          findLinks(text);
          normaliseReviewText(text);
          return performance.now() - started;
        });
        return Math.min(...runs) < 25;
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('normaliseReviewText and the repeated-text hash', () => {
  it('lower-cases, strips punctuation and collapses whitespace', () => {
    expect(normaliseReviewText('  Great, PLUGIN!!  works\n\n\twell. ')).toBe('great plugin works well');
    expect(reviewTextHash('  !!! ')).toBeNull();
  });

  it('property: whitespace and case changes do not change the hash', () => {
    const words = fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { minLength: 1, maxLength: 12 });
    const gap = fc.stringMatching(/^[ \t\n]{1,4}$/);
    fc.assert(
      fc.property(words, fc.array(gap, { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (ws, gaps, upper) => {
        const plain = ws.join(' ');
        const varied = gaps[0] + ws.map((w, i) => (upper[i] ? w.toUpperCase() : w.toLowerCase()) + gaps[i]).join('');
        return reviewTextHash(varied) === reviewTextHash(plain);
      }),
      { seed: SEED },
    );
  });
});

describe('the burst rule', () => {
  it(`${BURST_THRESHOLD} recent reviews from new buyers are a burst, fewer are not`, () => {
    expect(isBurst({ recentFromNewBuyers: BURST_THRESHOLD })).toBe(true);
    expect(isBurst({ recentFromNewBuyers: BURST_THRESHOLD - 1 })).toBe(false);
    expect(isBurst({ recentFromNewBuyers: 3, threshold: 3 })).toBe(true);
  });
  it('a license of the last 7 days is a new buyer', () => {
    const now = new Date('2026-12-03T05:00:00Z');
    expect(isNewBuyer(new Date('2026-11-27T05:00:00Z'), now)).toBe(true);
    expect(isNewBuyer(new Date('2026-11-25T05:00:00Z'), now)).toBe(false);
  });
});

// Built at run time so that this file holds no secret-shaped string.
const githubToken = ['ghp_', 'R8mK2vQ9xL4pT7wN3bY6cF1hJ5dS0gA2eU8i'].join('');
const awsAccessKeyId = ['AKIA', 'QX7RZ2M4PLK9W3TB'].join('');
const awsSecretKey = ['q8Zt3vLk9PxR2mW7', 'nB4cY6dH1sJ5fG0aE8uT3oVi'].join('');
const stripeKey = ['sk_live_', '51HxR2mW7nB4cY6dH1sJ5fG0aE8uT3oVi9Lk'].join('');
const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('secrets (secretlint, as the scanner runs it)', () => {
  it.each([
    ['a GitHub token', `Stopped working, my token ${githubToken} is fine`],
    ['an AWS access key pair', `Set AWS_ACCESS_KEY_ID=${awsAccessKeyId} and AWS_SECRET_ACCESS_KEY=${awsSecretKey} then it works`],
    ['a Stripe secret key', `The Stripe sync needs ${stripeKey} set in settings`],
    ['a private key block', `Signing failed with this key:\n${privateKey}`],
  ])('%s is a secret', async (_kind, text) => {
    expect(await hasSecret(text)).toBe(true);
  });

  it('an ordinary review has no secret', async () => {
    expect(await hasSecret('Solid plugin. Setup took 5 minutes and the docs cover the API keys page well.')).toBe(false);
  });
});

describe('offensive language (obscenity)', () => {
  it('finds obfuscated profanity and leaves innocent words alone', () => {
    expect(hasOffensiveLanguage('this plugin is sh1t')).toBe(true);
    for (const text of ['fuuuuck this', '$h!t support', 'b1tch', 'a55hole dev']) expect(hasOffensiveLanguage(text), text).toBe(true);
    expect(hasOffensiveLanguage('Ran it in Scunthorpe, an assassin of bugs, class-based and classic.')).toBe(false);
  });
});

describe('checkReview', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60_000);

  beforeAll(async () => {
    db = await openTestDatabase();
    prisma = db.prisma;
  });
  afterAll(async () => db?.close());

  const newPlugin = async () => createPlugin(prisma, (await createCreator(prisma)).id);
  /** A review row whose license was issued `issuedAt`, created `createdAt`. */
  const reviewFrom = async (plugin: { id: string; creatorId: string }, issuedAt: Date, createdAt: Date, body?: string) => {
    const review = await insertReview(prisma, plugin, { createdAt, body, queuedAt: null });
    await prisma.license.update({ where: { id: review.licenseId }, data: { issuedAt } });
    return review;
  };
  const check = (pluginId: string, body: string, licenseIssuedAt: Date, reviewId: string | null = null) =>
    prisma.$transaction((tx) => checkReview(tx, { pluginId, reviewId, body, licenseIssuedAt, now }));

  it('a clean review gets no signal and a hash; an empty one no hash', async () => {
    const plugin = await newPlugin();
    const result = await check(plugin.id, `Does what it says, quick support reply ${plugin.id}.`, daysAgo(90));
    expect(result.signals).toEqual([]);
    expect(result.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await check(plugin.id, '', daysAgo(90))).toEqual({ signals: [], textHash: null });
  });

  it('raises each signal of the text, in REVIEW_SIGNALS order', async () => {
    const plugin = await newPlugin();
    const result = await check(plugin.id, `Shit support. Token ${githubToken}, write to me at jo@example.com or see www.fixit.io`, daysAgo(90));
    expect(result.signals).toEqual(['SECRET', 'PERSONAL_DATA', 'LINK', 'LANGUAGE']);
  });

  it('REPEATED_TEXT: another review with the same normalised text (20+ characters), not the review itself', async () => {
    const text = `Best plugin ever, five stars from me ${Date.now()}!`;
    const [a, b] = [await newPlugin(), await newPlugin()];
    const first = await reviewFrom(a, daysAgo(90), daysAgo(3), text);
    await prisma.review.update({ where: { id: first.id }, data: { textHash: reviewTextHash(text) } });
    expect((await check(b.id, `  BEST plugin ever five stars from me ${text.split(' ').at(-1)}`, daysAgo(90))).signals).toEqual(['REPEATED_TEXT']);
    expect((await check(a.id, text, daysAgo(90), first.id)).signals).toEqual([]);
    const short = 'Great plugin!';
    const other = await reviewFrom(a, daysAgo(90), daysAgo(3), short);
    await prisma.review.update({ where: { id: other.id }, data: { textHash: reviewTextHash(short) } });
    expect((await check(b.id, short, daysAgo(90))).signals).toEqual([]);
  });

  it(`BURST: the ${BURST_THRESHOLD}th new buyer within an hour completes a burst and flags the others`, async () => {
    const plugin = await newPlugin();
    const others = [];
    for (let i = 0; i < BURST_THRESHOLD - 1; i += 1) others.push(await reviewFrom(plugin, daysAgo(1), minutesAgo(50 - i * 10)));
    const result = await check(plugin.id, 'Amazing, must buy.', daysAgo(0));
    expect(result.signals).toEqual(['BURST']);
    const flagged = await prisma.review.findMany({ where: { id: { in: others.map((r) => r.id) } }, select: { signals: true, queuedAt: true, version: true } });
    expect(flagged).toHaveLength(BURST_THRESHOLD - 1);
    for (const row of flagged) expect(row).toEqual({ signals: ['BURST'], queuedAt: now, version: 2 });
    // A later edit keeps the flag; the flag is added once.
    expect((await check(plugin.id, 'Amazing, must buy!', daysAgo(0), others[0]!.id)).signals).toEqual(['BURST']);
    await check(plugin.id, 'Me too.', daysAgo(0));
    expect((await prisma.review.findUniqueOrThrow({ where: { id: others[1]!.id } })).signals).toEqual(['BURST']);
  });

  it('no BURST for reviews spread over days, from long-standing buyers, or fewer than the threshold', async () => {
    const spread = await newPlugin();
    for (let i = 0; i < BURST_THRESHOLD - 1; i += 1) await reviewFrom(spread, daysAgo(1), daysAgo(i + 1));
    expect((await check(spread.id, 'Fine.', daysAgo(0))).signals).toEqual([]);

    const loyal = await newPlugin();
    for (let i = 0; i < BURST_THRESHOLD - 1; i += 1) await reviewFrom(loyal, daysAgo(200 + i), minutesAgo(10 + i));
    expect((await check(loyal.id, 'Fine.', daysAgo(0))).signals).toEqual([]);
    expect((await check(loyal.id, 'Fine.', daysAgo(400))).signals).toEqual([]);

    const few = await newPlugin();
    for (let i = 0; i < BURST_THRESHOLD - 2; i += 1) await reviewFrom(few, daysAgo(1), minutesAgo(10 + i));
    expect((await check(few.id, 'Fine.', daysAgo(0))).signals).toEqual([]);
    const untouched = await prisma.review.findMany({ where: { pluginId: { in: [spread.id, loyal.id, few.id] } }, select: { signals: true, queuedAt: true } });
    expect(untouched.every((r) => r.signals.length === 0 && r.queuedAt === null)).toBe(true);
  });
});
