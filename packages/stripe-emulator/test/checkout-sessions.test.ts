/**
 * Checkout Sessions and their hosted page, driven over HTTP as a browser would (forms, 302s):
 * a paid session, a 3-D Secure challenge completed and failed, a decline then a retry, expiry;
 * and 3-D Secure on a PaymentIntent confirmed through the API.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';
import { assertMatchesStripeSchema } from './openapi-schemas.ts';

let harness: EmulatorHarness;
let receiver: WebhookReceiver;
let creator: Stripe.Account;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  harness = await startHarness({ webhooks: { url: receiver.url } });
  creator = await createCreatorAccount(harness.stripe);
});
afterAll(async () => {
  await harness.close();
  await receiver.close();
});

async function newSession(metadata: Record<string, string> = {}): Promise<Stripe.Checkout.Session> {
  const customer = await harness.stripe.customers.create({ email: 'buyer@example.com' });
  return harness.stripe.checkout.sessions.create({
    mode: 'payment', customer: customer.id, success_url: 'https://shop.example/done?session={CHECKOUT_SESSION_ID}', cancel_url: 'https://shop.example/back',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Lint Pro' } } }],
    payment_intent_data: { application_fee_amount: 250, transfer_data: { destination: creator.id }, metadata: { purchase_id: 'pur_1', ...metadata }, setup_future_usage: 'off_session' },
  });
}

/** Submits a form on the emulator's pages; answers the status, the redirect and the HTML. */
async function post(url: string, form: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

const eventTypes = async (objectId: string) => {
  await harness.emulator.waitForDeliveries();
  return receiver.events(harness.emulator.webhookSecret).filter((e) => (e.data.object as { id: string }).id === objectId).map((e) => e.type);
};

describe('Checkout Sessions', () => {
  it('creates an open session without a PaymentIntent, shaped as Stripe has it', async () => {
    const session = await newSession();
    expect(session).toMatchObject({ object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid', payment_intent: null, amount_total: 2500, currency: 'usd' });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${harness.emulator.url}/_emulator/checkout/${session.id}`);
    const page = await fetch(session.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lint Pro');
    // After the page: compiling the schemas blocks the event loop long enough for a kept-alive socket to be dropped.
    assertMatchesStripeSchema('checkout.session', session);
  });

  it('pays with 4242: destination charge with the fee, completed session, redirect to success_url', async () => {
    const session = await newSession();
    const answer = await post(session.url!, { card_number: '4242 4242 4242 4242' });
    expect(answer).toMatchObject({ status: 302, location: `https://shop.example/done?session=${session.id}` });
    const paid = await harness.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 2500, application_fee_amount: 250, transfer_data: { destination: creator.id }, setup_future_usage: 'off_session', metadata: { purchase_id: 'pur_1' }, payment_method: 'pm_card_visa' });
    expect((pi.latest_charge as Stripe.Charge).application_fee).toMatch(/^fee_/);
    expect(await eventTypes(session.id)).toEqual(['checkout.session.completed']);
    expect(await eventTypes(pi.id)).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.succeeded']));
    expect((await harness.stripe.checkout.sessions.list({ payment_intent: pi.id })).data.map((s) => s.id)).toEqual([session.id]);
  });

  it('3-D Secure: requires_action until the challenge is completed', async () => {
    const session = await newSession();
    const answer = await post(session.url!, { card_number: '4000 0025 0000 3155' });
    expect(answer.status).toBe(302);
    const challenge = new URL(answer.location!);
    const piId = challenge.pathname.split('/')[3]!;
    expect(await harness.stripe.paymentIntents.retrieve(piId)).toMatchObject({ status: 'requires_action', next_action: { type: 'redirect_to_url' } });
    expect((await harness.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const page = await (await fetch(challenge)).text();
    expect(page).toContain('Complete authentication');
    const completed = await post(challenge.toString(), { outcome: 'complete' });
    expect(completed.location).toBe(`${harness.emulator.url}/_emulator/checkout/${session.id}/return`);
    const back = await fetch(completed.location!, { redirect: 'manual' });
    expect(back.headers.get('location')).toBe(`https://shop.example/done?session=${session.id}`);
    expect(await harness.stripe.paymentIntents.retrieve(piId)).toMatchObject({ status: 'succeeded', next_action: null });
    expect(await eventTypes(piId)).toEqual(expect.arrayContaining(['payment_intent.requires_action', 'payment_intent.succeeded']));
  });

  it('3-D Secure failed, then a declined card, then paid: the session stays open between tries', async () => {
    const session = await newSession();
    const challenge = (await post(session.url!, { card_number: '4000000000003220' })).location!;
    const failed = await post(challenge, { outcome: 'fail' });
    const retry = await (await fetch(failed.location!)).text();
    expect(retry).toContain('failed authentication');
    const piId = (await harness.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    expect(await harness.stripe.paymentIntents.retrieve(piId)).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } });

    const declined = await post(session.url!, { card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(declined.html).toContain('Your card was declined.');
    expect((await harness.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    expect((await post(session.url!, { card_number: '4242424242424242' })).status).toBe(302);
    expect(await harness.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'complete', payment_intent: piId });
    expect(await eventTypes(piId)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed', 'payment_intent.payment_failed', 'payment_intent.succeeded']);
  });

  it('expires: the unpaid PaymentIntent is canceled, the page no longer takes payment', async () => {
    const session = await newSession();
    await post(session.url!, { card_number: '4000000000000002' });
    const expired = await harness.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', payment_status: 'unpaid' });
    expect(await harness.stripe.paymentIntents.retrieve(expired.payment_intent as string)).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(await eventTypes(session.id)).toEqual(['checkout.session.expired']);
    expect((await post(session.url!, { card_number: '4242424242424242' })).status).toBe(410);
    await expect(harness.stripe.checkout.sessions.expire(session.id)).rejects.toThrow(/status of "expired"/);
  });

  it('expires on its own at expires_at', async () => {
    const session = await newSession();
    harness.emulator.control.setClock({ advanceSeconds: 24 * 60 * 60 + 1 });
    try {
      expect((await harness.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    } finally {
      harness.emulator.control.setClock({ isReset: true });
    }
  });

  it('refuses what it does not emulate and bad URLs', async () => {
    const base = { success_url: 'https://shop.example/ok', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }] };
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'subscription' })).rejects.toThrow(/not subscription/);
    await expect(harness.stripe.checkout.sessions.create({ ...base, mode: 'payment', success_url: 'javascript:alert(1)' })).rejects.toMatchObject({ param: 'success_url' });
  });
});

describe('3-D Secure on PaymentIntents', () => {
  it('pm_card_threeDSecure2Required waits in requires_action; the control completes or fails it', async () => {
    const create = () => harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.example/3ds' });
    const pi = await create();
    expect(pi).toMatchObject({ status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.example/3ds' } } });
    assertMatchesStripeSchema('payment_intent', pi);
    expect(await harness.emulator.control.authenticatePaymentIntent(pi.id, 'complete')).toMatchObject({ status: 'succeeded' });
    const other = await create();
    expect(await harness.emulator.control.authenticatePaymentIntent(other.id, 'fail')).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } });
  });

  it('off-session: pm_card_threeDSecure2Required is declined (authentication_required), pm_card_authenticationRequiredOnSetup pays', async () => {
    const customer = await harness.stripe.customers.create({ email: 'saved@example.com' });
    const offSession = (pm: string) => harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true, off_session: true });
    await expect(offSession('pm_card_threeDSecure2Required')).rejects.toMatchObject({ type: 'StripeCardError', code: 'authentication_required' });
    expect(await offSession('pm_card_authenticationRequiredOnSetup')).toMatchObject({ status: 'succeeded' });
  });
});
