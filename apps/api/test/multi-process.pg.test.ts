/**
 * Several API processes on one PostgreSQL (issue 17): two real API processes (cli/work.ts with
 * WORK_SERVE, workers on in both), one standalone Stripe emulator process, one Redis, and a
 * round-robin proxy in front that the emulator delivers its webhooks to (each event twice, so
 * the duplicate usually lands on the other process). The console's journeys run over HTTP with
 * the tRPC client, some through the proxy (each request to the next process) and some pinned to
 * one process to show that the other sees the result: purchase → webhook → exactly-once
 * processing → license; validate on both; revoke on one, REVOKED on the other; a claim on one
 * and a CONFLICT on the other; refund posted once and reconciled to 0; a creator's own earnings;
 * a session signed in on one used and ended on the other; a rate limit shared through Redis.
 * Needs Redis at redis://127.0.0.1:6379 (.ci/run starts it). Prints a line per journey.
 */
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { Redis } from 'ioredis';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/routers.ts';
import { ensureConnectedAccount } from '../src/modules/payments/create-purchase.ts';
import { createStripeAccess, type StripeAccess } from '../src/platform/stripe/client.ts';
import { createSubmission } from './factories.ts';
import { connectTestRedis, createTestUser, openTestDatabase, sessionTokenFor, tempDir, TEST_PASSWORD, type TestDatabase } from './harness.ts';
import { createSeller, expectLedgerBalanced, purchaseLedger } from './money/helpers.ts';
import { sharedSessionKeys, startApiProcess, startEmulatorProcess, startRoundRobinProxy, type ApiProcess, type EmulatorProcess, type RoundRobinProxy } from './processes.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const redisPrefix = `md-test:${randomUUID()}:`;
/** LICENSE_RATE_LIMIT_PER_LICENSE of both processes: validations allowed per license key per minute. */
const PER_LICENSE_LIMIT = 10;
const PRICE = 2500;

let redis: Redis;
let db: TestDatabase;
let emulator: EmulatorProcess;
let a: ApiProcess;
let b: ApiProcess;
let proxy: RoundRobinProxy;
let stripe: StripeAccess;

/** A cookie jar per console user: the session cookie and whatever the API sets. */
type Jar = Map<string, string>;

/** The console's tRPC client against `baseUrl` (a process or the proxy): one HTTP request per call, cookies from `jar`. */
function consoleClient(baseUrl: string, jar: Jar) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({
      url: `${baseUrl}/trpc`,
      transformer: superjson,
      headers: () => ({ 'x-marketdesk-client': 'console', cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') }),
      fetch: async (url, init) => {
        const response = await fetch(url, init as RequestInit);
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const [name, value] = pair!.split('=') as [string, string];
          if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '') jar.delete(name);
          else jar.set(name, value);
        }
        return response;
      },
    })],
  });
}

/** A staff user with `roles` and a session made with the processes' shared session secret. */
async function staff(roles: Parameters<typeof createTestUser>[1]) {
  const user = await createTestUser(db.prisma, roles);
  const jar: Jar = new Map([['md_session', await sessionTokenFor({ prisma: db.prisma, sessionKeys: sharedSessionKeys }, user)]]);
  return { user, jar, on: (process: { url: string }) => consoleClient(process.url, jar) };
}

async function validate(process: { url: string }, key: string) {
  const response = await fetch(`${process.url}/v1/licenses/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  return { status: response.status, code: ((await response.json()) as { code: string }).code };
}

function trpcCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

async function emulatorControl(method: 'GET' | 'POST', route: string, form?: Record<string, string>) {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, { method, ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {}) });
  expect(response.status, `${method} /_emulator/${route}`).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
}

/** Until the emulator has delivered everything and neither process has an event left to process. */
async function settleWebhooks() {
  await expect.poll(async () => {
    await emulatorControl('POST', 'webhooks/flush');
    return db.prisma.stripeEvent.count({ where: { status: { in: ['PENDING', 'PROCESSING', 'FAILED'] } } });
  }, { timeout: 30_000, interval: 300 }).toBe(0);
}

beforeAll(async () => {
  redis = await connectTestRedis(REDIS_URL);
  const startedAt = Date.now();
  [db, emulator] = await Promise.all([openTestDatabase({ target: 'postgres' }), startEmulatorProcess()]);
  const emulatorAt = Date.now();
  const env = { REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, LICENSE_RATE_LIMIT_PER_LICENSE: String(PER_LICENSE_LIMIT) };
  const start = () => startApiProcess({ databaseUrl: db.url!, emulatorUrl: emulator.url, env });
  [a, b] = await Promise.all([start(), start()]);
  const apisAt = Date.now();
  proxy = await startRoundRobinProxy([a.url, b.url]);
  await emulator.deliverWebhooksTo(proxy.url);
  await emulatorControl('POST', 'webhooks', { each_delivered_twice: 'true' });
  stripe = await createStripeAccess({ emulatorUrl: emulator.url, dataDir: tempDir() });
  console.log(`multi-process: database + emulator process up in ${emulatorAt - startedAt} ms, two API processes (pids ${a.pid}, ${b.pid}) in ${apisAt - emulatorAt} ms`);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await emulator?.stop();
  await db?.close();
  if (redis?.status === 'ready') {
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
  }
  redis?.disconnect();
}, 60_000);

describe('two API processes behind a round-robin proxy, one emulator, one PostgreSQL', () => {
  const journey = { purchaseId: '', licenseId: '', key: '', creator: { id: '', userId: '' } };

  it('a purchase through the public API is paid, its webhooks (each delivered twice, to both processes) are processed exactly once, and one license is issued', async () => {
    const seller = await createSeller(db.prisma, { priceAmount: PRICE });
    journey.creator = { id: seller.creator.id, userId: seller.user.id };
    const account = await ensureConnectedAccount({ prisma: db.prisma, stripe }, { creatorId: seller.creator.id });
    await emulatorControl('POST', `accounts/${account}/onboard`);

    const response = await fetch(`${proxy.url}/v1/purchases`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ pluginId: seller.plugin.id, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa' }),
    });
    const body = (await response.json()) as { purchaseId: string; status: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    journey.purchaseId = body.purchaseId;

    await expect.poll(() => db.prisma.license.count({ where: { purchaseId: body.purchaseId } }), { timeout: 30_000, interval: 200 }).toBe(1);
    await settleWebhooks();
    const purchase = await db.prisma.purchase.findUniqueOrThrow({ where: { id: body.purchaseId } });
    expect(purchase.status).toBe('SUCCEEDED');
    expect(await db.prisma.license.count({ where: { purchaseId: body.purchaseId } })).toBe(1);

    const events = await db.prisma.stripeEvent.findMany({ select: { id: true, status: true, attempts: true, processingAttempts: { select: { worker: true } } } });
    const deliveries = (await emulatorControl('GET', 'webhooks')).attempts as { event_id?: string; eventId?: string }[];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(['PROCESSED', 'IGNORED'], event.id).toContain(event.status);
      // A type Marketdesk does not handle is stored IGNORED with no attempt; any other is processed by exactly one attempt.
      expect(event.processingAttempts, `${event.id} processed once`).toHaveLength(event.attempts);
      if (event.status === 'PROCESSED') expect(event.attempts, event.id).toBe(1);
      else expect(event.attempts, event.id).toBeLessThanOrEqual(1);
    }
    const processed = events.filter((e) => e.status === 'PROCESSED');
    expect(processed.length).toBeGreaterThan(0);
    const workers = new Set(processed.map((e) => e.processingAttempts[0]!.worker!.split('-')[1]));
    for (const pid of workers) expect([String(a.pid), String(b.pid)]).toContain(pid);
    expect(deliveries.length, 'each event delivered twice').toBeGreaterThanOrEqual(2 * events.length);
    expect(Math.min(...proxy.counts()), 'both processes took requests').toBeGreaterThan(0);
    const ledger = await db.prisma.ledgerTransaction.groupBy({ by: ['kind'], where: { purchaseId: body.purchaseId }, _count: true });
    for (const posting of ledger) expect(posting._count, `${posting.kind} posted once`).toBe(1);
    expect(await purchaseLedger(db.prisma, body.purchaseId)).toMatchObject({ CREATOR_PAYABLE: PRICE * 0.9 });
    await expectLedgerBalanced(db.prisma);
    console.log(`multi-process: purchase ${body.purchaseId} SUCCEEDED; ${events.length} events stored once from ${deliveries.length} deliveries, ${processed.length} handled ones processed once each by workers of pids ${[...workers].join(', ')}; 1 license; ledger ${ledger.map((p) => p.kind).join(', ')} posted once, balanced`);
  });

  it('support reads the key through the proxy; it validates on both processes; revoked through one, the other answers REVOKED on the next call', async () => {
    const support = await staff(['SUPPORT']);
    const license = await db.prisma.license.findFirstOrThrow({ where: { purchaseId: journey.purchaseId } });
    const detail = await support.on(proxy).licenses.get.query({ id: license.id });
    journey.licenseId = license.id;
    journey.key = detail.key;
    expect(await validate(a, detail.key)).toEqual({ status: 200, code: 'VALID' });
    expect(await validate(b, detail.key)).toEqual({ status: 200, code: 'VALID' });

    const revoked = await support.on(a).licenses.revoke.mutate({ id: license.id, reason: 'Chargeback suspected (multi-process test)' });
    expect(revoked.status).toBe('REVOKED');
    expect(await validate(b, detail.key)).toMatchObject({ code: 'REVOKED' });
    expect(await validate(a, detail.key)).toMatchObject({ code: 'REVOKED' });
    expect(await db.prisma.auditLog.count({ where: { targetId: license.id, action: 'licenses.revoke' } })).toBe(1);
    console.log(`multi-process: license ${license.id} VALID on both processes; revoked on pid ${a.pid}, REVOKED at once on pid ${b.pid} and ${a.pid}; one audit row`);
  });

  it('a moderator claims a submission on one process; another moderator\'s claim on the other is CONFLICT; the first decides on the other', async () => {
    const plugin = await db.prisma.plugin.findFirstOrThrow({ where: { creatorId: journey.creator.id } });
    const submission = await createSubmission(db.prisma, plugin, { qualityScore: 90 });
    const [first, second] = [await staff(['MODERATOR']), await staff(['MODERATOR'])];
    await first.on(a).queue.claim.mutate({ submissionId: submission.id });
    const refused = await second.on(b).queue.claim.mutate({ submissionId: submission.id }).then(() => undefined, (error: unknown) => error);
    expect(trpcCode(refused), String(refused)).toBe('CONFLICT');
    const { version } = await first.on(b).queue.get.query({ submissionId: submission.id });
    const decided = await first.on(b).queue.approve.mutate({ submissionId: submission.id, version, message: 'Looks good.' });
    expect(decided.status).toBe('APPROVED');
    const stored = await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored).toMatchObject({ status: 'APPROVED' });
    console.log(`multi-process: submission ${submission.id} claimed on pid ${a.pid}, second claim on pid ${b.pid} CONFLICT, approved on pid ${b.pid}`);
  });

  it('a creator reads own earnings through the proxy, and not another creator\'s', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: journey.creator.userId } });
    const jar: Jar = new Map([['md_session', await sessionTokenFor({ prisma: db.prisma, sessionKeys: sharedSessionKeys }, user)]]);
    const creator = consoleClient(proxy.url, jar);
    const earnings = [await creator.creator.earnings.query({ currency: 'usd' }), await creator.creator.earnings.query({ currency: 'usd' })];
    expect(earnings[0]).toEqual(earnings[1]);
    expect(earnings[0]).toMatchObject({ currency: 'usd', lifetime: PRICE * 0.9 });
    const other = await createSeller(db.prisma);
    const refused = await creator.creator.earnings.query({ currency: 'usd', creatorId: other.creator.id }).then(() => undefined, (error: unknown) => error);
    expect(trpcCode(refused), String(refused)).toBe('NOT_FOUND');
    console.log(`multi-process: creator earnings lifetime ${earnings[0]!.lifetime} usd minor units, the same from both processes; another creator's NOT_FOUND`);
  });

  it('finance refunds in full through one process: posted once, the ledger balanced, reconciliation 0 read on the other', async () => {
    const finance = await staff(['FINANCE']);
    const refund = await finance.on(a).refunds.create.mutate({ purchaseId: journey.purchaseId, amount: PRICE, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', requestKey: `refund-${randomUUID()}` });
    await expect.poll(async () => (await db.prisma.refund.findUniqueOrThrow({ where: { id: refund.refundId } })).status, { timeout: 30_000, interval: 200 }).toBe('SUCCEEDED');
    await settleWebhooks();
    const ledger = await db.prisma.ledgerTransaction.groupBy({ by: ['kind'], where: { purchaseId: journey.purchaseId }, _count: true });
    for (const posting of ledger) expect(posting._count, `${posting.kind} posted once`).toBe(1);
    expect(ledger.length, 'a refund posting beside the sale').toBeGreaterThan(1);
    expect(await purchaseLedger(db.prisma, journey.purchaseId)).toMatchObject({ CREATOR_PAYABLE: 0 });
    await expectLedgerBalanced(db.prisma);
    const from = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const to = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const reconciled = await finance.on(b).finance.reconcile.query({ from, to, currency: 'usd' });
    expect(reconciled).toMatchObject({ difference: 0, isBalanced: true });
    console.log(`multi-process: refund ${refund.refundId} made on pid ${a.pid} SUCCEEDED; postings ${ledger.map((p) => `${p.kind}×${p._count}`).join(', ')}; ledger balanced; reconcile on pid ${b.pid}: difference ${reconciled.difference}`);
  });

  it('a session signed in on one process works on the other, and signing out on the other ends it on the first', async () => {
    const user = await createTestUser(db.prisma, ['SUPPORT']);
    const jar: Jar = new Map();
    const signedIn = await consoleClient(a.url, jar).auth.signIn.mutate({ email: user.email, password: TEST_PASSWORD });
    expect(signedIn.id).toBe(user.id);
    expect(jar.has('md_session'), 'the session cookie was set').toBe(true);
    expect((await consoleClient(b.url, jar).auth.me.query()).user?.id).toBe(user.id);
    const token = jar.get('md_session')!;
    await consoleClient(b.url, jar).auth.signOut.mutate();
    // The ended session's cookie replayed on the first process (a copy kept elsewhere): no longer signed in.
    const replayed = await consoleClient(a.url, new Map([['md_session', token]])).auth.me.query();
    expect(replayed.user).toBeNull();
    console.log(`multi-process: signed in on pid ${a.pid}, the session read on pid ${b.pid}, signed out there; its cookie replayed on pid ${a.pid}: signed out (${replayed.sessionEndReason ?? 'no reason'})`);
  });

  it(`the per-license rate limit (${PER_LICENSE_LIMIT}/min) is shared through Redis: alternating processes, request ${PER_LICENSE_LIMIT + 1} is 429`, async () => {
    const probe = `not-a-license-${randomUUID()}`;
    const codes = [];
    for (let i = 0; i < PER_LICENSE_LIMIT; i += 1) codes.push((await validate(i % 2 === 0 ? a : b, probe)).code);
    expect(codes).toEqual(Array(PER_LICENSE_LIMIT).fill('NOT_FOUND'));
    const limited = await fetch(`${a.url}/v1/licenses/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: probe }) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await redis.keys(`${redisPrefix}*`)).length).toBeGreaterThan(0);
    console.log(`multi-process: ${PER_LICENSE_LIMIT} validations of one key split over both processes, the next 429 (Retry-After ${limited.headers.get('retry-after')} s); proxy split ${proxy.counts().join('/')} requests`);
  });
});
