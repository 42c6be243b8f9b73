/**
 * Refunds of destination charges: transfer reversal and application-fee refund, proportional
 * for partial refunds (rounding: share = round½↑((R+a)·T/C) − round½↑(R·T/C), see packages/shared/src/money/refund-split.ts),
 * the refundable cap, and pending refunds that later succeed or fail.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, control, createCreatorAccount, startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

describe('refunds', () => {
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

  const purchase = (amount = 1000, fee = 123, paymentMethod?: string) => buyPlugin(harness.stripe, { creator: creator.id, amount, fee, ...(paymentMethod ? { paymentMethod } : {}) });

  it('refunds in full with reverse_transfer and refund_application_fee', async () => {
    const { stripe } = harness;
    const pi = await purchase();
    const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', reverse_transfer: true, refund_application_fee: true, metadata: { ticket: 'T-1' } });
    expect(refund).toMatchObject({ object: 'refund', status: 'succeeded', amount: 1000, charge: pi.latest_charge, payment_intent: pi.id, reason: 'requested_by_customer', metadata: { ticket: 'T-1' }, currency: 'usd' });

    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['transfer', 'application_fee', 'refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect((charge.refunds as Stripe.ApiList<Stripe.Refund>).data.map((r) => r.id)).toEqual([refund.id]);
    const transfer = charge.transfer as Stripe.Transfer;
    expect(transfer).toMatchObject({ amount: 1000, amount_reversed: 1000, reversed: true });
    const fee = charge.application_fee as Stripe.ApplicationFee;
    expect(fee).toMatchObject({ amount: 123, amount_refunded: 123, refunded: true });
    expect(fee.refunds.data.map((r) => r.amount)).toEqual([123]);

    const reversal = await stripe.transfers.retrieveReversal(transfer.id, refund.transfer_reversal as string);
    expect(reversal).toMatchObject({ object: 'transfer_reversal', amount: 1000, source_refund: refund.id, transfer: transfer.id });
    const refundTransaction = await stripe.balanceTransactions.retrieve(refund.balance_transaction as string);
    expect(refundTransaction).toMatchObject({ type: 'refund', amount: -1000, fee: 0, net: -1000, source: refund.id });

    // The creator's balance for this sale is back to zero: +1000 payment −123 fee −1000 reversal +123 fee refund.
    const creatorTransactions = await stripe.balanceTransactions.list({ limit: 100 }, { stripeAccount: creator.id });
    const forThisSale = creatorTransactions.data.filter((t) => [transfer.destination_payment, reversal.destination_payment_refund, fee.refunds.data[0]!.id].includes(t.source as string));
    expect(forThisSale.map((t) => [t.type, t.net]).sort()).toEqual([['application_fee_refund', 123], ['payment', 877], ['payment_refund', -1000]]);
  });

  it('reverses proportionally for partial refunds and sums to the whole when refunded in parts', async () => {
    const { stripe } = harness;
    const pi = await purchase(1000, 123);
    const transferId = (await stripe.charges.retrieve(pi.latest_charge as string)).transfer as string;
    const reversed: number[] = [];
    for (const amount of [333, 333, 334]) {
      const refund = await stripe.refunds.create({ payment_intent: pi.id, amount, reverse_transfer: true, refund_application_fee: true });
      reversed.push((await stripe.transfers.retrieveReversal(transferId, refund.transfer_reversal as string)).amount);
    }
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['application_fee', 'transfer'] });
    const fee = charge.application_fee as Stripe.ApplicationFee;
    // Fee refunds 41 + 41 + 41 = 123 (333·123/1000 = 40.96 → 41; 666 → 81.92 → 82 − 41; 1000 → 123 − 82).
    expect(fee.refunds.data.map((r) => r.amount).reverse()).toEqual([41, 41, 41]);
    expect(reversed).toEqual([333, 333, 334]);
    expect((charge.transfer as Stripe.Transfer).amount_reversed).toBe(1000);
    expect(fee).toMatchObject({ amount_refunded: 123, refunded: true });
  });

  it('rounds half up on a half-minor-unit share: 500 + 500 of a 123 fee → 62 + 61', async () => {
    const { stripe } = harness;
    const pi = await purchase(1000, 123);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 500, reverse_transfer: true, refund_application_fee: true });
    const feeAfterFirst = await stripe.applicationFees.retrieve((await stripe.charges.retrieve(pi.latest_charge as string)).application_fee as string);
    expect(feeAfterFirst.amount_refunded).toBe(62);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 500, reverse_transfer: true, refund_application_fee: true });
    const feeAfterSecond = await stripe.applicationFees.retrieve(feeAfterFirst.id);
    expect(feeAfterSecond.refunds.data.map((r) => r.amount)).toEqual([61, 62]);
  });

  it('caps refunds at the unrefunded amount', async () => {
    const { stripe } = harness;
    const pi = await purchase(1000, 100);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 600 });
    const over = await stripe.refunds.create({ payment_intent: pi.id, amount: 401 }).catch((e: unknown) => e);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount', message: 'Refund amount ($4.01) is greater than unrefunded amount on charge ($4.00)' });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(400);
    const again = await stripe.refunds.create({ charge: pi.latest_charge as string, amount: 1 }).catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded', message: `Charge ${String(pi.latest_charge)} has already been refunded.` });
    const zero = await stripe.refunds.create({ payment_intent: (await purchase()).id, amount: 0 }).catch((e: unknown) => e);
    expect(zero).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'amount' });
  });

  it('keeps a refund pending and then fails it: money back, refundable again, events sent', async () => {
    const { stripe, emulator } = harness;
    const pi = await purchase(1000, 100);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 700, metadata: { emulator_refund_status: 'pending' } });
    expect(refund.status).toBe('pending');
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(700);

    const failed = await control(emulator, 'POST', `refunds/${refund.id}/fail`, { failure_reason: 'lost_or_stolen_card' });
    expect(failed.status).toBe(200);
    const after = await stripe.refunds.retrieve(refund.id);
    expect(after).toMatchObject({ status: 'failed', failure_reason: 'lost_or_stolen_card' });
    const failureTransaction = await stripe.balanceTransactions.retrieve(after.failure_balance_transaction as string);
    expect(failureTransaction).toMatchObject({ type: 'refund_failure', amount: 700, net: 700, source: refund.id });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    const retry = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(retry.status).toBe('succeeded');

    await emulator.waitForDeliveries();
    const types = receiver.events(emulator.webhookSecret).filter((event) => (event.data.object as { id: string }).id === refund.id).map((event) => event.type);
    expect(types).toEqual(['refund.created', 'refund.updated', 'charge.refund.updated', 'refund.failed']);
    const changed = receiver.events(emulator.webhookSecret).find((event) => event.type === 'refund.updated' && (event.data.object as Stripe.Refund).id === refund.id)!;
    expect(changed.data.previous_attributes).toEqual({ status: 'pending' });
  });

  it('completes a pending refund through the control API', async () => {
    const { stripe, emulator } = harness;
    const pi = await purchase(1000, 100);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, metadata: { emulator_refund_status: 'pending' } });
    const succeeded = await emulator.control.succeedRefund(refund.id);
    expect(succeeded.status).toBe('succeeded');
    const again = await emulator.control.failRefund(refund.id).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 400 });
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
  });

  it('fails refunds of pm_card_refundFail charges on their own, a moment later', async () => {
    const { stripe, emulator } = harness;
    const pi = await purchase(1000, 100, 'pm_card_refundFail');
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('pending');
    await emulator.flush();
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
  });

  it('cancels a pending refund through the API', async () => {
    const { stripe } = harness;
    const pi = await purchase(1000, 100);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 250, metadata: { emulator_refund_status: 'pending' } });
    const canceled = await stripe.refunds.cancel(refund.id);
    expect(canceled.status).toBe('canceled');
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
  });

  it('refunds an application fee and reverses a transfer directly', async () => {
    const { stripe } = harness;
    const pi = await purchase(2000, 200);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    const feeRefund = await stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 50 });
    expect(feeRefund).toMatchObject({ object: 'fee_refund', amount: 50, fee: charge.application_fee });
    const reversal = await stripe.transfers.createReversal(charge.transfer as string, { amount: 1000, refund_application_fee: true });
    expect(reversal.amount).toBe(1000);
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    // Half the transfer reversed → half the fee (100), of which 50 was already refunded by hand: 150 in all.
    expect(fee.amount_refunded).toBe(150);
    const tooMuch = await stripe.transfers.createReversal(charge.transfer as string, { amount: 1001 }).catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    const reversals = await stripe.transfers.listReversals(charge.transfer as string);
    expect(reversals.data.map((r) => r.amount)).toEqual([1000]);
  });
});
