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
    const first = await startCheckout(plugin.id, {}, key);
    const again = await startCheckout(plugin.id, {}, key);
    expect(again.status).toBe(201);
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
