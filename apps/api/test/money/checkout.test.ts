/**
 * Buyer checkout: POST /v1/purchases without a payment method answers a Stripe Checkout page; the
 * buyer pays on the emulator's hosted page and the purchase completes from the webhooks only. A
 * decline leaves it PENDING while the session is open; an expired session cancels it; a live key
 * refuses the server-side shortcut.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPurchaseCreateOutput } from '@marketdesk/shared';
import { createPurchase } from '../../src/modules/payments/create-purchase.ts';
import { createSeller as createRestrictedSeller, onboardSeller, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

async function startCheckout(pluginId: string, extra: Record<string, unknown> = {}, idempotencyKey?: string) {
  const response = await fetch(`${ts.url}/v1/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify({ pluginId, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.com`, successUrl: 'https://shop.example/thanks?cs={CHECKOUT_SESSION_ID}', cancelUrl: 'https://shop.example/plugin', ...extra }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Pays on the hosted page as a browser would; answers where it was sent. */
async function payOnPage(url: string, cardNumber: string) {
  const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ card_number: cardNumber }).toString() });
  return { status: response.status, location: response.headers.get('location') };
}

/** A seller whose connected account finished Stripe onboarding (a restricted one cannot receive destination charges). */
async function createSeller(prisma: MoneyServer['prisma'], plugin: { priceAmount?: number } = {}) {
  const seller = await createRestrictedSeller(prisma, plugin);
  await onboardSeller(ts, seller.creator.id);
  return seller;
}

const purchaseOf = (id: string) => ts.prisma.purchase.findUniqueOrThrow({ where: { id } });

describe('POST /v1/purchases through Checkout', () => {
  it('answers the PENDING purchase and its Checkout page; the webhook completes it and issues the license', async () => {
    const { plugin, creator } = await createSeller(ts.prisma, { priceAmount: 2500 });
    const { status, body } = await startCheckout(plugin.id);
    expect(status, JSON.stringify(body)).toBe(201);
    const answer = ZPurchaseCreateOutput.parse(body);
    expect(answer).toMatchObject({ status: 'PENDING', paymentIntentId: null, amount: 2500, applicationFeeAmount: 250, checkoutSessionId: expect.stringMatching(/^cs_test_/) });
    expect(answer.checkoutUrl).toContain(`/_emulator/checkout/${answer.checkoutSessionId}`);
    const session = await ts.stripe.checkout.sessions.retrieve(answer.checkoutSessionId!);
    expect(session).toMatchObject({ mode: 'payment', success_url: 'https://shop.example/thanks?cs={CHECKOUT_SESSION_ID}', client_reference_id: answer.purchaseId });

    expect(await payOnPage(answer.checkoutUrl!, '4242424242424242')).toMatchObject({ status: 302, location: `https://shop.example/thanks?cs=${answer.checkoutSessionId}` });
    expect((await purchaseOf(answer.purchaseId)).status).toBe('PENDING');
    await settle(ts);
    const purchase = await purchaseOf(answer.purchaseId);
    expect(purchase).toMatchObject({ status: 'SUCCEEDED', checkoutSessionId: answer.checkoutSessionId, paymentIntentId: expect.stringMatching(/^pi_/), chargeId: expect.stringMatching(/^ch_/) });
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    const account = (await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: creator.id } })).stripeAccountId;
    expect(pi).toMatchObject({ application_fee_amount: 250, transfer_data: { destination: account }, metadata: { purchase_id: answer.purchaseId } });
    expect(await ts.prisma.license.count({ where: { purchaseId: answer.purchaseId } })).toBe(1);
    expect(await ts.prisma.stripeEvent.count({ where: { type: 'checkout.session.completed', status: 'PROCESSED' } })).toBeGreaterThan(0);
  });

  it('the same Idempotency-Key answers the same purchase and session', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const key = randomUUID();
    const buyerEmail = `buyer-${randomUUID().slice(0, 8)}@example.com`;
    const first = await startCheckout(plugin.id, { buyerEmail }, key);
    // The same body, spelled differently (key order, e-mail case): the parsed body is what is bound.
    const again = await startCheckout(plugin.id, { buyerEmail: buyerEmail.toUpperCase() }, key);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ purchaseId: first.body.purchaseId, checkoutSessionId: first.body.checkoutSessionId, checkoutUrl: first.body.checkoutUrl });
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('a declined card leaves the purchase PENDING while the session is open; paying again completes it', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { body } = await startCheckout(plugin.id);
    expect((await payOnPage(body.checkoutUrl as string, '4000000000000002')).status).toBe(402);
    await settle(ts);
    expect(await purchaseOf(body.purchaseId as string)).toMatchObject({ status: 'PENDING', paymentIntentId: expect.stringMatching(/^pi_/) });
    expect((await payOnPage(body.checkoutUrl as string, '4242 4242 4242 4242')).status).toBe(302);
    await settle(ts);
    expect((await purchaseOf(body.purchaseId as string)).status).toBe('SUCCEEDED');
    expect(await ts.prisma.license.count({ where: { purchaseId: body.purchaseId as string } })).toBe(1);
  });

  it('a failed 3-D Secure challenge leaves the purchase PENDING; completing it on the next try pays', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { body } = await startCheckout(plugin.id);
    const challenge = (await payOnPage(body.checkoutUrl as string, '4000 0000 0000 3220')).location!;
    const answer = (outcome: string) => fetch(challenge, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `outcome=${outcome}` });
    await answer('fail');
    await settle(ts);
    expect((await purchaseOf(body.purchaseId as string)).status).toBe('PENDING');
    const retry = (await payOnPage(body.checkoutUrl as string, '4000 0000 0000 3220')).location!;
    expect(retry).toBe(challenge);
    await answer('complete');
    await settle(ts);
    expect((await purchaseOf(body.purchaseId as string)).status).toBe('SUCCEEDED');
  });

  it('an expired session cancels the purchase, declined before or never tried', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const declined = await startCheckout(plugin.id);
    await payOnPage(declined.body.checkoutUrl as string, '4000000000000002');
    const untried = await startCheckout(plugin.id);
    await ts.stripe.checkout.sessions.expire(declined.body.checkoutSessionId as string);
    await ts.stripe.checkout.sessions.expire(untried.body.checkoutSessionId as string);
    await settle(ts);
    expect((await purchaseOf(declined.body.purchaseId as string)).status).toBe('CANCELED');
    expect(await purchaseOf(untried.body.purchaseId as string)).toMatchObject({ status: 'CANCELED', paymentIntentId: untried.body.checkoutSessionId });
    expect(await ts.prisma.license.count({ where: { pluginId: plugin.id } })).toBe(0);
  });

  it('a subscription plugin saves the card for Marketdesk\'s renewals (payment mode, setup_future_usage off_session)', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 900 });
    await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
    const { body } = await startCheckout(plugin.id);
    await payOnPage(body.checkoutUrl as string, '4242424242424242');
    await settle(ts);
    const purchase = await purchaseOf(body.purchaseId as string);
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    expect(pi).toMatchObject({ setup_future_usage: 'off_session', metadata: { billing_interval: 'month' } });
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } })).toMatchObject({ status: 'ACTIVE', stripeCustomerId: pi.customer, stripePaymentMethodId: 'pm_card_visa' });
  });

  it('refuses success and cancel URLs that are not http(s), naming the field', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { status, body } = await startCheckout(plugin.id, { successUrl: 'javascript:alert(1)' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_INPUT', field: 'successUrl' });
  });
});

describe('Idempotency-Key is bound to the request', () => {
  const isReused = (answer: { status: number; body: Record<string, unknown> }) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect(answer.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key', error: expect.stringContaining('can only be used with the same parameters') });
  };

  it('the same key with another buyer and plugin is 422 and tells nothing of the first purchase', async () => {
    const first = await createSeller(ts.prisma);
    const other = await createSeller(ts.prisma, { priceAmount: 900 });
    const key = randomUUID();
    const original = await startCheckout(first.plugin.id, { buyerEmail: 'first-buyer@example.com' }, key);
    expect(original.status).toBe(201);
    const reused = await startCheckout(other.plugin.id, { buyerEmail: 'second-buyer@example.com' }, key);
    isReused(reused);
    expect(JSON.stringify(reused.body)).not.toContain(original.body.purchaseId as string);
    expect(JSON.stringify(reused.body)).not.toContain(original.body.checkoutSessionId as string);
    expect(await ts.prisma.purchase.count({ where: { pluginId: other.plugin.id } })).toBe(0);
    // The first request, sent again, still answers its purchase.
    const again = await startCheckout(first.plugin.id, { buyerEmail: 'first-buyer@example.com' }, key);
    expect(again).toMatchObject({ status: 201, body: { purchaseId: original.body.purchaseId, checkoutSessionId: original.body.checkoutSessionId } });
  });

  it.each([
    ['another buyer', { buyerEmail: 'someone-else@example.com' }],
    ['another success URL', { successUrl: 'https://elsewhere.example/thanks' }],
    ['another cancel URL', { cancelUrl: 'https://elsewhere.example/back' }],
    ['a payment method', { paymentMethod: 'pm_card_visa' }],
  ])('the same key and plugin with %s is 422', async (_, change) => {
    const { plugin } = await createSeller(ts.prisma);
    const key = randomUUID();
    expect((await startCheckout(plugin.id, { buyerEmail: 'same@example.com' }, key)).status).toBe(201);
    isReused(await startCheckout(plugin.id, { buyerEmail: 'same@example.com', ...change }, key));
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('a server-side purchase sent again with another payment method is 422', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const key = randomUUID();
    const first = await startCheckout(plugin.id, { buyerEmail: 'pm@example.com', paymentMethod: 'pm_card_visa' }, key);
    expect(first.status).toBe(201);
    isReused(await startCheckout(plugin.id, { buyerEmail: 'pm@example.com', paymentMethod: 'pm_card_mastercard' }, key));
    expect(await startCheckout(plugin.id, { buyerEmail: 'pm@example.com', paymentMethod: 'pm_card_visa' }, key)).toMatchObject({ status: 201, body: { purchaseId: first.body.purchaseId, paymentIntentId: first.body.paymentIntentId } });
  });

  it('two different bodies sent at once under one key: one purchase, the other 422', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const key = randomUUID();
    const answers = await Promise.all([startCheckout(plugin.id, { buyerEmail: 'race-a@example.com' }, key), startCheckout(plugin.id, { buyerEmail: 'race-b@example.com' }, key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    isReused(answers.find((a) => a.status === 422)!);
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'cl\u00e9-1'],
    ['a control character', 'key\u0001'],
  ])('refuses a key that is %s: 400 naming Idempotency-Key', async (_, key) => {
    const { plugin } = await createSeller(ts.prisma);
    const response = await fetch(`${ts.url}/v1/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ pluginId: plugin.id, buyerEmail: 'key@example.com' }),
    }).catch((error: unknown) => error as Error);
    // fetch itself refuses to send some of these; a server that receives them refuses them too.
    if (response instanceof Error) return;
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'Idempotency-Key' });
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(0);
  });

  it('accepts a key of 255 printable ASCII characters', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const key = `${randomUUID()} ~!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}`.padEnd(255, 'x');
    expect((await startCheckout(plugin.id, {}, key)).status).toBe(201);
  });

  it.each(['pluginId', 'buyerEmail', 'successUrl', 'cancelUrl', 'paymentMethod'])('refuses a NUL character in %s: 400 naming the field', async (field) => {
    const { plugin } = await createSeller(ts.prisma);
    const valid: Record<string, string> = { pluginId: plugin.id, buyerEmail: 'nul@example.com', successUrl: 'https://shop.example/ok', cancelUrl: 'https://shop.example/back', paymentMethod: 'pm_card_visa' };
    const { status, body } = await startCheckout(plugin.id, { ...valid, [field]: `${valid[field]}\u0000x` });
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_INPUT', field });
  });
});

describe('the server-side shortcut (paymentMethod)', () => {
  it('still pays at once with a test key, without a Checkout Session', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { status, body } = await startCheckout(plugin.id, { paymentMethod: 'pm_card_visa' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ checkoutSessionId: null, checkoutUrl: null, paymentIntentId: expect.stringMatching(/^pi_/) });
    await settle(ts);
    expect((await purchaseOf(body.purchaseId as string)).status).toBe('SUCCEEDED');
  });

  it.each(['sk_live_123', 'rk_live_456'])('is refused with a live key (%s): INVALID_INPUT naming paymentMethod', async (key) => {
    const { plugin } = await createSeller(ts.prisma);
    const deps = { ...ts.app.deps, config: { ...ts.app.deps.config, stripeSecretKey: key } };
    await expect(createPurchase(deps, { pluginId: plugin.id, buyerEmail: 'live@example.com', paymentMethod: 'pm_card_visa' }))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'paymentMethod', message: expect.stringContaining('live Stripe key') });
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(0);
  });
});
