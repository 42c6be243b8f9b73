/**
 * Settlement currency and pending funds (settlement.ts): a EUR destination charge on a platform
 * settling in USD, its refunds, refund failure and dispute on the USD balance with
 * `exchange_rate`; funds pending until `available_on`, transfers refused until then.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../src/settlement.ts';
import { createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

const balanceTransaction = (stripe: Stripe, id: unknown) => stripe.balanceTransactions.retrieve(String(id));

describe('fixed exchange rates', () => {
  it('convert minor units with the currencies\' exponents, rounding half up and keeping the sign', () => {
    expect(settle(1000, 'eur', 'usd')).toEqual({ amount: 1100, currency: 'usd', exchangeRate: 1.1 });
    expect(settle(-1000, 'eur', 'usd')).toEqual({ amount: -1100, currency: 'usd', exchangeRate: 1.1 });
    // ¥1,000 × 0.0067 = $6.70; 12.340 KWD × 3.25 = $40.105 → 4011 cents.
    expect(settle(1000, 'jpy', 'usd').amount).toBe(670);
    expect(settle(12_340, 'kwd', 'usd').amount).toBe(4011);
    expect(settle(1000, 'usd', 'usd')).toEqual({ amount: 1000, currency: 'usd', exchangeRate: null });
    expect(settle(1000, 'eur', null)).toEqual({ amount: 1000, currency: 'eur', exchangeRate: null });
    expect(() => settle(1000, 'xyz', 'usd')).toThrow(/no exchange rate for XYZ/);
  });
});

describe('a EUR charge on a platform settling in USD', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;
  let charge: Stripe.Charge;

  beforeAll(async () => {
    harness = await startHarness({ settlementCurrency: 'usd' });
    creator = await createCreatorAccount(harness.stripe);
    const pi = await harness.stripe.paymentIntents.create({ amount: 1000, currency: 'eur', application_fee_amount: 100, transfer_data: { destination: creator.id }, payment_method: 'pm_card_visa', confirm: true });
    charge = await harness.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction', 'transfer', 'application_fee'] });
  });
  afterAll(() => harness.close());

  it('keeps the charge in EUR and settles it in USD with exchange_rate; transfer and application fee in USD', async () => {
    expect(await harness.stripe.accounts.retrieve(harness.emulator.platformAccountId)).toMatchObject({ default_currency: 'usd' });
    expect(charge).toMatchObject({ amount: 1000, currency: 'eur' });
    // €10.00 × 1.1 = $11.00; Stripe's fee on the settled amount: round(31.9) + 30 = 62.
    expect(charge.balance_transaction).toMatchObject({ amount: 1100, currency: 'usd', exchange_rate: 1.1, fee: 62, net: 1038 });
    expect(charge.transfer).toMatchObject({ amount: 1100, currency: 'usd' });
    expect(charge.application_fee).toMatchObject({ amount: 110, currency: 'usd' });
    const payment = await harness.stripe.charges.retrieve((charge.transfer as Stripe.Transfer).destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: creator.id });
    expect(payment.balance_transaction).toMatchObject({ amount: 1100, currency: 'usd', fee: 110, net: 990 });
  });

  it('refunds in EUR and takes the refund, reversal and fee refund from the USD balance', async () => {
    const refund = await harness.stripe.refunds.create({ charge: charge.id, amount: 500, reverse_transfer: true, refund_application_fee: true });
    expect(refund).toMatchObject({ amount: 500, currency: 'eur' });
    expect(await balanceTransaction(harness.stripe, refund.balance_transaction)).toMatchObject({ amount: -550, currency: 'usd', exchange_rate: 1.1, type: 'refund' });
    const reversal = (await harness.stripe.transfers.listReversals((charge.transfer as Stripe.Transfer).id)).data[0]!;
    expect(reversal).toMatchObject({ amount: 550, currency: 'usd' });
    const feeRefund = (await harness.stripe.applicationFees.listRefunds((charge.application_fee as Stripe.ApplicationFee).id)).data[0]!;
    expect(feeRefund).toMatchObject({ amount: 55, currency: 'usd' });
  });

  it('gives a failed refund\'s settled amount back in USD', async () => {
    const refund = await harness.stripe.refunds.create({ charge: charge.id, amount: 100, metadata: { emulator_refund_status: 'pending' } });
    const failed = await harness.emulator.control.failRefund(refund.id);
    const failure = await balanceTransaction(harness.stripe, failed.failure_balance_transaction);
    expect(failure).toMatchObject({ amount: 110, currency: 'usd', type: 'refund_failure' });
    expect(await balanceTransaction(harness.stripe, refund.balance_transaction)).toMatchObject({ amount: -110 });
  });

  it('withdraws a EUR dispute from the USD balance with the dispute fee in USD, and reinstates the same amount', async () => {
    const dispute = await harness.emulator.control.openDispute(charge.id, { amount: 300 });
    expect(dispute).toMatchObject({ amount: 300, currency: 'eur' });
    expect(dispute.balance_transactions[0]).toMatchObject({ amount: -330, currency: 'usd', fee: 1500, exchange_rate: 1.1 });
    const won = await harness.emulator.control.resolveDispute(dispute.id, 'won');
    expect(won.balance_transactions[1]).toMatchObject({ amount: 330, currency: 'usd', fee: -1500 });
  });

  it('has no EUR balance to transfer from, and refuses a transfer in EUR', async () => {
    const balance = await harness.stripe.balance.retrieve();
    expect(balance.available.map((b) => b.currency)).toEqual(['usd']);
    await expect(harness.stripe.transfers.create({ amount: 100, currency: 'eur', destination: creator.id })).rejects.toMatchObject({ code: 'balance_insufficient' });
  });

  it('is configured by control: a currency without a rate is refused; null goes back to settling each charge in its own currency', async () => {
    expect(() => harness.emulator.control.configureSettlement({ settlementCurrency: 'xyz' })).toThrow(/no exchange rate/);
    const response = await fetch(`${harness.emulator.url}/_emulator/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settlement_currency: '' }) });
    expect(await response.json()).toEqual({ settlementCurrency: null, availabilityDelaySeconds: 0 });
    const pi = await harness.stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge.balance_transaction'] });
    expect((pi.latest_charge as Stripe.Charge).balance_transaction).toMatchObject({ amount: 1000, currency: 'eur', exchange_rate: null });
    // A refund of the USD-settled charge still settles where that charge did.
    const refund = await harness.stripe.refunds.create({ charge: charge.id, amount: 100 });
    expect(await balanceTransaction(harness.stripe, refund.balance_transaction)).toMatchObject({ amount: -110, currency: 'usd' });
  });
});

describe('pending funds', () => {
  const DAY = 86_400;
  let harness: EmulatorHarness;
  let creator: Stripe.Account;
  let charge: Stripe.Charge;

  beforeAll(async () => {
    harness = await startHarness({ availabilityDelaySeconds: 2 * DAY });
    creator = await createCreatorAccount(harness.stripe);
    const pi = await harness.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', application_fee_amount: 200, transfer_data: { destination: creator.id }, payment_method: 'pm_card_visa', confirm: true });
    charge = await harness.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
  });
  afterAll(() => harness.close());

  const usd = (amounts: Stripe.Balance.Available[]) => amounts.find((b) => b.currency === 'usd')?.amount ?? 0;

  it('holds a destination charge\'s funds pending until available_on, on both accounts', async () => {
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt).toMatchObject({ status: 'pending', available_on: bt.created + 2 * DAY });
    const platform = await harness.stripe.balance.retrieve();
    // Charge net 1912 − transfer 2000 + application fee 200, all pending.
    expect({ available: usd(platform.available), pending: usd(platform.pending) }).toEqual({ available: 0, pending: 112 });
    const connected = await harness.stripe.balance.retrieve({}, { stripeAccount: creator.id });
    expect({ available: usd(connected.available), pending: usd(connected.pending) }).toEqual({ available: 0, pending: 1800 });
  });

  it('refuses a transfer and a payout from pending funds (balance_insufficient); a reversal gives back pending funds', async () => {
    const failing = await harness.stripe.refunds.create({ charge: charge.id, amount: 1000, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'pending' } });
    await harness.emulator.control.failRefund(failing.id);
    const platform = await harness.stripe.balance.retrieve();
    // The refund and its failure cancel out at once; the reversal (1000) and fee refund (−100) wait with the charge.
    expect({ available: usd(platform.available), pending: usd(platform.pending) }).toEqual({ available: 0, pending: 1012 });
    await expect(harness.stripe.transfers.create({ amount: 900, currency: 'usd', destination: creator.id })).rejects.toMatchObject({ code: 'balance_insufficient' });
    await expect(harness.stripe.payouts.create({ amount: 100, currency: 'usd' }, { stripeAccount: creator.id })).rejects.toMatchObject({ code: 'balance_insufficient' });
  });

  it('makes them available once the clock passes available_on', async () => {
    harness.emulator.control.setClock({ advanceSeconds: 2 * DAY });
    const platform = await harness.stripe.balance.retrieve();
    expect({ available: usd(platform.available), pending: usd(platform.pending) }).toEqual({ available: 1012, pending: 0 });
    expect(await balanceTransaction(harness.stripe, (charge.balance_transaction as Stripe.BalanceTransaction).id)).toMatchObject({ status: 'available' });
    expect(await harness.stripe.transfers.create({ amount: 900, currency: 'usd', destination: creator.id })).toMatchObject({ amount: 900 });
    const listed = await harness.stripe.balanceTransactions.list({ type: 'charge' });
    expect(listed.data.map((t) => t.status)).toEqual(['available']);
  });
});
