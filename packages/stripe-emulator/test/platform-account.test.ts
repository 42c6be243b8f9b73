/**
 * The platform's own account (`GET /v1/account`, `GET /v1/accounts/<platform id>`) has the fields
 * Stripe returns for an account, and the balance has `connect_reserved`.
 */
import { rmSync } from 'node:fs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, tempDataDir, type EmulatorHarness } from '../src/testing.ts';

describe('platform account and balance', () => {
  const dataDir = tempDataDir();
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness({ dataDir });
    creator = await createCreatorAccount(harness.stripe);
    await buyPlugin(harness.stripe, { creator: creator.id, amount: 5000, fee: 500 });
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('describes the platform account as Stripe does: onboarded, capable, nothing due', async () => {
    const { stripe, emulator } = harness;
    const account = await stripe.accounts.retrieveCurrent();
    expect(account).toMatchObject({
      id: emulator.platformAccountId, object: 'account', type: 'standard', business_type: 'company', country: 'US', default_currency: 'usd',
      capabilities: { card_payments: 'active', transfers: 'active' }, controller: { type: 'account' },
      charges_enabled: true, payouts_enabled: true, details_submitted: true,
      requirements: { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null, current_deadline: null },
      future_requirements: { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null },
      external_accounts: { object: 'list', has_more: false, url: `/v1/accounts/${emulator.platformAccountId}/external_accounts` },
    });
    expect(account.created).toBeGreaterThan(Date.UTC(2020, 0, 1) / 1000);
    expect(account.created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(account.tos_acceptance).toEqual({ date: account.created, ip: null, user_agent: null });
    const byId = await stripe.accounts.retrieve(emulator.platformAccountId);
    expect(JSON.parse(JSON.stringify(byId))).toEqual(JSON.parse(JSON.stringify(account)));
  });

  it('lists the bank account the platform\'s payouts go to', async () => {
    const { stripe } = harness;
    const payout = await stripe.payouts.create({ amount: 100, currency: 'usd' });
    const account = await stripe.accounts.retrieveCurrent();
    expect(account.external_accounts!.data).toEqual([expect.objectContaining({ id: payout.destination, object: 'bank_account', account: account.id, currency: 'usd', default_for_currency: true })]);
  });

  it('keeps the platform account\'s created time across restarts', async () => {
    const before = await harness.stripe.accounts.retrieveCurrent();
    await harness.close();
    harness = await startHarness({ dataDir });
    const after = await harness.stripe.accounts.retrieveCurrent();
    expect(after.id).toBe(before.id);
    expect(after.created).toBe(before.created);
  });

  it('reports connect_reserved on the balance, per currency', async () => {
    const { stripe } = harness;
    const platform = await stripe.balance.retrieve();
    expect(platform.connect_reserved).toEqual([{ amount: 0, currency: 'usd' }]);
    await buyPlugin(stripe, { creator: creator.id, amount: 3000, fee: 300, currency: 'eur' });
    expect((await stripe.balance.retrieve()).connect_reserved).toEqual([{ amount: 0, currency: 'eur' }, { amount: 0, currency: 'usd' }]);
    expect((await stripe.balance.retrieve({}, { stripeAccount: creator.id })).connect_reserved).toEqual([{ amount: 0, currency: 'eur' }, { amount: 0, currency: 'usd' }]);
  });
});
