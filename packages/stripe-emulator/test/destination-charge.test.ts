/**
 * A purchase as Marketdesk makes it: destination charge with an application fee. The charge,
 * its balance transaction (Stripe fee 2.9 % + 30), the transfer, the connected account's payment
 * and the application fee must all agree with each other, on both accounts' balances.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

describe('destination charge with application fee', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;
  let customer: Stripe.Customer;
  let pi: Stripe.PaymentIntent;

  beforeAll(async () => {
    harness = await startHarness();
    creator = await createCreatorAccount(harness.stripe, 'ada@example.com');
    customer = await harness.stripe.customers.create({ email: 'buyer@example.com', name: 'Buyer One' });
    pi = await harness.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      application_fee_amount: 200,
      transfer_data: { destination: creator.id },
      metadata: { plugin_id: 'plg_42', buyer_email: 'buyer@example.com' },
      payment_method: 'pm_card_visa',
      confirm: true,
    });
  });
  afterAll(() => harness.close());

  it('creates an onboarded Express account and a customer', () => {
    expect(creator.id).toMatch(/^acct_[0-9A-Za-z]{16}$/);
    expect(creator).toMatchObject({ object: 'account', type: 'express', email: 'ada@example.com', charges_enabled: true, payouts_enabled: true, default_currency: 'usd' });
    expect(creator.capabilities).toEqual({ card_payments: 'active', transfers: 'active' });
    expect(customer).toMatchObject({ object: 'customer', email: 'buyer@example.com', name: 'Buyer One', balance: 0 });
  });

  it('succeeds the PaymentIntent with one charge', () => {
    expect(pi).toMatchObject({
      object: 'payment_intent', status: 'succeeded', amount: 2000, amount_received: 2000, currency: 'usd', customer: customer.id,
      application_fee_amount: 200, transfer_data: { destination: creator.id }, payment_method: 'pm_card_visa',
      metadata: { plugin_id: 'plg_42', buyer_email: 'buyer@example.com' }, transfer_group: `group_${pi.id}`, livemode: false,
    });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.latest_charge).toMatch(/^ch_/);
  });

  it('links charge, balance transaction, transfer, payment and application fee consistently', async () => {
    const { stripe } = harness;
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction', 'transfer', 'application_fee'] });
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount: 2000, amount_captured: 2000, amount_refunded: 0, payment_intent: pi.id, customer: customer.id, application_fee_amount: 200, disputed: false });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242', funding: 'credit' });

    const transaction = charge.balance_transaction as Stripe.BalanceTransaction;
    // 2.9 % of 2000 = 58, + 30 fixed = 88.
    expect(transaction).toMatchObject({ object: 'balance_transaction', type: 'charge', amount: 2000, fee: 88, net: 1912, currency: 'usd', source: charge.id, status: 'available', reporting_category: 'charge' });
    expect(transaction.fee_details).toEqual([{ amount: 88, application: null, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' }]);

    const transfer = charge.transfer as Stripe.Transfer;
    expect(transfer).toMatchObject({ object: 'transfer', amount: 2000, amount_reversed: 0, currency: 'usd', destination: creator.id, source_transaction: charge.id, transfer_group: `group_${pi.id}`, reversed: false });

    const fee = charge.application_fee as Stripe.ApplicationFee;
    expect(fee).toMatchObject({ object: 'application_fee', amount: 200, amount_refunded: 0, account: creator.id, charge: transfer.destination_payment, originating_transaction: charge.id, currency: 'usd', refunded: false });

    const payment = await stripe.charges.retrieve(transfer.destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: creator.id });
    expect(payment).toMatchObject({ id: expect.stringMatching(/^py_/), amount: 2000, source_transfer: transfer.id, application_fee: fee.id, application_fee_amount: 200 });
    expect(payment.balance_transaction).toMatchObject({ type: 'payment', amount: 2000, fee: 200, net: 1800 });
  });

  it('leaves each account with its share: platform fee − Stripe fee, creator amount − fee', async () => {
    const { stripe } = harness;
    const platform = await stripe.balance.retrieve();
    expect(platform.available).toEqual([{ amount: 200 - 88, currency: 'usd', source_types: { card: 112 } }]);
    const creatorBalance = await stripe.balance.retrieve({}, { stripeAccount: creator.id });
    expect(creatorBalance.available[0]).toMatchObject({ amount: 1800, currency: 'usd' });

    const platformTransactions = await stripe.balanceTransactions.list({ limit: 10 });
    expect(platformTransactions.data.map((t) => [t.type, t.amount, t.fee, t.net])).toEqual([
      ['application_fee', 200, 0, 200],
      ['transfer', -2000, 0, -2000],
      ['charge', 2000, 88, 1912],
    ]);
  });

  it('lists the charge by PaymentIntent and the fee by charge', async () => {
    const { stripe } = harness;
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((charge) => charge.id)).toEqual([pi.latest_charge]);
    const fees = await stripe.applicationFees.list({ charge: pi.latest_charge as string });
    expect(fees.data).toHaveLength(1);
    expect(fees.data[0]!.amount).toBe(200);
    const intents = await stripe.paymentIntents.list({ customer: customer.id });
    expect(intents.data.map((intent) => intent.id)).toEqual([pi.id]);
  });

  it('expands nested paths on retrieve and in lists', async () => {
    const { stripe } = harness;
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect((charge.balance_transaction as Stripe.BalanceTransaction).net).toBe(1912);
    const list = await stripe.charges.list({ payment_intent: pi.id, expand: ['data.transfer'] });
    expect((list.data[0]!.transfer as Stripe.Transfer).amount).toBe(2000);
  });

  it('confirms a PaymentIntent created earlier, and declines a failing card with a 402', async () => {
    const { stripe } = harness;
    const created = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', application_fee_amount: 150, transfer_data: { destination: creator.id } });
    expect(created.status).toBe('requires_payment_method');
    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_mastercard' });
    expect(confirmed.status).toBe('succeeded');

    const error = await buyPlugin(stripe, { creator: creator.id, amount: 1500, fee: 150, paymentMethod: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    const failed = (error as Stripe.errors.StripeCardError).payment_intent!;
    expect(failed).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' } });
    const failedCharge = await stripe.charges.retrieve(failed.latest_charge as string);
    expect(failedCharge).toMatchObject({ status: 'failed', paid: false, balance_transaction: null, failure_code: 'card_declined', failure_message: 'Your card was declined.' });
    expect(failedCharge.transfer).toBeUndefined();
  });
});
