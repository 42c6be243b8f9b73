/**
 * The batched webhook inbox (issue 17): concurrent deliveries stored by one group-committing
 * writer are stored once each by id and answered `duplicate` otherwise; a delivery that cannot be
 * stored fails alone; a purchase's events claimed together cost one sync, their charge's
 * PaymentIntent read from the events themselves rather than from Stripe; a round of claims never
 * takes part of a second's events when it can take them all.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeEventWriter } from '../../src/modules/payments/stripe-event-writer.ts';
import { claimStripeEvents, CLAIM_GROWTH_FACTOR, drainStripeEvents, storeStripeEvents, type StripeEventDelivery } from '../../src/modules/payments/stripe-events.ts';
import { buy, createSeller, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

/** A Stripe-shaped event (the inbox reads only the envelope) of `type`: charge.refunded is handled, customer.created is not. */
function eventOf(id: string, type = 'charge.refunded'): Stripe.Event {
  return { id, object: 'event', type, api_version: '2023-08-16', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null, data: { object: { id: `ch_${id}`, object: 'charge' } } } as unknown as Stripe.Event;
}

const storedRows = (ids: string[]) => ts.prisma.stripeEvent.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, processedAt: true, requestId: true }, orderBy: { id: 'asc' } });

describe('processing a purchase\'s events', () => {
  it('claimed together, they cost one sync and no request for their charge\'s PaymentIntent', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1500 });
    const { purchaseId, paymentIntentId } = await buy(ts, plugin.id);
    await ts.app.deps.stripe!.emulator!.waitForDeliveries();
    // Its events and the seller's onboarding's (account.updated): nothing else is in the inbox yet.
    const events = await ts.prisma.stripeEvent.findMany({ where: { status: 'PENDING' }, select: { id: true, type: true } });
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'charge.succeeded', 'application_fee.created']));
    // The real client, counting what the drain asks Stripe for.
    const requests: string[] = [];
    const real = ts.app.deps.stripe!.stripe;
    const counting = (resource: object, name: string) => new Proxy(resource, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'retrieve' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          requests.push(`${name}.retrieve ${String(args[0])}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const stripe = new Proxy(real, { get: (target, property, receiver) => (property === 'charges' || property === 'paymentIntents' ? counting(Reflect.get(target, property, receiver) as object, String(property)) : Reflect.get(target, property, receiver)) });
    await drainStripeEvents({ ...ts.app.deps, stripe: { ...ts.app.deps.stripe!, stripe } }, { workerId: 'batching-test' });
    const after = await ts.prisma.stripeEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, select: { type: true, status: true, attempts: true } });
    expect(after.filter((e) => e.type !== 'account.updated').map((e) => [e.type, e.status, e.attempts]).sort()).toEqual(
      types.filter((type) => type !== 'account.updated').map((type) => [type, 'PROCESSED', 1]).sort(),
    );
    expect(requests.filter((r) => r.startsWith('charges.'))).toEqual([]);
    expect(requests.filter((r) => r === `paymentIntents.retrieve ${paymentIntentId}`)).toHaveLength(1);
    expect(await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { status: true } })).toEqual({ status: 'SUCCEEDED' });
    expect(await ts.prisma.license.count({ where: { purchaseId } })).toBe(1);
  });
});

describe('storing deliveries', () => {
  it('one insert stores each id once: repeats in the batch and ids stored before are duplicates', async () => {
    const ids = Array.from({ length: 4 }, () => `evt_batch_${randomUUID()}`);
    expect(await storeStripeEvents(ts.app.deps, { deliveries: [{ event: eventOf(ids[0]!) }] })).toEqual(['stored']);
    const deliveries: StripeEventDelivery[] = [ids[1], ids[0], ids[1], ids[2], ids[3]].map((id, i) => ({ event: eventOf(id!, i === 4 ? 'customer.created' : 'charge.refunded'), requestId: `req-${i}` }));
    expect(await storeStripeEvents(ts.app.deps, { deliveries })).toEqual(['stored', 'duplicate', 'duplicate', 'stored', 'stored']);
    const rows = await storedRows(ids);
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.processedAt !== null]]))).toEqual({
      [ids[0]!]: ['PENDING', false], [ids[1]!]: ['PENDING', false], [ids[2]!]: ['PENDING', false], [ids[3]!]: ['IGNORED', true],
    });
    expect(rows.find((r) => r.id === ids[1])!.requestId).toBe('req-0');
  });

  for (const maxBatch of [1, 8]) {
    it(`${maxBatch === 1 ? 'one insert per delivery' : 'group commit'}: 60 concurrent deliveries of 12 events store 12 rows, each id answered stored once; a delivery that cannot be stored fails alone`, async () => {
      const writer = createStripeEventWriter(ts.app.deps, { maxBatch });
      const ids = Array.from({ length: 12 }, () => `evt_writer_${randomUUID()}`);
      const deliveries = Array.from({ length: 5 }, () => ids).flat().map((id) => ({ event: eventOf(id) }));
      // Not JSON: its insert fails (the jsonb cast); it must not take its batch with it.
      const broken = { event: eventOf(`evt_broken_${randomUUID()}`), payload: '{not json' };
      const results = await Promise.allSettled([...deliveries.slice(0, 30), broken, ...deliveries.slice(30)].map((d) => writer.store(d)));
      const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'));
      expect(outcomes[30]).toBe('failed');
      outcomes.splice(30, 1);
      const storedIds = outcomes.flatMap((outcome, i) => (outcome === 'stored' ? [deliveries[i]!.event.id] : []));
      expect(storedIds.sort()).toEqual([...ids].sort());
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(48);
      expect(await storedRows([...ids, broken.event.id])).toHaveLength(12);
    });
  }
});

describe('claiming in rounds', () => {
  it('a round takes its limit and the rest of the last event\'s second (a purchase\'s events share it), at most limit × CLAIM_GROWTH_FACTOR', async () => {
    // Long before anything else in the inbox, so these are the oldest runnable events.
    const at = 1_000_000_000;
    const ofSecond = (created: number, count: number) => Array.from({ length: count }, () => ({ event: { ...eventOf(`evt_claim_${randomUUID()}`), created } }));
    const [quiet, busy, crowded] = [ofSecond(at, 3), ofSecond(at + 1, 10), ofSecond(at + 2, 30)];
    await storeStripeEvents(ts.app.deps, { deliveries: [...quiet, ...busy, ...crowded] });
    const idsOf = (deliveries: { event: { id: string } }[]) => deliveries.map((d) => d.event.id).sort();
    const limit = 4;
    const claim = async () => (await claimStripeEvents(ts.app.deps, { workerId: 'claim-rounds', limit })).map((event) => event.id).sort();
    try {
      // The 4 oldest end inside the busy second: the round takes the whole of it.
      expect(await claim()).toEqual(idsOf([...quiet, ...busy]));
      // A second larger than a round can grow to: limit × CLAIM_GROWTH_FACTOR, then the rest.
      const [second, third] = [await claim(), await claim()];
      expect(second).toHaveLength(limit * CLAIM_GROWTH_FACTOR);
      expect(third).toHaveLength(crowded.length - limit * CLAIM_GROWTH_FACTOR);
      expect([...second, ...third].sort()).toEqual(idsOf(crowded));
    } finally {
      await ts.prisma.stripeEvent.deleteMany({ where: { id: { startsWith: 'evt_claim_' } } });
    }
  });
});
