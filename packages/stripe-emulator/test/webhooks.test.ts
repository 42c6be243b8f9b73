/**
 * Webhook delivery: real `Stripe-Signature` headers that the SDK's `constructEvent` accepts (and
 * refuses once the body is altered), retries with backoff, each event twice in shuffled order,
 * and deliveries interrupted by a restart resumed.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, tempDataDir, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

describe('webhook signatures and event shape', () => {
  let harness: EmulatorHarness;
  let receiver: WebhookReceiver;
  let creator: Stripe.Account;
  let pi: Stripe.Response<Stripe.PaymentIntent>;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await startHarness({ webhooks: { url: receiver.url } });
    creator = await createCreatorAccount(harness.stripe);
    pi = await buyPlugin(harness.stripe, { creator: creator.id, amount: 1000, fee: 100 }, { idempotencyKey: 'hooked' });
    await harness.emulator.waitForDeliveries();
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  it('signs every delivery so that constructEvent verifies it', () => {
    const events = receiver.events(harness.emulator.webhookSecret);
    expect(harness.emulator.webhookSecret).toMatch(/^whsec_/);
    expect(events.map((event) => event.type).sort()).toEqual(['application_fee.created', 'charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded', 'transfer.created']);
    const succeeded = events.find((event) => event.type === 'payment_intent.succeeded')!;
    expect(succeeded).toMatchObject({
      object: 'event', livemode: false, api_version: Stripe.API_VERSION, pending_webhooks: 1,
      request: { id: pi.lastResponse.requestId, idempotency_key: 'hooked' },
      data: { object: { id: pi.id, object: 'payment_intent', status: 'succeeded', amount: 1000 } },
    });
    expect(succeeded.id).toMatch(/^evt_/);
    expect(succeeded.account).toBeUndefined();
    const [header] = receiver.received.map((delivery) => delivery.signature);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('fails verification when the body is altered or the secret is wrong', () => {
    const delivery = receiver.received[0]!;
    const altered = delivery.body.replace('"livemode": false', '"livemode": true');
    expect(altered).not.toBe(delivery.body);
    expect(() => Stripe.webhooks.constructEvent(altered, delivery.signature, harness.emulator.webhookSecret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => Stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_not_the_secret')).toThrow(/No signatures found matching the expected signature/);
    expect(() => Stripe.webhooks.constructEvent(delivery.body, delivery.signature, harness.emulator.webhookSecret)).not.toThrow();
  });

  it('marks delivered events with pending_webhooks 0', async () => {
    const delivered = await harness.stripe.events.list({ delivery_success: true, limit: 100 });
    expect(delivered.data.length).toBe(5);
    expect(delivered.data.every((event) => event.pending_webhooks === 0)).toBe(true);
    expect((await harness.stripe.events.list({ delivery_success: false })).data).toEqual([]);
  });
});

describe('webhook delivery behaviour', () => {
  it('retries a failing endpoint with backoff until it answers 2xx', async () => {
    const receiver = await WebhookReceiver.start();
    const harness = await startHarness({ webhooks: { url: receiver.url, retry: { initialDelayMs: 25, maxDelayMs: 1000, maxAttempts: 5 } } });
    try {
      receiver.failNext = 2;
      const startedAt = Date.now();
      const customer = await harness.stripe.customers.create({ email: 'retry@example.com' });
      await harness.emulator.waitForDeliveries();
      // Two waits: 25 ms, then 50 ms.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(75);
      expect(harness.emulator.deliveryAttempts().map((attempt) => [attempt.attempt, attempt.status, attempt.isDelivered])).toEqual([[1, 500, false], [2, 500, false], [3, 200, true]]);
      const [event] = receiver.events(harness.emulator.webhookSecret);
      expect(event).toMatchObject({ type: 'customer.created', data: { object: { id: customer.id } } });
    } finally {
      await harness.close();
      await receiver.close();
    }
  });

  it('delivers each event twice, in shuffled order, when asked to', async () => {
    const receiver = await WebhookReceiver.start();
    const harness = await startHarness({ webhooks: { url: receiver.url, isEachDeliveredTwice: true, isShuffled: true, isPaused: true, concurrency: 1 } });
    try {
      const creator = await createCreatorAccount(harness.stripe);
      for (let i = 0; i < 6; i++) await buyPlugin(harness.stripe, { creator: creator.id, amount: 1000 + i, fee: 100 });
      expect(receiver.received).toEqual([]);
      await harness.emulator.flush();

      const recorded = await harness.stripe.events.list({ limit: 100 });
      const createdOrder = recorded.data.map((event) => event.id).reverse();
      expect(createdOrder).toHaveLength(30);
      const receivedOrder = receiver.events(harness.emulator.webhookSecret).map((event) => event.id);
      expect(receivedOrder).toHaveLength(60);
      const counts = new Map<string, number>();
      for (const id of receivedOrder) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([...createdOrder].sort());
      expect([...counts.values()].every((count) => count === 2)).toBe(true);
      const firstSightings = receivedOrder.filter((id, index) => receivedOrder.indexOf(id) === index);
      expect(firstSightings).not.toEqual(createdOrder);
    } finally {
      await harness.close();
      await receiver.close();
    }
  });

  it('resumes deliveries a restart interrupted', async () => {
    const receiver = await WebhookReceiver.start();
    const dataDir = tempDataDir();
    const first = await startHarness({ dataDir, webhooks: { url: receiver.url, isPaused: true } });
    const customer = await first.stripe.customers.create({ email: 'later@example.com' });
    await first.close();
    expect(receiver.received).toEqual([]);

    const second = await startHarness({ dataDir, webhooks: { url: receiver.url } });
    try {
      await second.emulator.waitForDeliveries();
      const events = receiver.events(second.emulator.webhookSecret);
      expect(events.map((event) => [event.type, (event.data.object as Stripe.Customer).id])).toEqual([['customer.created', customer.id]]);
    } finally {
      await second.close();
      await receiver.close();
    }
  });

  it('records events without delivering them when no URL is configured, and resends on demand', async () => {
    const receiver = await WebhookReceiver.start();
    const harness = await startHarness();
    try {
      const customer = await harness.stripe.customers.create({ email: 'quiet@example.com' });
      const [event] = (await harness.stripe.events.list({ type: 'customer.created' })).data;
      expect(event).toMatchObject({ pending_webhooks: 0, data: { object: { id: customer.id } } });
      harness.emulator.configureWebhooks({ url: receiver.url });
      harness.emulator.control.resendEvent(event!.id);
      await harness.emulator.waitForDeliveries();
      expect(receiver.events(harness.emulator.webhookSecret).map((received) => received.id)).toEqual([event!.id]);
    } finally {
      await harness.close();
      await receiver.close();
    }
  });
});
