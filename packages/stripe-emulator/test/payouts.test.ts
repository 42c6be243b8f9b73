/**
 * Payouts of a connected account, made with the `Stripe-Account` header: balance check, pending
 * → paid / failed through control calls, balance transactions, and events carrying `account`,
 * which go to the Connect endpoint (signed with its own secret), never to the platform endpoint.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, control, createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

describe('payouts of connected accounts', () => {
  let harness: EmulatorHarness;
  let platform: WebhookReceiver;
  let receiver: WebhookReceiver;
  let creator: Stripe.Account;

  beforeAll(async () => {
    platform = await WebhookReceiver.start();
    receiver = await WebhookReceiver.start();
    // One delivery at a time, so that events arrive in the order they happened.
    harness = await startHarness({ webhooks: { url: platform.url, connect: { url: receiver.url }, concurrency: 1 } });
    creator = await createCreatorAccount(harness.stripe);
    await buyPlugin(harness.stripe, { creator: creator.id, amount: 5000, fee: 500 });
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
    await platform.close();
  });

  it('pays out from the creator balance and settles as paid', async () => {
    const { stripe, emulator } = harness;
    const before = await stripe.balance.retrieve({}, { stripeAccount: creator.id });
    expect(before.available).toEqual([{ amount: 4500, currency: 'usd', source_types: { card: 4500 } }]);

    const payout = await stripe.payouts.create({ amount: 3000, currency: 'usd', metadata: { period: '2025-01' } }, { stripeAccount: creator.id });
    expect(payout).toMatchObject({ object: 'payout', status: 'pending', amount: 3000, currency: 'usd', method: 'standard', type: 'bank_account', metadata: { period: '2025-01' } });
    expect(payout.arrival_date).toBeGreaterThan(payout.created);
    const payoutTransaction = await stripe.balanceTransactions.retrieve(payout.balance_transaction as string, {}, { stripeAccount: creator.id });
    expect(payoutTransaction).toMatchObject({ type: 'payout', amount: -3000, net: -3000, source: payout.id });

    await expect(stripe.payouts.retrieve(payout.id)).rejects.toMatchObject({ statusCode: 404 });

    const settled = await control(emulator, 'POST', `payouts/${payout.id}/paid`);
    expect(settled.json).toMatchObject({ id: payout.id, status: 'paid' });
    expect((await stripe.payouts.retrieve(payout.id, {}, { stripeAccount: creator.id })).status).toBe('paid');
    expect((await stripe.balance.retrieve({}, { stripeAccount: creator.id })).available[0]!.amount).toBe(1500);

    await emulator.waitForDeliveries();
    const events = receiver.events(emulator.connectWebhookSecret).filter((event) => event.type.startsWith('payout.'));
    expect(events.map((event) => [event.type, event.account])).toEqual([
      ['payout.created', creator.id], ['payout.updated', creator.id], ['payout.paid', creator.id],
    ]);
    const listed = await stripe.events.list({ type: 'payout.*' }, { stripeAccount: creator.id });
    expect(listed.data.map((event) => event.type)).toEqual(['payout.paid', 'payout.updated', 'payout.created']);
    expect((await stripe.events.list({ type: 'payout.*' })).data).toEqual([]);
  });

  it('fails a payout and returns the money to the balance', async () => {
    const { stripe, emulator } = harness;
    const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: creator.id });
    const failed = await emulator.control.settlePayout(payout.id, 'failed', 'account_closed');
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'account_closed', failure_message: 'The bank account has been closed.' });
    const failure = await stripe.balanceTransactions.retrieve(failed.failure_balance_transaction as string, {}, { stripeAccount: creator.id });
    expect(failure).toMatchObject({ type: 'payout_failure', amount: 1000 });
    expect((await stripe.balance.retrieve({}, { stripeAccount: creator.id })).available[0]!.amount).toBe(1500);
    await emulator.waitForDeliveries();
    const failedEvent = receiver.events(emulator.connectWebhookSecret).find((event) => event.type === 'payout.failed')!;
    expect(failedEvent).toMatchObject({ account: creator.id, data: { object: { id: payout.id, status: 'failed' } } });
  });

  it('refuses a payout larger than the available balance', async () => {
    const error = await harness.stripe.payouts.create({ amount: 1501, currency: 'usd' }, { stripeAccount: creator.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'balance_insufficient', param: 'amount' });
  });

  it('emits account.updated with account set when a connected account changes', async () => {
    const { stripe, emulator } = harness;
    await stripe.accounts.update(creator.id, { metadata: { creator_id: 'cr_7' } });
    await emulator.control.setAccountStatus(creator.id, { payouts_enabled: false, disabled_reason: 'requirements.past_due' });
    await emulator.waitForDeliveries();
    const updates = receiver.events(emulator.connectWebhookSecret).filter((event) => event.type === 'account.updated');
    expect(updates.map((event) => [event.account, event.data.previous_attributes])).toEqual([
      [creator.id, expect.objectContaining({ charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { card_payments: 'inactive', transfers: 'inactive' } })],
      [creator.id, { metadata: {} }],
      [creator.id, { payouts_enabled: true, requirements: expect.objectContaining({ disabled_reason: null }) }],
    ]);
    expect(await stripe.accounts.retrieve(creator.id)).toMatchObject({ payouts_enabled: false, metadata: { creator_id: 'cr_7' }, requirements: { disabled_reason: 'requirements.past_due' } });
  });

  it('sends connected accounts\' events to the Connect endpoint only, and the platform\'s to the platform endpoint only', async () => {
    await harness.emulator.waitForDeliveries();
    const connect = receiver.events(harness.emulator.connectWebhookSecret);
    const own = platform.events(harness.emulator.webhookSecret);
    expect(connect.length).toBeGreaterThan(0);
    expect(connect.every((event) => event.account === creator.id)).toBe(true);
    expect(own.some((event) => event.type === 'payment_intent.succeeded')).toBe(true);
    expect(own.every((event) => !event.account)).toBe(true);
    // Each endpoint's secret signs only its own deliveries.
    expect(() => receiver.events(harness.emulator.webhookSecret)).toThrow(/signature/i);
    expect(() => platform.events(harness.emulator.connectWebhookSecret)).toThrow(/signature/i);
  });
});
