/**
 * Idempotency keys as Stripe applies them (docs.stripe.com/api/idempotent_requests): a replay
 * returns the first answer with the same ids, other parameters under the same key are refused,
 * keys are scoped per account, and a request refused at validation does not burn the key.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

describe('idempotency keys', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness();
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(() => harness.close());

  it('replays the first answer for the same key and parameters, creating nothing new', async () => {
    const { stripe } = harness;
    const first = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 }, { idempotencyKey: 'purchase-1' });
    const second = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 }, { idempotencyKey: 'purchase-1' });
    expect(second.id).toBe(first.id);
    expect(second.latest_charge).toBe(first.latest_charge);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const charges = await stripe.charges.list({ payment_intent: first.id });
    expect(charges.data).toHaveLength(1);
  });

  it('refuses the same key with different parameters with idempotency_error', async () => {
    const { stripe } = harness;
    await stripe.refunds.create({ payment_intent: (await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 })).id, amount: 100 }, { idempotencyKey: 'refund-a' });
    const error = await stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'refund-a' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400, rawType: 'idempotency_error' });
    expect((error as Error).message).toContain("Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'refund-a'");

    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    await stripe.refunds.create({ payment_intent: pi.id, amount: 100 }, { idempotencyKey: 'refund-b' });
    const changedAmount = await stripe.refunds.create({ payment_intent: pi.id, amount: 200 }, { idempotencyKey: 'refund-b' }).catch((e: unknown) => e);
    expect(changedAmount).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
    const refunds = await stripe.refunds.list({ payment_intent: pi.id });
    expect(refunds.data.map((refund) => refund.amount)).toEqual([100]);
  });

  it('gives five simultaneous requests with one key exactly one refund', async () => {
    const { stripe } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => stripe.refunds.create({ payment_intent: pi.id, amount: 400, reverse_transfer: true }, { idempotencyKey: `refund-${pi.id}` })));
    expect(new Set(answers.map((refund) => refund.id)).size).toBe(1);
    expect(answers.filter((refund) => refund.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const refunds = await stripe.refunds.list({ payment_intent: pi.id });
    expect(refunds.data).toHaveLength(1);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.amount_refunded).toBe(400);
  });

  it('treats different keys as different requests', async () => {
    const { stripe } = harness;
    const a = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'customer-a' });
    const b = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'customer-b' });
    expect(a.id).not.toBe(b.id);
    const listed = await stripe.customers.list({ email: 'same@example.com' });
    expect(listed.data.map((customer) => customer.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('scopes keys per account: the same key on a connected account is a new request', async () => {
    const { stripe } = harness;
    const onPlatform = await stripe.customers.create({ email: 'scoped@example.com' }, { idempotencyKey: 'scoped-key' });
    const onCreator = await stripe.customers.create({ email: 'scoped@example.com' }, { idempotencyKey: 'scoped-key', stripeAccount: creator.id });
    expect(onCreator.id).not.toBe(onPlatform.id);
    expect(onCreator.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    await expect(stripe.customers.retrieve(onCreator.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const fromCreator = await stripe.customers.retrieve(onCreator.id, {}, { stripeAccount: creator.id });
    expect(fromCreator.id).toBe(onCreator.id);
  });

  it('replays a card decline (402) but not a validation error', async () => {
    const { stripe } = harness;
    const declined = () => buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' }, { idempotencyKey: 'declined-1' });
    const first = (await declined().catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const second = (await declined().catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(first).toMatchObject({ statusCode: 402, decline_code: 'insufficient_funds' });
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.headers?.['idempotent-replayed']).toBe('true');

    const invalid = await stripe.customers.create({ email: 'x@example.com', metadata: { ['k'.repeat(41)]: 'v' } }, { idempotencyKey: 'fix-me' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ statusCode: 400, param: `metadata[${'k'.repeat(41)}]` });
    const corrected = await stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'fix-me' });
    expect(corrected.email).toBe('x@example.com');
  });

  it('puts the idempotency key on the events the request caused', async () => {
    const { stripe } = harness;
    const customer = await stripe.customers.create({ email: 'evented@example.com' }, { idempotencyKey: 'evented-customer' });
    const events = await stripe.events.list({ type: 'customer.created', limit: 100 });
    const event = events.data.find((candidate) => (candidate.data.object as Stripe.Customer).id === customer.id)!;
    expect(event.request).toEqual({ id: customer.lastResponse.requestId, idempotency_key: 'evented-customer' });
  });
});
