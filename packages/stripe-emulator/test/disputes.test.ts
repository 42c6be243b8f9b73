/**
 * Disputes: opened by a test card or a control call, funds withdrawn with the dispute fee,
 * evidence submitted, won (funds and fee reinstated) or lost, with the events Marketdesk handles.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, control, createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

describe('disputes', () => {
  let harness: EmulatorHarness;
  let receiver: WebhookReceiver;
  let creator: Stripe.Account;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // One delivery at a time, so that events arrive in the order they happened.
    harness = await startHarness({ webhooks: { url: receiver.url, concurrency: 1 } });
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  const eventsAbout = (disputeId: string) =>
    receiver.events(harness.emulator.webhookSecret).filter((event) => event.type.startsWith('charge.dispute.') && (event.data.object as Stripe.Dispute).id === disputeId);

  it('opens a chargeback from pm_card_createDispute and withdraws amount plus dispute fee', async () => {
    const { stripe, emulator } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 3000, fee: 300, paymentMethod: 'pm_card_createDispute' });
    expect(pi.status).toBe('succeeded');
    await emulator.waitForDeliveries();
    const disputes = await stripe.disputes.list({ payment_intent: pi.id });
    expect(disputes.data).toHaveLength(1);
    const dispute = disputes.data[0]!;
    expect(dispute).toMatchObject({ object: 'dispute', amount: 3000, currency: 'usd', charge: pi.latest_charge, payment_intent: pi.id, reason: 'fraudulent', status: 'needs_response', is_charge_refundable: false });
    expect(dispute.balance_transactions.map((t) => [t.type, t.reporting_category, t.amount, t.fee, t.net])).toEqual([['adjustment', 'dispute', -3000, 1500, -4500]]);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
    expect(eventsAbout(dispute.id).map((event) => event.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);

    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 }).catch((e: unknown) => e);
    expect(refund).toMatchObject({ statusCode: 400, code: 'charge_disputed' });
  });

  it('submits evidence, wins, and reinstates the funds and the fee', async () => {
    const { stripe, emulator } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 2000, fee: 200 });
    const opened = await control(emulator, 'POST', `charges/${String(pi.latest_charge)}/dispute`, { reason: 'product_not_received' });
    expect(opened.status).toBe(200);
    const disputeId = (opened.json as Stripe.Dispute).id;

    const updated = await stripe.disputes.update(disputeId, { evidence: { product_description: 'Editor plugin, license key delivered', uncategorized_text: 'winning_evidence' }, metadata: { case: 'C-9' } });
    expect(updated).toMatchObject({ status: 'under_review', metadata: { case: 'C-9' }, evidence: { product_description: 'Editor plugin, license key delivered' }, evidence_details: { submission_count: 1, has_evidence: true } });
    await emulator.waitForDeliveries();

    const won = await stripe.disputes.retrieve(disputeId);
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((t) => [t.reporting_category, t.amount, t.fee, t.net])).toEqual([['dispute', -2000, 1500, -3500], ['dispute_reversal', 2000, -1500, 3500]]);
    expect(eventsAbout(disputeId).map((event) => event.type)).toEqual([
      'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.funds_reinstated', 'charge.dispute.closed',
    ]);
    const update = eventsAbout(disputeId).find((event) => event.type === 'charge.dispute.updated')!;
    expect((update.data.previous_attributes as Partial<Stripe.Dispute>).status).toBe('needs_response');
    expect((await stripe.refunds.create({ payment_intent: pi.id, amount: 500 })).status).toBe('succeeded');
  });

  it('loses a dispute accepted with close(), keeping the funds withdrawn', async () => {
    const { stripe, emulator } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    const dispute = await emulator.control.openDispute(pi.latest_charge as string, { amount: 600, reason: 'duplicate' });
    const closed = await stripe.disputes.close(dispute.id);
    expect(closed).toMatchObject({ status: 'lost', amount: 600 });
    expect(closed.balance_transactions.map((t) => t.net)).toEqual([-2100]);
    const closeAgain = await stripe.disputes.close(dispute.id).catch((e: unknown) => e);
    expect(closeAgain).toMatchObject({ statusCode: 400 });
    await emulator.waitForDeliveries();
    expect(eventsAbout(dispute.id).map((event) => event.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed']);
  });

  it('opens an inquiry that moves no money and closes as warning_closed', async () => {
    const { stripe, emulator } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100, paymentMethod: 'pm_card_createDisputeInquiry' });
    await emulator.waitForDeliveries();
    const [inquiry] = (await stripe.disputes.list({ charge: pi.latest_charge as string })).data;
    expect(inquiry).toMatchObject({ status: 'warning_needs_response', balance_transactions: [], is_charge_refundable: true });
    const resolved = await emulator.control.resolveDispute(inquiry!.id, 'won');
    expect(resolved.status).toBe('warning_closed');
    expect(resolved.balance_transactions).toEqual([]);
  });
});
