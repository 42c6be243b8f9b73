/**
 * API updates of refunds, transfers and payouts record `refund.updated`, `transfer.updated` and
 * `payout.updated` with `data.previous_attributes` (the changed fields' earlier values), as Stripe
 * sends them; an update that changes nothing records none.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

describe('update events', () => {
  let harness: EmulatorHarness;
  let receiver: WebhookReceiver;
  let creator: Stripe.Account;
  let sale: Stripe.PaymentIntent;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await startHarness({ webhooks: { url: receiver.url } });
    creator = await createCreatorAccount(harness.stripe);
    sale = await buyPlugin(harness.stripe, { creator: creator.id, amount: 5000, fee: 500 });
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  const eventsOf = async (type: string, options?: Stripe.RequestOptions) => (await harness.stripe.events.list({ type, limit: 100 }, options)).data;

  it('records refund.updated when a refund\'s metadata changes', async () => {
    const { stripe, emulator } = harness;
    const refund = await stripe.refunds.create({ payment_intent: sale.id, amount: 300, metadata: { ticket: 't-1' } });
    const updated = await stripe.refunds.update(refund.id, { metadata: { ticket: 't-2', note: 'late' } });
    const events = await eventsOf('refund.updated');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      request: { id: updated.lastResponse.requestId },
      data: { object: { id: refund.id, object: 'refund', metadata: { ticket: 't-2', note: 'late' } } },
    });
    expect(events[0]!.data.previous_attributes).toEqual({ metadata: { ticket: 't-1' } });
    expect(events[0]!.account).toBeUndefined();

    await stripe.refunds.update(refund.id, { metadata: { ticket: 't-2' } });
    expect(await eventsOf('refund.updated')).toHaveLength(1);
    await emulator.waitForDeliveries();
    expect(receiver.events(emulator.webhookSecret).filter((event) => event.type === 'refund.updated').map((event) => event.id)).toEqual([events[0]!.id]);
  });

  it('records transfer.updated when a transfer\'s description or metadata changes', async () => {
    const { stripe } = harness;
    const charge = await stripe.charges.retrieve(sale.latest_charge as string);
    const transferId = charge.transfer as string;
    await stripe.transfers.update(transferId, { description: 'Sale of demo-plugin', metadata: { order: 'o-1' } });
    await stripe.transfers.update(transferId, { description: 'Sale of demo-plugin v2' });
    await stripe.transfers.update(transferId, { description: 'Sale of demo-plugin v2', metadata: { order: 'o-1' } });
    const events = await eventsOf('transfer.updated');
    expect(events.map((event) => [(event.data.object as Stripe.Transfer).description, event.data.previous_attributes])).toEqual([
      ['Sale of demo-plugin v2', { description: 'Sale of demo-plugin' }],
      ['Sale of demo-plugin', { description: null, metadata: {} }],
    ]);
    expect((events[1]!.data.object as Stripe.Transfer)).toMatchObject({ id: transferId, metadata: { order: 'o-1' } });
  });

  it('records payout.updated on the connected account when a payout\'s metadata changes', async () => {
    const { stripe } = harness;
    const onCreator = { stripeAccount: creator.id };
    const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd', metadata: { batch: 'b-1' } }, onCreator);
    await stripe.payouts.update(payout.id, { metadata: { batch: 'b-2' } }, onCreator);
    const events = await eventsOf('payout.updated', onCreator);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ account: creator.id, data: { object: { id: payout.id, status: 'pending', metadata: { batch: 'b-2' } } } });
    expect(events[0]!.data.previous_attributes).toEqual({ metadata: { batch: 'b-1' } });
    expect(await eventsOf('payout.updated')).toEqual([]);
  });
});
