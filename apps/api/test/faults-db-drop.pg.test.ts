/**
 * The PostgreSQL connection dropped mid-transaction (issue 17), on the PostgreSQL server: a test
 * connection holds what the app's transaction needs next (an uncommitted row with the same unique
 * key, or a row lock), so the transaction waits at a known statement after it has written
 * something; the test finds that backend in pg_stat_activity (application_name
 * `marketdesk-<pid>`, waiting on a lock) and terminates it. PostgreSQL rolls the transaction
 * back; database.ts reruns it on a fresh connection (at most 3 runs), and when every run is
 * killed the work fails cleanly and is done again later — never half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { createRefund } from '../src/modules/payments/index.ts';
import { claimSubmission, decideSubmission } from '../src/modules/moderation/index.ts';
import { drainStripeEvents } from '../src/modules/payments/stripe-events.ts';
import { systemClock } from '../src/platform/deps.ts';
import { createTestUser, DEFAULT_PG_URL, openTestDatabase, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createPurchase, createSubmission } from './factories.ts';
import { buy, createSeller, expectLedgerBalanced, purchaseLedger, settle, startMoneyServer, type MoneyServer } from './money/helpers.ts';

let db: TestDatabase;
let ts: MoneyServer;
/** The test's own connection: it holds the locks and terminates the app's backends. */
let admin: pg.Client;
/** A second connection, for the blocking transaction. */
let blocker: pg.Client;

beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  // Workers off: the test drains the inbox itself, at the moment it chooses.
  ts = await startMoneyServer({ db, config: { isRunningWorkers: false } });
  admin = new pg.Client({ connectionString: db.url });
  blocker = new pg.Client({ connectionString: db.url });
  await Promise.all([admin.connect(), blocker.connect()]);
});
afterAll(async () => {
  await blocker?.end();
  await admin?.end();
  await ts?.close(); // closes the app's pool too
  // Drops the test database (TestDatabase.close would end the closed pool again first).
  const server = new pg.Client({ connectionString: process.env.DATABASE_URL || DEFAULT_PG_URL });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS "${new URL(db.url!).pathname.slice(1)}" WITH (FORCE)`);
  await server.end();
});

/**
 * Waits until one of this process's pooled connections waits on a lock, terminates it, and
 * returns the statement it was running. Repeats `times` times (each rerun waits again).
 */
async function terminateWaitingBackend(times = 1): Promise<string[]> {
  const killed: string[] = [];
  // pg_terminate_backend only signals: a killed backend may still be listed for a moment.
  const killedPids = new Set<number>();
  const deadline = Date.now() + 30_000;
  while (killed.length < times) {
    if (Date.now() > deadline) throw new Error(`no app connection waited on a lock (killed ${killed.length} of ${times})`);
    const { rows } = await admin.query<{ pid: number; query: string }>(
      `SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`,
      [`marketdesk-${process.pid}`],
    );
    const row = rows.find((r) => !killedPids.has(r.pid));
    if (!row) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    await admin.query('SELECT pg_terminate_backend($1)', [row.pid]);
    killedPids.add(row.pid);
    killed.push(row.query.replace(/\s+/g, ' ').slice(0, 60));
  }
  return killed;
}

const actorOf = (user: { id: string; email: string }) => ({ userId: user.id, email: user.email, requestId: `drop-${randomUUID().slice(0, 8)}`, ip: null });

describe('the PostgreSQL connection dropped mid-transaction', () => {
  it('a ledger posting in webhook processing: every rerun killed → the event FAILED with nothing posted; the inbox retries it → PROCESSED once', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId, paymentIntentId } = await buy(ts, plugin.id);
    await ts.app.deps.stripe!.emulator!.waitForDeliveries();
    const charge = await ts.stripe.charges.retrieve((await ts.stripe.paymentIntents.retrieve(paymentIntentId)).latest_charge as string);
    // The sync posts the charge, then the transfer: an uncommitted posting with the transfer's key makes it wait there.
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO "LedgerTransaction" (id, "externalKey", kind, "occurredAt") VALUES ($1, $2, 'blocker', now())`, [`blk_${randomUUID()}`, `transfer:${charge.transfer as string}`]);
    const draining = drainStripeEvents(ts.app.deps, { workerId: 'drop-worker' });
    const killed = await terminateWaitingBackend(3);
    await draining;
    await blocker.query('ROLLBACK');
    // Nothing of the three runs is left: no posting, the purchase still PENDING; its events wait for their next attempt.
    expect(await ts.prisma.ledgerTransaction.count({ where: { purchaseId } })).toBe(0);
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).status).toBe('PENDING');
    const events = await ts.prisma.stripeEvent.findMany({ where: { payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } }, select: { id: true, status: true } });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.status))).toEqual(new Set(['FAILED']));

    // The inbox's backoff (2 s after attempt 1) passes; the next drain syncs it.
    await ts.prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
    await settle(ts);
    const after = await ts.prisma.stripeEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, select: { status: true, processingAttempts: { select: { outcome: true }, orderBy: { attempt: 'asc' } } } });
    for (const event of after) {
      expect(event.status).toBe('PROCESSED');
      expect(event.processingAttempts.map((a) => a.outcome)).toEqual(['FAILED', 'PROCESSED']);
    }
    expect((await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).status).toBe('SUCCEEDED');
    expect(await ts.prisma.ledgerTransaction.findMany({ where: { purchaseId }, select: { kind: true }, orderBy: { kind: 'asc' } })).toEqual([{ kind: 'application_fee' }, { kind: 'payment' }, { kind: 'transfer' }]);
    expect(Object.values(await purchaseLedger(ts.prisma, purchaseId)).reduce((a, b) => a + b, 0)).toBe(0);
    await expectLedgerBalanced(ts.prisma);
    console.log(`[faults-db-drop] webhook sync: killed ${killed.length} runs at "${killed[0]}…"; nothing posted, ${events.length} event(s) FAILED → PROCESSED once, ledger balanced`);
  });

  it('a refund write: one run killed → rerun once; every run killed → no refund row and no audit row, then the same request refunds once', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    // The blocking row belongs to another purchase (a row of this one would lock the purchase's key, which the refund locks first).
    const other = await createPurchase(ts.prisma, plugin);
    const finance = await createTestUser(ts.prisma, ['FINANCE']);
    const base = { actor: actorOf(finance), purchaseId, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER' as const, note: 'connection drop', revokeLicense: false };

    // An uncommitted refund row with the same idempotency key: the refund's insert waits there, after the purchase lock and the checks.
    const block = async (requestKey: string) => {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO "Refund" (id, "purchaseId", amount, currency, reason, "idempotencyKey", "updatedAt") VALUES ($1, $2, 1, 'usd', 'DUPLICATE', $3, now())`, [`blk_${randomUUID()}`, other.id, `refund:${purchaseId}:${requestKey}`]);
    };

    const first = { ...base, amount: 300, requestKey: randomUUID() };
    await block(first.requestKey);
    const refunding = createRefund(ts.app.deps, first);
    const killedOnce = await terminateWaitingBackend(1);
    await blocker.query('ROLLBACK');
    const rerun = await refunding;
    expect(rerun.status).toBe('SUCCEEDED');

    const second = { ...base, amount: 200, requestKey: randomUUID() };
    await block(second.requestKey);
    const failing = createRefund(ts.app.deps, second).then(() => 'completed', (error: unknown) => String((error as Error).message));
    expect(await terminateWaitingBackend(3)).toHaveLength(3);
    const failure = await failing;
    await blocker.query('ROLLBACK');
    expect(failure).toMatch(/terminating connection|Connection terminated|57P01/);
    expect(await ts.prisma.refund.count({ where: { idempotencyKey: `refund:${purchaseId}:${second.requestKey}` } })).toBe(0);
    expect(await ts.prisma.auditLog.count({ where: { targetId: purchaseId, action: 'refunds.create' } })).toBe(1);

    expect((await createRefund(ts.app.deps, second)).status).toBe('SUCCEEDED');
    await settle(ts);
    const charge = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    expect((await ts.stripe.refunds.list({ charge })).data.map((r) => r.amount).sort()).toEqual([200, 300]);
    expect(await ts.prisma.refund.findMany({ where: { purchaseId }, select: { amount: true, status: true }, orderBy: { amount: 'asc' } })).toEqual([{ amount: 200, status: 'SUCCEEDED' }, { amount: 300, status: 'SUCCEEDED' }]);
    expect(await ts.prisma.auditLog.count({ where: { targetId: purchaseId, action: 'refunds.create' } })).toBe(2);
    expect(await ts.prisma.ledgerTransaction.count({ where: { purchaseId, kind: 'refund' } })).toBe(2);
    await expectLedgerBalanced(ts.prisma);
    console.log(`[faults-db-drop] refund: 1 run killed at "${killedOnce[0]}…" → rerun refunded once; 3 runs killed → failed with no refund or audit row, resent → refunded once; ledger balanced`);
  });

  it('a moderation decision: the run killed after it wrote the decision → rerun applies it once', async () => {
    const creator = await createCreator(ts.prisma);
    const plugin = await createPlugin(ts.prisma, creator.id);
    const submission = await createSubmission(ts.prisma, plugin);
    const moderator = await createTestUser(ts.prisma, ['MODERATOR']);
    const deps = { prisma: ts.prisma, clock: systemClock };
    await claimSubmission(deps, { actor: actorOf(moderator), submissionId: submission.id });
    // The plugin's row locked: an approval waits there, after it updated the submission and wrote the decision.
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM "Plugin" WHERE id = $1 FOR UPDATE', [plugin.id]);
    const deciding = decideSubmission(deps, { actor: actorOf(moderator), kind: 'APPROVE', submissionId: submission.id, version: submission.version, message: '' });
    const killed = await terminateWaitingBackend(1);
    await blocker.query('ROLLBACK');
    expect((await deciding).status).toBe('APPROVED');
    const stored = await ts.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored).toMatchObject({ status: 'APPROVED', version: submission.version + 1 });
    expect(await ts.prisma.reviewDecision.count({ where: { submissionId: submission.id } })).toBe(1);
    expect(await ts.prisma.notification.count({ where: { creatorId: creator.id } })).toBe(1);
    expect((await ts.prisma.plugin.findUniqueOrThrow({ where: { id: plugin.id } })).status).toBe('PUBLISHED');
    console.log(`[faults-db-drop] moderation decision: killed at "${killed[0]}…" → rerun applied once (version ${submission.version} → ${stored.version}, 1 decision, 1 notification)`);
  });

  it('idle pooled connections terminated by the server: the process keeps running and the next queries work', async () => {
    await ts.prisma.$transaction([ts.prisma.user.count(), ts.prisma.plugin.count()]);
    const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state = 'idle'`, [`marketdesk-${process.pid}`]);
    expect(rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const counts = await Promise.all(Array.from({ length: 12 }, () => ts.prisma.user.count()));
    expect(counts.every((n) => n > 0)).toBe(true);
    console.log(`[faults-db-drop] ${rowCount} idle pooled connections terminated: no crash, 12 queries after it answered`);
  });
});
