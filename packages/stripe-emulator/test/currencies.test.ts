/**
 * Amounts are integer minor units in every currency: JPY has none (¥1,500 is 1500), KWD has
 * three (12.345 KWD is 12345). The fee rule (2.9 % rounded half up + 30 minor units) and
 * proportional refunds apply to the minor units as they are.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

describe('zero- and three-decimal currencies', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness();
    creator = await createCreatorAccount(harness.stripe);
  });
  afterAll(() => harness.close());

  it('charges ¥1,500 as 1500 minor units', async () => {
    const { stripe } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1500, fee: 150, currency: 'jpy' });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction', 'transfer'] });
    // 2.9 % of 1500 = 43.5 → 44, + 30 = 74.
    expect(charge.balance_transaction).toMatchObject({ currency: 'jpy', amount: 1500, fee: 74, net: 1426 });
    expect(charge.transfer).toMatchObject({ currency: 'jpy', amount: 1500 });
    const balance = await stripe.balance.retrieve({}, { stripeAccount: creator.id });
    expect(balance.available.find((entry) => entry.currency === 'jpy')?.amount).toBe(1350);
  });

  it('refunds ¥ partially with proportional fee refund', async () => {
    const { stripe } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 999, fee: 99, currency: 'jpy' });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 333, reverse_transfer: true, refund_application_fee: true });
    expect(refund).toMatchObject({ amount: 333, currency: 'jpy' });
    const fee = await stripe.applicationFees.retrieve((await stripe.charges.retrieve(pi.latest_charge as string)).application_fee as string);
    expect(fee.amount_refunded).toBe(33);
  });

  it('charges 12.340 KWD as 12340 minor units (Stripe takes three-decimal amounts ending in 0)', async () => {
    const { stripe } = harness;
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 12340, fee: 1234, currency: 'kwd' });
    expect(pi).toMatchObject({ amount: 12340, currency: 'kwd', status: 'succeeded' });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    // 2.9 % of 12340 = 357.86 → 358, + 30 = 388.
    expect(charge.balance_transaction).toMatchObject({ currency: 'kwd', amount: 12340, fee: 388, net: 11952 });
    const over = await stripe.refunds.create({ payment_intent: pi.id, amount: 12350 }).catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'amount_too_large', message: 'Refund amount (KWD 12.350) is greater than unrefunded amount on charge (KWD 12.340)' });
  });

  it('refuses fractions of a minor unit whatever the currency', async () => {
    const error = await harness.stripe.paymentIntents.create({ amount: 1500.5, currency: 'jpy' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: 1500.5' });
  });

  it('enforces the JPY minimum of ¥50', async () => {
    const error = await harness.stripe.paymentIntents.create({ amount: 49, currency: 'jpy' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'amount_too_small', message: 'Amount must be at least ¥50 jpy' });
  });
});
