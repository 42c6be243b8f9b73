/**
 * Simulated Stripe outages: the SDK sees a 500 or a timeout; a request lost after Stripe carried
 * it out is completed exactly once by a retry with the same idempotency key.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, control, createCreatorAccount, sdkFor, startHarness, type EmulatorHarness } from '../src/testing.ts';

describe('outage simulation', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness();
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(() => harness.close());

  it('answers the next N requests with 500 (SDK without retries)', async () => {
    const { stripe, emulator } = harness;
    const set = await control(emulator, 'POST', 'outage', { count: 2, mode: 'error', status: 500 });
    expect(set.json).toMatchObject({ remaining: 2, mode: 'error', when: 'before' });
    for (let i = 0; i < 2; i++) {
      const error = await stripe.customers.create({ email: 'down@example.com' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ type: 'StripeAPIError', statusCode: 500, rawType: 'api_error' });
    }
    const customer = await stripe.customers.create({ email: 'up@example.com' });
    expect(customer.email).toBe('up@example.com');
    expect((await stripe.customers.list({ email: 'down@example.com' })).data).toEqual([]);
  });

  it('times out when the emulator never answers', async () => {
    const { emulator } = harness;
    const impatient = sdkFor(emulator, { timeout: 300 });
    emulator.control.setOutage({ count: 1, mode: 'timeout', holdMs: 5_000 });
    const startedAt = Date.now();
    const error = await impatient.customers.create({ email: 'slow@example.com' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'StripeConnectionError' });
    expect((error as Error).message).toContain('timeout');
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect((await impatient.customers.list({ email: 'slow@example.com' })).data).toEqual([]);
  });

  it('completes a refund whose answer was lost exactly once when retried with the same key', async () => {
    const { stripe, emulator } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    emulator.control.setOutage({ count: 1, mode: 'error', status: 500, when: 'after' });
    const key = `refund-${pi.id}-1`;
    const lost = await stripe.refunds.create({ payment_intent: pi.id, amount: 300, reverse_transfer: true, refund_application_fee: true }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(lost).toMatchObject({ statusCode: 500 });

    const retried = await stripe.refunds.create({ payment_intent: pi.id, amount: 300, reverse_transfer: true, refund_application_fee: true }, { idempotencyKey: key });
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    const refunds = await stripe.refunds.list({ payment_intent: pi.id });
    expect(refunds.data.map((refund) => [refund.id, refund.amount])).toEqual([[retried.id, 300]]);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['transfer', 'application_fee'] });
    expect(charge.amount_refunded).toBe(300);
    expect((charge.transfer as Stripe.Transfer).amount_reversed).toBe(300);
    expect((charge.application_fee as Stripe.ApplicationFee).amount_refunded).toBe(30);
  });

  it('lets the SDK\'s own retries ride out a short outage', async () => {
    const { emulator } = harness;
    const patient = sdkFor(emulator, { maxNetworkRetries: 2 });
    emulator.control.setOutage({ count: 1, mode: 'error', status: 503 });
    const customer = await patient.customers.create({ email: 'retried@example.com' });
    expect(customer.email).toBe('retried@example.com');
    expect((await patient.customers.list({ email: 'retried@example.com' })).data).toHaveLength(1);
  });
});
