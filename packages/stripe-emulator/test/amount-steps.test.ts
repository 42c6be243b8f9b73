/**
 * Amounts Stripe refuses although they are whole minor units (docs.stripe.com/currencies, "Three-
 * decimal currencies" and "Special cases"): three-decimal currencies must end in 0, ISK and UGX
 * must be whole units (multiples of 100), HUF and TWD payouts must be whole units. The rule is
 * packages/shared's checkStripeAmount (tested there); this checks every endpoint that takes an
 * amount applies it, refusing with a 400 invalid_request_error whose `param` names the field.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

const refusal = (param: string, message: string) => ({ statusCode: 400, rawType: 'invalid_request_error', param, message });
const wholeUnitRefusal = (currency: string, param = 'amount') => ({
  statusCode: 400, rawType: 'invalid_request_error', param, code: 'invalid_charge_amount_no_decimal_compatible',
  message: `Invalid amount. Currency ${currency} has become effectively zero-decimal and charged amounts must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases for more information.`,
});
const failure = (promise: Promise<unknown>) => promise.then(() => Promise.reject(new Error('expected Stripe to refuse the amount')), (error: unknown) => error);

describe('amount steps: three-decimal currencies, ISK, UGX, HUF and TWD payouts', () => {
  let harness: EmulatorHarness;
  let stripe: Stripe;
  let creator: Stripe.Account;
  let onCreator: Stripe.RequestOptions;

  beforeAll(async () => {
    harness = await startHarness();
    stripe = harness.stripe;
    creator = await createCreatorAccount(stripe);
    onCreator = { stripeAccount: creator.id };
  });
  afterAll(() => harness.close());

  it('PaymentIntents: 12.345 KWD is refused on amount; 12.340 KWD is charged; transfer_data[amount] may end in any digit (a transfer)', async () => {
    expect(await failure(buyPlugin(stripe, { creator: creator.id, amount: 12345, fee: 1230, currency: 'kwd' })))
      .toMatchObject(refusal('amount', 'KWD amounts must end in 0: 12.345 KWD is not accepted by Stripe; use 12.340 or 12.350'));
    expect(await stripe.paymentIntents.create({ amount: 12340, currency: 'bhd', transfer_data: { destination: creator.id, amount: 11105 } })).toMatchObject({ amount: 12340 });
    const isk = stripe.paymentIntents.create({ amount: 4000, currency: 'isk', transfer_data: { destination: creator.id, amount: 3650 } });
    expect(await failure(isk)).toMatchObject({ param: 'transfer_data[amount]', code: 'invalid_charge_amount_no_decimal_compatible' });
    const updated = stripe.paymentIntents.create({ amount: 5000, currency: 'jod' }).then((pi) => stripe.paymentIntents.update(pi.id, { amount: 5001 }));
    expect(await failure(updated)).toMatchObject({ param: 'amount', message: expect.stringMatching(/^JOD amounts must end in 0/) });
    expect(await buyPlugin(stripe, { creator: creator.id, amount: 12340, fee: 1234, currency: 'kwd' })).toMatchObject({ amount: 12340, status: 'succeeded' });
  });

  it('ISK and UGX: fractions of a unit are refused with Stripe’s code, whole units are charged', async () => {
    expect(await failure(stripe.paymentIntents.create({ amount: 4010, currency: 'isk' }))).toMatchObject(wholeUnitRefusal('ISK'));
    expect(await failure(stripe.paymentIntents.create({ amount: 150, currency: 'ugx' }))).toMatchObject(wholeUnitRefusal('UGX'));
    expect(await buyPlugin(stripe, { creator: creator.id, amount: 4000, fee: 400, currency: 'isk' })).toMatchObject({ amount: 4000, status: 'succeeded' });
    expect(await buyPlugin(stripe, { creator: creator.id, amount: 500_000, fee: 50_000, currency: 'ugx' })).toMatchObject({ amount: 500_000, status: 'succeeded' });
  });

  it('HUF and TWD: two-decimal charges are accepted, payouts must be whole units', async () => {
    await buyPlugin(stripe, { creator: creator.id, amount: 20_045, fee: 2_005, currency: 'huf' });
    await buyPlugin(stripe, { creator: creator.id, amount: 10_045, fee: 1_005, currency: 'twd' });
    expect(await failure(stripe.payouts.create({ amount: 1045, currency: 'huf' }, onCreator)))
      .toMatchObject(refusal('amount', 'HUF payouts must be whole HUF: 10.45 HUF is not accepted by Stripe; use 10.00 or 11.00'));
    expect(await failure(stripe.payouts.create({ amount: 999, currency: 'twd' }, onCreator)))
      .toMatchObject(refusal('amount', 'TWD payouts must be whole TWD: 9.99 TWD is not accepted by Stripe; use 9.00 or 10.00'));
    expect(await stripe.payouts.create({ amount: 1000, currency: 'huf' }, onCreator)).toMatchObject({ amount: 1000, currency: 'huf', status: 'pending' });
    expect(await failure(stripe.payouts.create({ amount: 15, currency: 'kwd' }, onCreator))).toMatchObject({ param: 'amount', message: expect.stringMatching(/^KWD amounts must end in 0/) });
  });

  it('refunds: a partial KWD refund must end in 0; its proportional reversal and fee refund are Stripe’s own', async () => {
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 12340, fee: 1234, currency: 'kwd' });
    expect(await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 1235, reverse_transfer: true, refund_application_fee: true })))
      .toMatchObject(refusal('amount', 'KWD amounts must end in 0: 1.235 KWD is not accepted by Stripe; use 1.230 or 1.240'));
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1230, reverse_transfer: true, refund_application_fee: true });
    expect(refund).toMatchObject({ amount: 1230, currency: 'kwd', status: 'succeeded' });
    const ugx = await buyPlugin(stripe, { creator: creator.id, amount: 500_000, fee: 50_000, currency: 'ugx' });
    expect(await failure(stripe.refunds.create({ payment_intent: ugx.id, amount: 250_050 }))).toMatchObject(wholeUnitRefusal('UGX'));
  });

  it('transfers, transfer reversals and application fee refunds: any amount in KWD (Stripe’s proportional reversals end in any digit), whole units in ISK', async () => {
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 50_000, fee: 5_000, currency: 'kwd' });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    const transfer = await stripe.transfers.create({ amount: 1005, currency: 'kwd', destination: creator.id, source_transaction: charge.id });
    expect(await stripe.transfers.createReversal(transfer.id, { amount: 5 })).toMatchObject({ amount: 5 });
    expect(await stripe.applicationFees.createRefund(charge.application_fee as string, { amount: 25 })).toMatchObject({ amount: 25, currency: 'kwd' });
    const isk = await buyPlugin(stripe, { creator: creator.id, amount: 400_000, fee: 40_000, currency: 'isk' });
    const iskCharge = await stripe.charges.retrieve(isk.latest_charge as string);
    expect(await failure(stripe.transfers.create({ amount: 1050, currency: 'isk', destination: creator.id, source_transaction: iskCharge.id }))).toMatchObject(wholeUnitRefusal('ISK'));
    const iskTransfer = await stripe.transfers.create({ amount: 1000, currency: 'isk', destination: creator.id, source_transaction: iskCharge.id });
    expect(await failure(stripe.transfers.createReversal(iskTransfer.id, { amount: 50 }))).toMatchObject(wholeUnitRefusal('ISK'));
    expect(await failure(stripe.applicationFees.createRefund(iskCharge.application_fee as string, { amount: 250 }))).toMatchObject(wholeUnitRefusal('ISK'));
  });
});
