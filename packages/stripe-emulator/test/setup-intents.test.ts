/**
 * Saving a card for later off-session charges: SetupIntents confirmed server-side (a test card
 * saved, a declining one refused with the SetupIntent in the error) and Checkout Sessions in
 * setup mode completed on the hosted page (checkout.session.completed with `setup_intent`); the
 * saved card then pays an off-session PaymentIntent, and the customer decline control makes it fail.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';
import { assertMatchesStripeSchema } from './openapi-schemas.ts';

let harness: EmulatorHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  harness = await startHarness({ webhooks: { url: receiver.url } });
});
afterAll(async () => {
  await harness.close();
  await receiver.close();
});

const eventsOf = async (objectId: string) => {
  await harness.emulator.waitForDeliveries();
  return receiver.events(harness.emulator.webhookSecret).filter((e) => (e.data.object as { id: string }).id === objectId);
};

async function post(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

describe('SetupIntents', () => {
  it('confirms a test card for off-session use: succeeded, shaped as Stripe has it, and the card then pays off-session', async () => {
    const customer = await harness.stripe.customers.create({ email: 'trial@example.com' });
    const setupIntent = await harness.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, usage: 'off_session', metadata: { trial_id: 't1' } }, { idempotencyKey: 'seti-1' });
    expect(setupIntent).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id, payment_method: 'pm_card_visa', usage: 'off_session', metadata: { trial_id: 't1' }, last_setup_error: null });
    expect(setupIntent.id).toMatch(/^seti_/);
    assertMatchesStripeSchema('setup_intent', setupIntent);
    // Same key, same parameters: the same SetupIntent.
    const replay = await harness.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, usage: 'off_session', metadata: { trial_id: 't1' } }, { idempotencyKey: 'seti-1' });
    expect(replay.id).toBe(setupIntent.id);
    expect((await harness.stripe.setupIntents.retrieve(setupIntent.id)).status).toBe('succeeded');
    expect((await harness.stripe.setupIntents.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([setupIntent.id]);
    expect((await eventsOf(setupIntent.id)).map((e) => e.type)).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
    const pi = await harness.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: setupIntent.payment_method as string, confirm: true, off_session: true });
    expect(pi.status).toBe('succeeded');
  });

  it('refuses a declining card with a 402 card_error carrying the SetupIntent (setup_intent.setup_failed)', async () => {
    const customer = await harness.stripe.customers.create({ email: 'declined@example.com' });
    const error = await harness.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }).catch((e: unknown) => e) as Stripe.errors.StripeCardError;
    expect(error).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    const failed = (error.raw as { setup_intent?: Stripe.SetupIntent }).setup_intent!;
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'card_declined', decline_code: 'insufficient_funds' } });
    expect((await eventsOf(failed.id)).map((e) => e.type)).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
  });

  it('pm_card_chargeCustomerFail attaches, and its later off-session charge is declined', async () => {
    const customer = await harness.stripe.customers.create({ email: 'later@example.com' });
    const setupIntent = await harness.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeCustomerFail', confirm: true });
    expect(setupIntent.status).toBe('succeeded');
    await expect(harness.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_chargeCustomerFail', confirm: true, off_session: true }))
      .rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });
  });

  it('refuses confirm without a payment method, an unknown card and another customer\'s id, naming the parameter', async () => {
    await expect(harness.stripe.setupIntents.create({ confirm: true })).rejects.toMatchObject({ statusCode: 400, param: 'payment_method' });
    await expect(harness.stripe.setupIntents.create({ payment_method: 'pm_card_nope' })).rejects.toMatchObject({ statusCode: 400, param: 'payment_method' });
    await expect(harness.stripe.setupIntents.create({ customer: 'cus_missing' })).rejects.toMatchObject({ statusCode: 400, param: 'customer' });
    const open = await harness.stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
    expect(open.status).toBe('requires_confirmation');
  });
});

describe('Checkout Sessions in setup mode', () => {
  it('saves the card on the hosted page: session complete with its succeeded SetupIntent, checkout.session.completed', async () => {
    const customer = await harness.stripe.customers.create({ email: 'setup@example.com' });
    const session = await harness.stripe.checkout.sessions.create({
      mode: 'setup', currency: 'usd', customer: customer.id, success_url: 'https://shop.example/trial?cs={CHECKOUT_SESSION_ID}', cancel_url: 'https://shop.example/back',
      setup_intent_data: { metadata: { trial_id: 't9' } }, metadata: { trial_id: 't9' },
    });
    expect(session).toMatchObject({ mode: 'setup', status: 'open', payment_status: 'no_payment_required', setup_intent: null, amount_total: null, payment_intent: null });
    assertMatchesStripeSchema('checkout.session', session);
    const page = await fetch(session.url!);
    expect(await page.text()).toContain('Save your card');

    const declined = await post(session.url!, { card_number: '4000000000000002' });
    expect(declined.status).toBe(402);
    expect(declined.html).toContain('Your card was declined.');
    expect((await harness.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    const answer = await post(session.url!, { card_number: '4242 4242 4242 4242' });
    expect(answer).toMatchObject({ status: 302, location: `https://shop.example/trial?cs=${session.id}` });
    const done = await harness.stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    const setupIntent = done.setup_intent as Stripe.SetupIntent;
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required' });
    expect(setupIntent).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id, payment_method: 'pm_card_visa', usage: 'off_session', metadata: { trial_id: 't9' } });
    const completed = (await eventsOf(session.id)).filter((e) => e.type === 'checkout.session.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.data.object).toMatchObject({ mode: 'setup', setup_intent: setupIntent.id });
  });

  it('refuses line_items and payment_intent_data in setup mode, and setup_intent_data in payment mode', async () => {
    const base = { currency: 'usd', success_url: 'https://shop.example/ok' };
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'setup', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }] }))
      .rejects.toMatchObject({ statusCode: 400, param: 'line_items' });
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'setup', payment_intent_data: { metadata: { a: 'b' } } })).rejects.toMatchObject({ statusCode: 400, param: 'payment_intent_data' });
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'payment', setup_intent_data: { metadata: { a: 'b' } }, line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }] }))
      .rejects.toMatchObject({ statusCode: 400, param: 'setup_intent_data' });
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'subscription' })).rejects.toMatchObject({ statusCode: 400, param: 'mode' });
  });
});
