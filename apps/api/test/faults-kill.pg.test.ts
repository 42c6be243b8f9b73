/**
 * kill -9 in the middle of the work, with nothing lost (issue 17), on the PostgreSQL server with
 * real OS processes (processes.ts): two API processes share one database, one Stripe emulator
 * process and one data folder (uploaded packages), behind a round-robin proxy that Stripe's
 * webhooks go through. Each case arms a fault point (src/platform/faults.ts) in the shared fault
 * folder; the first process to reach it dies by SIGKILL there, the proxy then sends everything to
 * the survivor (as a load balancer's health check would), and the test checks that the other
 * process finished the work exactly once. A new process replaces the dead one before the next
 * case. Claim leases are a few seconds here (config leaseSeconds), so a takeover is quick.
 *
 * At the end, every ledger transaction balances and the ledger reconciles with the emulator's
 * balance transactions to 0 (finance's reconcileWithDifferences, no difference listed).
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../src/platform/faults.ts';
import { createStripeAccess, type StripeAccess } from '../src/platform/stripe/client.ts';
import { ensureConnectedAccount } from '../src/modules/payments/create-purchase.ts';
import { reconcileWithDifferences } from '../src/modules/finance/reconcile-differences.ts';
import { createSubmission } from './factories.ts';
import { createTestUser, openTestDatabase, sessionCookieFor, tempDir, type TestDatabase } from './harness.ts';
import { createSeller, expectLedgerBalanced } from './money/helpers.ts';
import { buildPackage, manifestOf } from './packages.ts';
import { sharedSessionKeys, startApiProcess, startEmulatorProcess, startRoundRobinProxy, type ApiProcess, type EmulatorProcess, type RoundRobinProxy } from './processes.ts';

/** Longest wait for a recovery (leases of 3–5 s, a webhook retry, a first scan loading the scanner on a loaded machine), ms. A bound against hanging, not a speed check. */
const RECOVERY_TIMEOUT_MS = 90_000;
/** Per case: a recovery plus booting the process that replaces the dead one. */
const CASE_TIMEOUT_MS = 180_000;

let db: TestDatabase;
let emulator: EmulatorProcess;
let stripeAccess: StripeAccess;
let proxy: RoundRobinProxy;
let live: ApiProcess[] = [];
const faultDir = tempDir();
const sharedDataDir = tempDir();
const startedAt = new Date(Date.now() - 60_000);
const PROCESS_ENV = {
  MARKETDESK_FAULT_DIR: faultDir,
  MARKETDESK_DATA_DIR: sharedDataDir,
  STRIPE_EVENT_LEASE_SECONDS: '5',
  SCAN_LEASE_SECONDS: '5',
  RENEWAL_LEASE_SECONDS: '3',
  RENEWAL_INTERVAL_SECONDS: '1',
};

const startProcess = () => startApiProcess({ databaseUrl: db.url!, emulatorUrl: emulator.url, env: PROCESS_ENV });

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + RECOVERY_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}\n${live.map((p) => `--- process ${p.pid}:\n${p.output().slice(-4000)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every webhook delivered and every stored event finished (no PENDING, PROCESSING or FAILED one). */
async function waitForQuietInbox(): Promise<void> {
  await waitFor('the webhook inbox to empty', async () => {
    const { pending } = (await (await fetch(`${emulator.url}/_emulator/webhooks`)).json()) as { pending: number };
    const open = await db.prisma.stripeEvent.count({ where: { status: { in: ['PENDING', 'PROCESSING', 'FAILED'] } } });
    return pending === 0 && open === 0;
  });
}

/** The process booting in place of the last dead one (its boot overlaps the survivor's recovery). */
let replacement: Promise<void> = Promise.resolve();

/**
 * Arms `point`, runs `act`, and waits for the process that reaches the point to die; the proxy
 * then sends every request (and webhook) to the survivors, and unless `options.isReplaced` is
 * false a new process starts booting in place of the dead one (it joins the proxy once it is up;
 * the next case waits for it).
 * @returns the dead process's pid and the survivors (the processes alive when it died).
 */
async function killAt(point: FaultPoint, act: (processes: ApiProcess[]) => Promise<unknown>, options: { isReplaced?: boolean } = {}): Promise<{ deadPid: number; survivors: ApiProcess[] }> {
  await replacement;
  await writeFile(path.join(faultDir, point), '');
  const deaths = live.map((p) => p.exited.then((exit) => ({ p, exit })));
  void act(live).catch(() => undefined); // a request answered by the dying process fails: expected
  let timer: NodeJS.Timeout | undefined;
  const noDeath = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No process reached ${point} within ${RECOVERY_TIMEOUT_MS} ms`)), RECOVERY_TIMEOUT_MS);
  });
  const { p: dead, exit } = await Promise.race([...deaths, noDeath]).finally(() => clearTimeout(timer));
  expect(exit.signal, `process ${dead.pid} died by SIGKILL at ${point}`).toBe('SIGKILL');
  live = live.filter((p) => p !== dead);
  proxy.setUpstreams(live.map((p) => p.url));
  const survivors = [...live];
  if (options.isReplaced === false) return { deadPid: dead.pid, survivors };
  replacement = startProcess().then((started) => {
    live.push(started);
    proxy.setUpstreams(live.map((p) => p.url));
  });
  return { deadPid: dead.pid, survivors };
}

async function setWebhooksPaused(isPaused: boolean): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/webhooks`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `paused=${isPaused}` });
  expect(response.ok).toBe(true);
}

async function buyThroughProxy(pluginId: string): Promise<{ purchaseId: string; paymentIntentId: string }> {
  const response = await fetch(`${proxy.url}/v1/purchases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pluginId, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa' }),
  });
  const body = (await response.json()) as { purchaseId: string; paymentIntentId: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function sellingSeller(options: { isSubscription?: boolean } = {}) {
  const seller = await createSeller(db.prisma, { priceAmount: 2500 });
  if (options.isSubscription) await db.prisma.plugin.update({ where: { id: seller.plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  const account = await ensureConnectedAccount({ prisma: db.prisma, stripe: stripeAccess }, { creatorId: seller.creator.id });
  const onboarded = await fetch(`${emulator.url}/_emulator/accounts/${account}/onboard`, { method: 'POST' });
  expect(onboarded.ok).toBe(true);
  return seller;
}

let oneTime: Awaited<ReturnType<typeof sellingSeller>>;
let subscriptionId: string;
let firstSubscriptionPayment: string;

beforeAll(async () => {
  db = await openTestDatabase({ target: 'postgres' });
  emulator = await startEmulatorProcess();
  stripeAccess = await createStripeAccess({ emulatorUrl: emulator.url, dataDir: tempDir() });
  const bootStartedAt = Date.now();
  live = await Promise.all([startProcess(), startProcess()]);
  console.log(`faults-kill: two API processes booted in ${Date.now() - bootStartedAt} ms`);
  proxy = await startRoundRobinProxy(live.map((p) => p.url));
  await emulator.deliverWebhooksTo(proxy.url);
  oneTime = await sellingSeller();
  // A monthly subscription, paid and synced before any fault is armed: the renewal case renews it.
  const monthly = await sellingSeller({ isSubscription: true });
  const { purchaseId } = await buyThroughProxy(monthly.plugin.id);
  firstSubscriptionPayment = purchaseId;
  subscriptionId = (await waitFor('the subscription to start', () => db.prisma.purchase.findUnique({ where: { id: purchaseId }, select: { subscriptionId: true } }).then((p) => p?.subscriptionId)))!;
  await waitForQuietInbox();
}, 180_000);

afterAll(async () => {
  await replacement.catch(() => undefined);
  await Promise.all(live.map((p) => p.kill('SIGKILL')));
  await proxy?.close();
  await stripeAccess?.close();
  await emulator?.stop();
  await db?.close();
});

describe('kill -9 mid-work: the other process finishes it exactly once (PostgreSQL, real processes)', () => {
  let paid: { purchaseId: string; paymentIntentId: string };

  it('webhook processing: killed after claiming a purchase\'s events, before the sync\'s ledger transaction commits', async () => {
    // Paid while Stripe holds the webhooks back, so the purchase request is answered before anything dies.
    await setWebhooksPaused(true);
    const caseStartedAt = new Date();
    paid = await buyThroughProxy(oneTime.plugin.id);
    const { deadPid, survivors } = await killAt('purchase-sync.before-commit', () => setWebhooksPaused(false));
    await waitFor('the purchase to be synced', async () => (await db.prisma.purchase.findUnique({ where: { id: paid.purchaseId } }))?.status === 'SUCCEEDED');
    await waitForQuietInbox();
    const transactions = await db.prisma.ledgerTransaction.findMany({ where: { purchaseId: paid.purchaseId }, select: { kind: true } });
    const kinds = transactions.map((t) => t.kind).sort();
    expect(kinds).toEqual(['application_fee', 'payment', 'transfer']);
    expect(await db.prisma.license.count({ where: { purchaseId: paid.purchaseId } })).toBe(1);
    // The dead process claimed this purchase's events and recorded no attempt; they were claimed
    // again after the lease and processed by another. (A live process slower than the lease may
    // see one claimed again beside it: a second PROCESSED attempt, the sync being idempotent.)
    const taken = await db.prisma.stripeEvent.findMany({ where: { receivedAt: { gte: caseStartedAt }, attempts: { gt: 1 } }, select: { id: true, status: true, processingAttempts: { select: { worker: true, outcome: true } } } });
    expect(taken.length).toBeGreaterThan(0);
    const finishers = new Set<string>();
    for (const event of taken) {
      expect(event.status).toBe('PROCESSED');
      const pids = event.processingAttempts.map((a) => /^events-(\d+)-/.exec(a.worker ?? '')?.[1]);
      expect(pids).not.toContain(String(deadPid));
      expect(event.processingAttempts.map((a) => a.outcome)).toContain('PROCESSED');
      for (const pid of pids) finishers.add(pid!);
    }
    console.log(`faults-kill webhook: process ${deadPid} died at purchase-sync.before-commit (live then: ${survivors.map((p) => p.pid).join(', ')}); the ${taken.length} events it held were claimed again after their lease and processed by process ${[...finishers].join(', ')}; the purchase posted payment, application_fee and transfer once each; 1 license`);
  }, CASE_TIMEOUT_MS);

  it('quality scan: killed after the findings were written, before the report commits', async () => {
    const plugin = await db.prisma.plugin.findUniqueOrThrow({ where: { id: oneTime.plugin.id } });
    const submission = await createSubmission(db.prisma, plugin);
    const tarballPath = `packages/${plugin.id}/fault.tgz`;
    await mkdir(path.join(sharedDataDir, `packages/${plugin.id}`), { recursive: true });
    const tarball = await buildPackage({ 'package.json': manifestOf(plugin.name, '1.0.0'), 'index.js': 'module.exports = (code) => eval(code);\n' });
    await copyFile(tarball, path.join(sharedDataDir, tarballPath));
    await db.prisma.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { tarballPath } });
    let reportId = '';
    const { deadPid, survivors } = await killAt('quality-scan.before-commit', async () => {
      reportId = (await db.prisma.qualityReport.create({ data: { submissionId: submission.id, pluginVersionId: submission.pluginVersionId } })).id;
    });
    const report = await waitFor('the scan to finish', async () => {
      const found = await db.prisma.qualityReport.findUnique({ where: { id: reportId }, include: { findings: true } });
      return found?.status === 'DONE' ? found : null;
    });
    // Claimed again after the dead one's lease (a live scan slower than the 5 s lease may be claimed a third time beside it).
    expect(report.attempts).toBeGreaterThanOrEqual(2);
    expect(report.lockedBy).toBeNull();
    expect(report.findings.length).toBeGreaterThan(0);
    const keys = report.findings.map((f) => `${f.ruleId}|${f.file}|${f.line}|${f.column}|${f.message}`);
    expect(new Set(keys).size, 'no finding written twice').toBe(keys.length);
    expect(report.findings.some((f) => f.ruleId.includes('eval'))).toBe(true);
    expect(await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id }, select: { reportStatus: true } })).toEqual({ reportStatus: 'DONE' });
    console.log(`faults-kill scan: process ${deadPid} died at quality-scan.before-commit; another process (live then: ${survivors.map((p) => p.pid).join(', ')}) claimed the report again after its lease (attempts: ${report.attempts}) and stored it once: DONE, ${report.findings.length} findings, none twice`);
  }, CASE_TIMEOUT_MS);

  it('refund: killed after Stripe answered, before the Refund row and the ledger were updated', async () => {
    const finance = await createTestUser(db.prisma, ['FINANCE']);
    const cookie = await sessionCookieFor({ prisma: db.prisma, sessionKeys: sharedSessionKeys }, finance);
    const input = { purchaseId: paid.purchaseId, amount: 2500, currency: 'usd', keepSubscription: false, reason: 'REQUESTED_BY_CUSTOMER', note: 'kill -9 test', revokeLicense: false, requestKey: randomUUID() };
    const { deadPid, survivors } = await killAt('refund.after-stripe-call', async ([target]) => {
      // Straight to one process: the one that calls Stripe is the one that dies.
      await fetch(`${target!.url}/trpc/refunds.create`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-marketdesk-client': 'console', cookie },
        body: JSON.stringify(superjson.serialize(input)),
      });
    });
    const refund = await waitFor('the refund to be confirmed', async () => {
      const rows = await db.prisma.refund.findMany({ where: { purchaseId: paid.purchaseId } });
      return rows.length === 1 && rows[0]!.status === 'SUCCEEDED' ? rows[0]! : null;
    });
    await waitForQuietInbox();
    const charge = (await db.prisma.purchase.findUniqueOrThrow({ where: { id: paid.purchaseId }, select: { chargeId: true } })).chargeId!;
    const atStripe = await stripeAccess.stripe.refunds.list({ charge });
    expect(atStripe.data.map((r) => [r.id, r.metadata?.refund_id])).toEqual([[refund.stripeRefundId, refund.id]]);
    const kinds = (await db.prisma.ledgerTransaction.findMany({ where: { purchaseId: paid.purchaseId }, select: { kind: true } })).map((t) => t.kind);
    expect(kinds.filter((k) => k === 'refund')).toHaveLength(1);
    expect(await db.prisma.purchase.findUniqueOrThrow({ where: { id: paid.purchaseId }, select: { status: true } })).toEqual({ status: 'REFUNDED' });
    expect(await db.prisma.license.findFirstOrThrow({ where: { purchaseId: paid.purchaseId }, select: { status: true } })).toEqual({ status: 'REVOKED' });
    expect(await db.prisma.auditLog.count({ where: { action: 'refunds.create', targetId: paid.purchaseId } })).toBe(1);
    // Completed by the webhook's sync, or — had no webhook come within 30 s — by the resend job: either way one confirmation, by the system.
    const confirmations = await db.prisma.auditLog.findMany({ where: { action: 'refunds.confirmed', targetId: refund.id }, select: { actorId: true, reason: true } });
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.actorId).toBeNull();
    const byResend = /resend job/.test(confirmations[0]!.reason ?? '');
    console.log(`faults-kill refund: process ${deadPid} died at refund.after-stripe-call; another process (live then: ${survivors.map((p) => p.pid).join(', ')}) completed it (${byResend ? 'the resend job, same idempotency key' : 'the webhook\'s sync, matching Stripe\'s refund by metadata.refund_id'}): Refund ${refund.id} = ${refund.stripeRefundId} SUCCEEDED, 1 refund at Stripe, the refund posted once, one refunds.confirmed audit row (the system's), the purchase REFUNDED and its license revoked`);
  }, CASE_TIMEOUT_MS);

  it('renewal run: killed after the renewal was charged, before its sync and posting', async () => {
    const before = await db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(before.periodNumber).toBe(1);
    const { deadPid, survivors } = await killAt('renewal.after-charge', async () => {
      // Stripe's clock past the period end: both processes' renewal workers (every second) find it due.
      const shifted = await fetch(`${emulator.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `advance_seconds=${33 * 24 * 3600}` });
      expect(shifted.ok).toBe(true);
    }, { isReplaced: false });
    await waitFor('the renewal to be synced', async () => (await db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).periodNumber === 2);
    await waitForQuietInbox();
    const after = await db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(after.status).toBe('ACTIVE');
    const purchases = await db.prisma.purchase.findMany({ where: { subscriptionId }, select: { id: true, status: true } });
    expect(purchases.map((p) => p.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const charges = await stripeAccess.stripe.charges.list({ customer: before.stripeCustomerId! });
    expect(charges.data.map((c) => c.status)).toEqual(['succeeded', 'succeeded']);
    const renewal = purchases.find((p) => p.id !== firstSubscriptionPayment)!;
    const payments = await db.prisma.ledgerTransaction.count({ where: { purchaseId: { in: purchases.map((p) => p.id) }, kind: 'payment' } });
    expect(payments).toBe(2);
    console.log(`faults-kill renewal: process ${deadPid} died at renewal.after-charge; another process (live then: ${survivors.map((p) => p.pid).join(', ')}) finished it: period 2, ${charges.data.length} charges at Stripe (first payment + one renewal ${renewal.id}), 2 payments posted`);
  }, CASE_TIMEOUT_MS);

  it('after all four deaths, every ledger transaction balances and the ledger reconciles with Stripe to 0', async () => {
    await expectLedgerBalanced(db.prisma);
    const stripeNow = await stripeAccess.now();
    const result = await reconcileWithDifferences({ prisma: db.prisma, stripe: stripeAccess }, { from: startedAt, to: new Date((stripeNow + 3600) * 1000), currency: 'usd' });
    expect(result.differences).toEqual([]);
    expect(result.difference).toBe(0);
    expect(result.isReconciled).toBe(true);
    console.log(`faults-kill reconciliation: ledger platform net ${result.ledgerPlatformNet} = Stripe ${result.stripePlatformNet} (usd minor units), difference 0, ${result.byType.length} balance transaction types, no difference listed; every ledger transaction balanced`);
  });
});
