/**
 * `POST /webhooks/stripe` through the real app: bad input refused and stored nowhere; unknown
 * types stored IGNORED; each Stripe sample object Marketdesk handles (Stripe's fixtures3.json, as
 * vendored in packages/stripe-emulator/openapi/fixtures.json) parsed by our code when wrapped in a
 * signed event. Plus a creator's earnings, payouts and the reconciliation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import { drainStripeEvents, readEventTarget } from '../../src/modules/payments/stripe-events.ts';
import { contextFor, createCaller } from '../harness.ts';
import { buy, callerAs, createSeller, expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
let secret: string;
beforeAll(async () => {
  ts = await startMoneyServer();
  secret = ts.app.deps.stripe!.webhookSecret!;
});
afterAll(async () => ts?.close());

let sequence = 0;
function eventFor(object: Record<string, unknown>, type: string, account?: string) {
  sequence += 1;
  return { id: `evt_test_${Date.now()}_${sequence}`, object: 'event', api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object }, ...(account ? { account } : {}) };
}

async function post(body: string, signature?: string) {
  const response = await fetch(`${ts.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body });
  return response.status;
}

const sign = (body: string, at = Math.floor(Date.now() / 1000), key = secret) => signWebhookPayload(body, key, at);

describe('webhook bad input', () => {
  it('refuses unsigned, wrongly signed, too old and malformed bodies with 4xx and stores nothing', async () => {
    const before = await ts.prisma.stripeEvent.count();
    const body = JSON.stringify(eventFor({ id: 'ch_x', object: 'charge' }, 'charge.succeeded'));
    expect(await post(body)).toBe(400);
    expect(await post(body, sign(body, undefined, 'whsec_wrong'))).toBe(400);
    expect(await post(body, sign(body, Math.floor(Date.now() / 1000) - 301))).toBe(400);
    expect(await post(body, 't=abc,v1=def')).toBe(400);
    const malformed = '{"id": "evt_broken", "type": ';
    expect(await post(malformed, sign(malformed))).toBe(400);
    const notAnEvent = JSON.stringify({ hello: 'world' });
    expect(await post(notAnEvent, sign(notAnEvent))).toBe(400);
    expect(await ts.prisma.stripeEvent.count()).toBe(before);
  });

  it('stores an unknown type as IGNORED, and a duplicate id once', async () => {
    const event = eventFor({ id: 'cus_x', object: 'customer' }, 'customer.created');
    const body = JSON.stringify(event);
    expect(await post(body, sign(body))).toBe(200);
    expect(await post(body, sign(body))).toBe(200);
    const stored = await ts.prisma.stripeEvent.findMany({ where: { id: event.id } });
    expect(stored.map((e) => e.status)).toEqual(['IGNORED']);
  });
});

describe('webhook input that must not reach PostgreSQL as it came', () => {
  it('stores a correctly signed event with NUL and lone surrogates (escaped, keys too) as U+FFFD: 200, not 500 and not dropped', async () => {
    const event = eventFor({ id: 'cus_nul', object: 'customer', name: 'a\u0000b', note: 'x\ud800y', ['k\u0000']: '\udc00', literal: '\\u0000' }, 'customer.created');
    const body = JSON.stringify(event);
    expect(body).toContain('\\u0000');
    expect(await post(body, sign(body))).toBe(200);
    const stored = await ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    const object = (stored.payload as { data: { object: Record<string, string> } }).data.object;
    expect(object).toMatchObject({ name: 'a\ufffdb', note: 'x\ufffdy', ['k\ufffd']: '\ufffd', literal: '\\u0000' });
  });

  it('refuses what cannot be a Stripe event with 400 naming the field: no livemode, created 1e15, a non-evt id', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ livemode: undefined }, 'livemode'],
      [{ created: 1e15 }, 'created'],
      [{ created: -1 }, 'created'],
      [{ id: 'evt_\u0000' }, 'id'],
      [{ account: 'acct_\u0000' }, 'account'],
    ];
    for (const [change, field] of cases) {
      const body = JSON.stringify({ ...eventFor({ id: 'cus_x', object: 'customer' }, 'customer.created'), ...change });
      const response = await fetch(`${ts.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body) }, body });
      expect(response.status, field).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe(field);
    }
  });

  it('refuses an event nested deeper than Stripe nests (400), in bounded time', async () => {
    const event = eventFor({ id: 'cus_deep', object: 'customer', metadata: '__DEEP__' }, 'customer.created');
    const body = JSON.stringify(event).replace('"__DEEP__"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const started = performance.now();
    expect(await post(body, sign(body))).toBe(400);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('Stripe sample objects in signed events', () => {
  const fixtures = (JSON.parse(readFileSync(new URL('../../../../packages/stripe-emulator/openapi/fixtures.json', import.meta.url), 'utf8')) as { resources: Record<string, Record<string, unknown>> }).resources;
  const cases: [string, string][] = [
    ['charge', 'charge.refunded'], ['refund', 'refund.updated'], ['dispute', 'charge.dispute.created'], ['payout', 'payout.paid'], ['transfer', 'transfer.created'],
    ['transfer_reversal', 'transfer.reversed'], ['balance_transaction', 'charge.updated'], ['payment_intent', 'payment_intent.succeeded'], ['application_fee', 'application_fee.created'], ['account', 'account.updated'],
    ['checkout.session', 'checkout.session.completed'], ['checkout.session', 'checkout.session.expired'],
  ];
  it.each(cases)('%s (%s)', async (resource, type) => {
    const object = fixtures[resource]!;
    expect(object.object).toBe(resource);
    const event = eventFor(object, type, resource === 'payout' ? 'acct_1PgafTB7WZ01zgkW' : undefined);
    expect(readEventTarget(event)).not.toBeNull();
    const body = JSON.stringify(event);
    expect(await post(body, sign(body))).toBe(200);
    await drainStripeEvents(ts.app.deps, { workerId: 'fixture-worker' });
    const stored = await ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    // Not ours at this Stripe (the sample ids do not exist here): ignored after re-fetching, never failed.
    expect(['PROCESSED', 'IGNORED']).toContain(stored.status);
  });
});

describe('creators and payouts', () => {
  it('a creator sees own earnings (pending, available, paid out) and is denied another creator\'s', async () => {
    const mine = await createSeller(ts.prisma, { priceAmount: 10_000 });
    const theirs = await createSeller(ts.prisma, { priceAmount: 10_000 });
    await buy(ts, mine.plugin.id);
    await buy(ts, theirs.plugin.id);
    await settle(ts);
    const account = (await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: mine.creator.id } })).stripeAccountId!;
    const first = await ts.stripe.payouts.create({ amount: 3000, currency: 'usd' }, { stripeAccount: account });
    await ts.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: account });
    await fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/payouts/${first.id}/paid`, { method: 'POST' });
    await settle(ts);
    const caller = createCaller(await contextFor(ts.app.deps, mine.user));
    expect(await caller.creator.earnings({ currency: 'usd' })).toEqual({ currency: 'usd', available: 9000 - 4000, pending: 1000, paidOut: 3000, lifetime: 9000 });
    const denied = await caller.creator.earnings({ currency: 'usd', creatorId: theirs.creator.id }).then(() => 'OK', (e: TRPCError) => e.code);
    expect(denied).toBe('NOT_FOUND');
    const sales = await caller.creator.salesByPlugin({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000), currency: 'usd' });
    expect(sales.items).toEqual([expect.objectContaining({ pluginId: mine.plugin.id, salesCount: 1, grossVolume: 10_000, earnings: 9000 })]);
    expect((await caller.creator.payouts({})).items).toHaveLength(2);
    await expectLedgerBalanced(ts.prisma);
  });

  it('reconciliation with sub-second bounds counts the same seconds on both sides', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 3000 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const { chargeId } = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    const createdMs = (await ts.stripe.charges.retrieve(chargeId!)).created * 1000;
    for (const [from, to] of [[createdMs + 500, createdMs + 3_600_000], [createdMs - 3_600_000, createdMs + 500], [createdMs - 3_600_000, createdMs - 500]]) {
      const report = await caller.finance.reconcile({ from: new Date(from!), to: new Date(to!), currency: 'usd' });
      expect(report.difference, JSON.stringify(report)).toBe(0);
    }
  });

  it('reconciliation: the ledger agrees with Stripe\'s balance transactions; events list and replay', async () => {
    const { caller } = await callerAs(ts, ['FINANCE']);
    const period = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000), currency: 'usd' };
    const report = await caller.finance.reconcile(period);
    expect(report.difference, JSON.stringify(report)).toBe(0);
    const events = await caller.stripeEvents.list({ limit: 5 });
    expect(events.items.length).toBeGreaterThan(0);
    const replayed = await caller.stripeEvents.replay({ id: events.items[0]!.id });
    expect(replayed.status).toBe('PENDING');
    await settle(ts);
    expect(await caller.finance.reconcile(period)).toMatchObject({ difference: 0 });
    const series = await caller.finance.series({ ...period, interval: 'day', timeZone: 'America/New_York' });
    expect(series.points.length).toBeGreaterThan(0);
    const top = await caller.finance.top({ ...period, by: 'creator', limit: 5 });
    expect(top.items.length).toBeGreaterThan(0);
  });
});
