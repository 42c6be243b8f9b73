/**
 * Two faults with real OS processes on the PostgreSQL server (issue 17), sharing one standalone
 * emulator and two API processes (processes.ts):
 * - the Stripe emulator down for a minute: a purchase asked meanwhile is answered 502 and
 *   completes when sent again with its Idempotency-Key; a refund asked meanwhile stays PENDING and
 *   the refund resend job completes it without anyone asking; webhooks held at Stripe when it went
 *   down are delivered after its restart (its state kept in its data folder) and processed once;
 * - SIGTERM of an API process in the middle of webhook processing: it stops accepting HTTP at
 *   once, finishes the events it claimed, claims no more and exits 0; the other process does the
 *   rest, every event processed exactly once.
 * The minute of outage is the file's only long wait.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeAccess, type StripeAccess } from '../src/platform/stripe/client.ts';
import { ensureConnectedAccount } from '../src/modules/payments/create-purchase.ts';
import { createTestUser, openTestDatabase, sessionCookieFor, tempDir, type TestDatabase } from './harness.ts';
import { createSeller, expectLedgerBalanced } from './money/helpers.ts';
import { sharedSessionKeys, startApiProcess, startEmulatorProcess, type ApiProcess, type EmulatorProcess } from './processes.ts';

/** How long Stripe stays down, ms: the issue's minute. */
const OUTAGE_MS = 60_000;
/** Longest wait for work to complete after a fault (a resend lease of 5 s, webhook retries, a loaded machine), ms: a bound against hanging, not a speed check. */
const COMPLETION_TIMEOUT_MS = 120_000;

let db: TestDatabase;
let emulator: EmulatorProcess;
let stripeAccess: StripeAccess;
let first: ApiProcess;
let second: ApiProcess;
let seller: Awaited<ReturnType<typeof createSeller>>;

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + COMPLETION_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}\n${[first, second].map((p) => `--- process ${p.pid}:\n${p.output().slice(-3000)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function purchase(apiUrl: string, requestKey = randomUUID()): Promise<{ status: number; body: { purchaseId?: string; paymentIntentId?: string; error?: { code?: string } } }> {
  const response = await fetch(`${apiUrl}/v1/purchases`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': requestKey },
    body: JSON.stringify({ pluginId: seller.plugin.id, buyerEmail: `buyer-${requestKey.slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa' }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

async function setWebhooksPaused(isPaused: boolean): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/webhooks`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `paused=${isPaused}` });
  expect(response.ok).toBe(true);
}

const purchaseStatus = async (id: string) => (await db.prisma.purchase.findUnique({ where: { id }, select: { status: true } }))?.status;

beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  emulator = await startEmulatorProcess();
  stripeAccess = await createStripeAccess({ emulatorUrl: emulator.url, dataDir: tempDir() });
  // A refund Stripe did not confirm is sent again after 5 s instead of 30 s.
  const started = await Promise.all([0, 1].map(() => startApiProcess({ databaseUrl: db.url!, emulatorUrl: emulator.url, env: { REFUND_RESEND_SECONDS: '5' } })));
  [first, second] = [started[0]!, started[1]!];
  await emulator.deliverWebhooksTo(first.url);
  seller = await createSeller(db.prisma, { priceAmount: 2500 });
  const account = await ensureConnectedAccount({ prisma: db.prisma, stripe: stripeAccess }, { creatorId: seller.creator.id });
  expect((await fetch(`${emulator.url}/_emulator/accounts/${account}/onboard`, { method: 'POST' })).ok).toBe(true);
}, 240_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await emulator?.stop();
  await stripeAccess?.close();
  await db?.close();
});

describe('faults with real processes', () => {
  it('the Stripe emulator down for a minute: purchases and refunds wait and complete, held events are delivered and processed once', async () => {
    const paid = await purchase(first.url);
    expect(paid.status).toBe(201);
    await waitFor('the first purchase to be synced', async () => (await purchaseStatus(paid.body.purchaseId!)) === 'SUCCEEDED');
    // Paid at Stripe, its webhooks held there when Stripe goes down.
    await setWebhooksPaused(true);
    const held = await purchase(first.url);
    expect(held.status).toBe(201);
    await emulator.stop();
    const downAt = Date.now();

    const duringKey = randomUUID();
    const during = await purchase(second.url, duringKey);
    expect(during.status, JSON.stringify(during.body)).toBe(502);
    const finance = await createTestUser(db.prisma, ['FINANCE']);
    const cookie = await sessionCookieFor({ prisma: db.prisma, sessionKeys: sharedSessionKeys }, finance);
    const refundInput = { purchaseId: paid.body.purchaseId!, amount: 1000, currency: 'usd', keepSubscription: false, reason: 'REQUESTED_BY_CUSTOMER', note: 'Stripe down', revokeLicense: false, requestKey: randomUUID() };
    const refundAnswer = await fetch(`${first.url}/trpc/refunds.create`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-marketdesk-client': 'console', cookie },
      body: JSON.stringify(superjson.serialize(refundInput)),
    });
    expect(refundAnswer.status).toBe(502);
    const pendingRefund = await db.prisma.refund.findFirstOrThrow({ where: { purchaseId: paid.body.purchaseId! } });
    expect(pendingRefund).toMatchObject({ status: 'PENDING', stripeRefundId: null });
    expect(await purchaseStatus(held.body.purchaseId!)).toBe('PENDING');
    // Both processes still answer while Stripe is down.
    for (const p of [first, second]) expect((await fetch(`${p.url}/healthz`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    await emulator.restart();
    const downFor = Date.now() - downAt;

    // The buyer's client sends the purchase again with its key: the same purchase, paid once.
    const again = await purchase(second.url, duringKey);
    expect(again.status).toBe(201);
    await waitFor('the purchases to be synced', async () => (await purchaseStatus(held.body.purchaseId!)) === 'SUCCEEDED' && (await purchaseStatus(again.body.purchaseId!)) === 'SUCCEEDED');
    const refund = await waitFor('the resend job to confirm the refund', async () => {
      const row = await db.prisma.refund.findUniqueOrThrow({ where: { id: pendingRefund.id } });
      return row.status === 'SUCCEEDED' ? row : null;
    });
    const waitedAfterRestart = Date.now() - downAt - downFor;

    const charge = (await db.prisma.purchase.findUniqueOrThrow({ where: { id: paid.body.purchaseId! } })).chargeId!;
    expect((await stripeAccess.stripe.refunds.list({ charge })).data.map((r) => r.id)).toEqual([refund.stripeRefundId]);
    expect(await db.prisma.refund.count({ where: { purchaseId: paid.body.purchaseId! } })).toBe(1);
    expect(await db.prisma.auditLog.findMany({ where: { targetId: refund.id }, select: { action: true, actorEmail: true } })).toEqual([{ action: 'refunds.confirmed', actorEmail: expect.not.stringContaining(finance.email) }]);
    for (const id of [held.body.purchaseId!, again.body.purchaseId!]) {
      expect((await db.prisma.ledgerTransaction.findMany({ where: { purchaseId: id }, select: { kind: true }, orderBy: { kind: 'asc' } })).map((t) => t.kind)).toEqual(['application_fee', 'payment', 'transfer']);
    }
    await waitFor('the inbox to empty', async () => (await db.prisma.stripeEvent.count({ where: { status: { in: ['PENDING', 'PROCESSING', 'FAILED'] } } })) === 0);
    const heldEvents = await db.prisma.stripeEvent.findMany({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: held.body.paymentIntentId! } }, select: { status: true, processingAttempts: { select: { outcome: true } } } });
    expect(heldEvents).toEqual([{ status: 'PROCESSED', processingAttempts: [{ outcome: 'PROCESSED' }] }]);
    expect(await db.prisma.stripeEvent.count({ where: { status: 'DEAD' } })).toBe(0);
    await expectLedgerBalanced(db.prisma);
    console.log(`[faults-outage] Stripe down ${Math.round(downFor / 1000)} s: the purchase asked meanwhile got 502 and completed once when resent with its key; the refund asked meanwhile (502, PENDING) was confirmed by the resend job ${Math.round(waitedAfterRestart / 1000)} s after the restart, one refund at Stripe; the held purchase's webhooks were delivered after the restart and processed once; ledger balanced`);
  }, OUTAGE_MS + 2 * COMPLETION_TIMEOUT_MS);

  it('SIGTERM in the middle of webhook processing: HTTP refused at once, claimed events finished, no more claimed, exit 0; the other process does the rest once', async () => {
    await setWebhooksPaused(true);
    const bought: Awaited<ReturnType<typeof purchase>>['body'][] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await purchase(second.url);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      bought.push(answer.body);
    }
    // The first purchase's events name its PaymentIntent or its charge (the charge's fee and transfer name the charge).
    const paymentIntent = await stripeAccess.stripe.paymentIntents.retrieve(bought[0]!.paymentIntentId!);
    const charge = typeof paymentIntent.latest_charge === 'string' ? paymentIntent.latest_charge : paymentIntent.latest_charge?.id;
    expect(charge).toMatch(/^ch_/);
    const blocker = new pg.Client({ connectionString: db.url });
    // A failed test leaves it open; closing the database then terminates its backend, which is no error of the test.
    blocker.on('error', () => undefined);
    await blocker.connect();
    // The first purchase's row locked: whichever process claims its events waits in their sync.
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM "Purchase" WHERE id = $1 FOR UPDATE', [bought[0]!.purchaseId]);
    await setWebhooksPaused(false);
    // Any of them may be claimed first: its sync, and its transfer's (a reference to the purchase), wait on the row lock.
    const blockedEvents = () => db.prisma.$queryRaw<{ type: string; status: string; lockedBy: string | null }[]>`
      SELECT type, status::text AS status, "lockedBy" FROM "StripeEvent"
      WHERE payload::text LIKE ${`%"${bought[0]!.paymentIntentId!}"%`} OR payload::text LIKE ${`%"${charge!}"%`} ORDER BY "receivedAt"`;
    const claimer = await waitFor('a process to claim the blocked purchase\'s events', async () => {
      const events = await blockedEvents();
      if (events.some((e) => e.status === 'PROCESSED' && e.type !== 'transfer.created')) throw new Error(`processed before the row lock was taken: ${JSON.stringify(events)} (processes ${first.pid}, ${second.pid})`);
      // A transfer waits only when its purchase already names the charge; the purchase's own sync always does.
      const event = events.find((e) => e.status === 'PROCESSING' && e.lockedBy && e.type !== 'transfer.created');
      return event ? [first, second].find((p) => event.lockedBy!.startsWith(`events-${p.pid}-`)) ?? Promise.reject(new Error(`claimed by an unknown worker: ${JSON.stringify(events)} (processes ${first.pid}, ${second.pid})`)) : null;
    }).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message.slice(0, 2000)}\nevents of ${bought[0]!.paymentIntentId}: ${JSON.stringify(await blockedEvents())}; inbox: ${JSON.stringify(await db.prisma.stripeEvent.groupBy({ by: ['status'], _count: true }))}; webhooks: ${await (await fetch(`${emulator.url}/_emulator/webhooks`)).text().then((t) => t.slice(0, 500))}`);
    });
    const other = claimer === first ? second : first;
    const claimedBefore = await db.prisma.stripeEvent.findMany({ where: { status: 'PROCESSING', lockedBy: { startsWith: `events-${claimer.pid}-` } }, select: { id: true, type: true } });
    // Later events go to the process that stays.
    await emulator.deliverWebhooksTo(other.url);
    const termAt = Date.now();
    claimer.kill('SIGTERM').catch(() => undefined);
    const refused = await waitFor('the stopping process to refuse connections', async () => fetch(`${claimer.url}/healthz`).then(() => false, () => true));
    expect(refused).toBe(true);
    const exitedEarly = await Promise.race([claimer.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 500))]);
    expect(exitedEarly, 'the process waits for the events it claimed').toBe(false);
    await blocker.query('ROLLBACK');
    await blocker.end();
    const exit = await claimer.exited;
    const exitMs = Date.now() - termAt;
    expect(exit).toEqual({ code: 0, signal: null });

    // Work after the SIGTERM: only the other process takes it.
    const late = await purchase(other.url);
    expect(late.status).toBe(201);
    const ids = [...bought, late.body].map((b) => b.purchaseId!);
    await waitFor('every purchase to be synced', async () => (await Promise.all(ids.map(purchaseStatus))).every((s) => s === 'SUCCEEDED'));
    await waitFor('the inbox to empty', async () => (await db.prisma.stripeEvent.count({ where: { status: { in: ['PENDING', 'PROCESSING', 'FAILED'] } } })) === 0);
    const attempts = await db.prisma.stripeEventAttempt.findMany({ where: { startedAt: { gte: new Date(termAt - 60_000) } }, select: { eventId: true, worker: true, outcome: true, startedAt: true } });
    const processedPerEvent = new Map<string, number>();
    for (const a of attempts) if (a.outcome === 'PROCESSED') processedPerEvent.set(a.eventId, (processedPerEvent.get(a.eventId) ?? 0) + 1);
    expect([...processedPerEvent.values()].every((n) => n === 1)).toBe(true);
    // The stopping process finished what it had claimed (its attempts), and started nothing after its claimed batch.
    const byClaimer = new Set(attempts.filter((a) => a.worker?.startsWith(`events-${claimer.pid}-`)).map((a) => a.eventId));
    for (const { id } of claimedBefore) expect(byClaimer.has(id), `event ${id} claimed before the SIGTERM was finished by its claimer`).toBe(true);
    const lateEvents = await db.prisma.stripeEvent.findMany({ where: { payload: { path: ['data', 'object', 'id'], equals: late.body.paymentIntentId! } }, select: { processingAttempts: { select: { worker: true } } } });
    const lateWorkers = lateEvents.flatMap((e) => e.processingAttempts.map((a) => a.worker?.split('-')[1]));
    expect(lateWorkers.length).toBeGreaterThan(0);
    expect(new Set(lateWorkers)).toEqual(new Set([String(other.pid)]));
    for (const id of ids) expect((await db.prisma.ledgerTransaction.count({ where: { purchaseId: id } }))).toBe(3);
    await expectLedgerBalanced(db.prisma);
    console.log(`[faults-sigterm] process ${claimer.pid} got SIGTERM holding ${claimedBefore.length} claimed event(s) (${claimedBefore.map((e) => e.type).join(', ')}) waiting on a row lock: connections refused at once, it finished them and exited 0 ${Math.round(exitMs / 100) / 10} s after the signal (lock held ~0.5 s of it); process ${other.pid} processed the rest and the later purchase; ${processedPerEvent.size} events each PROCESSED once, ledger balanced`);
  }, COMPLETION_TIMEOUT_MS * 2);
});
