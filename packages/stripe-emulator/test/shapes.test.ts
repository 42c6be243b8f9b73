/**
 * The emulator's objects carry every top-level field of Stripe's published sample objects
 * (../shared/data/stripe/fixtures3.json), so code written against the samples reads ours.
 * Exceptions, as in the current API: a charge's `refunds` list only when expanded, and an
 * account's `settings` (not emulated).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../apps/api/src/platform/config.ts';
import { buyPlugin, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

const fixtures = (JSON.parse(readFileSync(path.join(REPO_ROOT, '../shared/data/stripe/fixtures3.json'), 'utf8')) as { resources: Record<string, Record<string, unknown>> }).resources;
const NOT_EMULATED: Record<string, string[]> = { charge: ['refunds'], account: ['settings'] };

describe('object shapes match Stripe\'s samples', () => {
  let harness: EmulatorHarness;
  const objects: Record<string, object> = {};

  beforeAll(async () => {
    harness = await startHarness();
    const { stripe, emulator } = harness;
    const creator = await createCreatorAccount(stripe);
    objects.account = await stripe.accounts.retrieve(creator.id);
    objects.customer = await stripe.customers.create({ email: 'shape@example.com' });
    const pi = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    objects.payment_intent = await stripe.paymentIntents.retrieve(pi.id);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    objects.charge = charge;
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 100, reverse_transfer: true, refund_application_fee: true });
    objects.refund = refund;
    objects.transfer = await stripe.transfers.retrieve(charge.transfer as string);
    objects.transfer_reversal = await stripe.transfers.retrieveReversal(charge.transfer as string, refund.transfer_reversal as string);
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    objects.application_fee = fee;
    objects.fee_refund = fee.refunds.data[0]!;
    objects.balance_transaction = await stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
    objects.dispute = await emulator.control.openDispute(charge.id);
    objects.payout = await stripe.payouts.create({ amount: 100, currency: 'usd' }, { stripeAccount: creator.id });
    objects.event = (await stripe.events.list({ limit: 1 })).data[0]!;
  });
  afterAll(() => harness.close());

  it.each(['account', 'customer', 'payment_intent', 'charge', 'refund', 'transfer', 'transfer_reversal', 'application_fee', 'fee_refund', 'balance_transaction', 'dispute', 'payout', 'event'])('%s', (type) => {
    const object = objects[type] as Record<string, unknown>;
    expect(object.object).toBe(type);
    const expected = Object.keys(fixtures[type]!).filter((key) => !(NOT_EMULATED[type] ?? []).includes(key));
    const missing = expected.filter((key) => !(key in object));
    expect(missing).toEqual([]);
  });
});
