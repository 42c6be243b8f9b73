/**
 * Stripe Connect through the real app: the Connect webhook endpoint (its own secret, the same
 * inbox guarantees), account.updated syncing a creator's status and requirements, onboarding
 * through an Account Link, purchases refused while the creator cannot receive transfers, and
 * finance's list of restricted creators.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import { onboardingTestForm } from '@marketdesk/stripe-emulator/testing';
import { ensureConnectedAccount } from '../../src/modules/payments/create-purchase.ts';
import { contextFor, createCaller } from '../harness.ts';
import { buy, callerAs, createSeller, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
let platformSecret: string;
let connectSecret: string;
beforeAll(async () => {
  ts = await startMoneyServer();
  platformSecret = ts.app.deps.stripe!.webhookSecret!;
  connectSecret = ts.app.deps.stripe!.connectWebhookSecret!;
});
afterAll(async () => ts?.close());

const emulator = () => ts.app.deps.stripe!.emulator!;

function accountEvent(account: string) {
  const event = {
    id: `evt_test_${randomUUID().replaceAll('-', '')}`, object: 'event', account, api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), livemode: false,
    pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: 'account.updated', data: { object: { id: account, object: 'account' } },
  };
  return { event, body: JSON.stringify(event) };
}

async function post(path: string, body: string, secret: string) {
  const response = await fetch(`${ts.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(body, secret, Math.floor(Date.now() / 1000)) }, body });
  return response.status;
}

/** POST /v1/purchases without onboarding the seller first (the buy() helper onboards). */
async function tryToBuy(pluginId: string) {
  const response = await fetch(`${ts.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pluginId, buyerEmail: 'buyer@example.com', paymentMethod: 'pm_card_visa' }) });
  return { status: response.status, body: (await response.json()) as { error?: string; code?: string } };
}

describe('the Connect webhook endpoint', () => {
  it('has its own secret, distinct from the platform endpoint\'s', () => {
    expect(connectSecret).toMatch(/^whsec_/);
    expect(connectSecret).not.toBe(platformSecret);
  });

  it('stores an event signed with the Connect secret once, keeping its account; refuses the platform secret (and the platform endpoint refuses the Connect secret)', async () => {
    const { event, body } = accountEvent('acct_connect_test_1');
    expect(await post('/webhooks/stripe/connect', body, platformSecret)).toBe(400);
    expect(await post('/webhooks/stripe', body, connectSecret)).toBe(400);
    expect(await ts.prisma.stripeEvent.count({ where: { id: event.id } })).toBe(0);
    expect(await post('/webhooks/stripe/connect', body, connectSecret)).toBe(200);
    expect(await post('/webhooks/stripe/connect', body, connectSecret)).toBe(200);
    const stored = await ts.prisma.stripeEvent.findMany({ where: { id: event.id } });
    expect(stored.map((e) => [e.account, e.status])).toEqual([['acct_connect_test_1', 'PENDING']]);
  });

  it('refuses a Connect event signed more than 300 s ago', async () => {
    const { event, body } = accountEvent('acct_connect_test_2');
    const response = await fetch(`${ts.url}/webhooks/stripe/connect`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(body, connectSecret, Math.floor(Date.now() / 1000) - 301) }, body });
    expect(response.status).toBe(400);
    expect(await ts.prisma.stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it('receives the emulator\'s connected-account events (payouts) there, and still posts payouts to the ledger', async () => {
    const seller = await createSeller(ts.prisma, { priceAmount: 3000 });
    await buy(ts, seller.plugin.id);
    await settle(ts);
    const account = (await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: seller.creator.id } })).stripeAccountId!;
    const payout = await ts.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: account });
    await emulator().control.settlePayout(payout.id, 'paid');
    await settle(ts);
    expect(await ts.prisma.payout.findUnique({ where: { stripePayoutId: payout.id }, select: { status: true } })).toEqual({ status: 'PAID' });
    const events = await ts.prisma.stripeEvent.findMany({ where: { account, type: { startsWith: 'payout.' } }, select: { status: true } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'PROCESSED')).toBe(true);
    const delivered = emulator().deliveryAttempts().filter((a) => a.type.startsWith('payout.') && a.isDelivered);
    expect(delivered.length).toBeGreaterThan(0);
  });
});

describe('account.updated and the creator\'s status', () => {
  it('keeps charges/payouts enabled, the transfers capability and requirements on the creator', async () => {
    const seller = await createSeller(ts.prisma);
    const account = await ensureConnectedAccount(ts.app.deps, { creatorId: seller.creator.id });
    await ts.stripe.accounts.update(account, { metadata: { note: 'sends account.updated' } });
    await settle(ts);
    const restricted = await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: seller.creator.id } });
    expect(restricted).toMatchObject({ chargesEnabled: false, payoutsEnabled: false, transfersCapability: 'inactive', disabledReason: 'requirements.past_due' });
    expect(restricted.requirementsCurrentlyDue).toEqual(expect.arrayContaining(['external_account', 'tos_acceptance.date', 'individual.first_name']));
    expect(restricted.requirementsPastDue).toEqual(restricted.requirementsCurrentlyDue);

    await emulator().control.completeOnboarding(account);
    await settle(ts);
    expect(await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: seller.creator.id } })).toMatchObject({
      chargesEnabled: true, payoutsEnabled: true, transfersCapability: 'active', requirementsCurrentlyDue: [], requirementsPastDue: [], disabledReason: null, stripeSyncedAt: expect.any(Date),
    });

    await emulator().control.setAccountStatus(account, { payouts_enabled: false, disabled_reason: 'requirements.past_due' });
    await settle(ts);
    expect(await ts.prisma.creatorAccount.findUniqueOrThrow({ where: { id: seller.creator.id } })).toMatchObject({ payoutsEnabled: false, disabledReason: 'requirements.past_due', requirementsCurrentlyDue: ['external_account'] });
  });
});

describe('purchases and onboarding', () => {
  it('refuses to sell a plugin of a creator who cannot receive transfers (409 naming why), and sells it once they onboarded', async () => {
    const seller = await createSeller(ts.prisma, { priceAmount: 2500 });
    const refused = await tryToBuy(seller.plugin.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect(refused.body.error).toMatch(/creator has not finished setting up payouts/);
    expect(await ts.prisma.purchase.count({ where: { pluginId: seller.plugin.id } })).toBe(0);

    // The creator onboards through an Account Link from the console and comes back; the status is re-read from Stripe.
    const creator = createCaller(await contextFor(ts.app.deps, seller.user));
    expect(await creator.connect.status()).toMatchObject({ canReceiveTransfers: false, transfersCapability: 'inactive', disabledReason: 'requirements.past_due' });
    const link = await creator.connect.createOnboardingLink({ returnUrl: `${ts.url}/creator/payouts?onboarding=return`, refreshUrl: `${ts.url}/creator/payouts?onboarding=refresh` });
    expect(link.url.startsWith(`${emulator().url}/_emulator/onboarding/`)).toBe(true);
    const back = await fetch(link.url, { method: 'POST', body: new URLSearchParams(onboardingTestForm()), redirect: 'manual' });
    expect(back.headers.get('location')).toBe(`${ts.url}/creator/payouts?onboarding=return`);
    expect(await creator.connect.refresh()).toMatchObject({ canReceiveTransfers: true, chargesEnabled: true, payoutsEnabled: true, currentlyDue: [], disabledReason: null });

    const bought = await tryToBuy(seller.plugin.id);
    expect(bought.status).toBe(201);
  });

  it('lists restricted creators for finance with the reason and what is due; refuses the list to a creator', async () => {
    const restricted = await createSeller(ts.prisma);
    await ensureConnectedAccount(ts.app.deps, { creatorId: restricted.creator.id });
    const onboarded = await createSeller(ts.prisma);
    await buy(ts, onboarded.plugin.id);
    await settle(ts);
    const { caller: finance } = await callerAs(ts, ['FINANCE']);
    await createCaller(await contextFor(ts.app.deps, restricted.user)).connect.refresh();
    const { items } = await finance.connect.restrictedCreators({});
    const mine = items.find((item) => item.creatorId === restricted.creator.id);
    expect(mine).toMatchObject({ slug: restricted.creator.slug, disabledReason: 'requirements.past_due', canReceiveTransfers: false, publishedPlugins: 1 });
    expect(mine!.currentlyDue).toContain('external_account');
    expect(items.some((item) => item.creatorId === onboarded.creator.id)).toBe(false);
    const { caller: creator } = await callerAs(ts, ['CREATOR']);
    await expect(creator.connect.restrictedCreators({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
