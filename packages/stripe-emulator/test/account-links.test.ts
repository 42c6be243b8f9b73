/**
 * Connect onboarding through Account Links: a new Express account is restricted, an Account Link
 * leads to the hosted form, which completes it (account.updated to the Connect endpoint) and
 * redirects to return_url; an expired link redirects to refresh_url, and a new link works.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesStripeSchema } from './openapi-schemas.ts';
import { onboardingTestForm } from '../src/resources/onboarding.ts';
import { startHarness, WebhookReceiver, type EmulatorHarness } from '../src/testing.ts';

const RETURN_URL = 'http://console.example/creator/payouts?onboarding=return';
const REFRESH_URL = 'http://console.example/creator/payouts?onboarding=refresh';

describe('account links and hosted onboarding', () => {
  let harness: EmulatorHarness;
  let connect: WebhookReceiver;

  beforeAll(async () => {
    connect = await WebhookReceiver.start();
    harness = await startHarness({ webhooks: { connect: { url: connect.url } } });
  });
  afterAll(async () => {
    await harness.close();
    await connect.close();
  });

  const newAccount = () => harness.stripe.accounts.create({ type: 'express', country: 'US', email: 'new@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
  const linkFor = (account: string) => harness.stripe.accountLinks.create({ account, type: 'account_onboarding', refresh_url: REFRESH_URL, return_url: RETURN_URL });
  const submit = (url: string, form: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

  it('starts a new Express account restricted, with what Stripe collects due, and refuses destination charges to it', async () => {
    const account = await newAccount();
    assertMatchesStripeSchema('account', account);
    expect(account).toMatchObject({ charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { card_payments: 'inactive', transfers: 'inactive' } });
    expect(account.requirements).toMatchObject({ disabled_reason: 'requirements.past_due' });
    expect(account.requirements!.currently_due).toEqual(expect.arrayContaining(['external_account', 'tos_acceptance.date', 'individual.first_name', 'individual.dob.day']));
    expect(account.requirements!.past_due).toEqual(account.requirements!.currently_due);
    expect(account.external_accounts!.data).toEqual([]);
    const error = await harness.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 100, transfer_data: { destination: account.id }, payment_method: 'pm_card_visa', confirm: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'insufficient_capabilities_for_transfer', param: 'transfer_data[destination]' });
  });

  it('answers an Account Link that expires after 300 s, leading to a hosted form', async () => {
    const account = await newAccount();
    const link = await linkFor(account.id);
    assertMatchesStripeSchema('account_link', link);
    expect(link.expires_at - link.created).toBe(300);
    expect(link.url.startsWith(`${harness.emulator.url}/_emulator/onboarding/${account.id}?`)).toBe(true);
    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<form method="post"/);
    const missing = await harness.stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', return_url: RETURN_URL } as Stripe.AccountLinkCreateParams).catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'refresh_url' });
  });

  it('completes onboarding from the form: requirements met, transfers active, account.updated to the Connect endpoint, back to return_url', async () => {
    const account = await newAccount();
    const link = await linkFor(account.id);
    const { 'individual.first_name': _, ...incomplete } = onboardingTestForm();
    const refused = await submit(link.url, incomplete);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Still missing: individual\.first_name/);
    expect((await harness.stripe.accounts.retrieve(account.id)).charges_enabled).toBe(false);

    const done = await submit(link.url, onboardingTestForm());
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(RETURN_URL);
    const onboarded = await harness.stripe.accounts.retrieve(account.id);
    assertMatchesStripeSchema('account', onboarded);
    expect(onboarded).toMatchObject({
      charges_enabled: true, payouts_enabled: true, details_submitted: true, capabilities: { card_payments: 'active', transfers: 'active' },
      requirements: { currently_due: [], past_due: [], eventually_due: [], disabled_reason: null }, business_type: 'individual',
    });
    expect(onboarded.tos_acceptance!.date).toEqual(expect.any(Number));
    expect(onboarded.external_accounts!.data).toHaveLength(1);
    await harness.emulator.waitForDeliveries();
    const updated = connect.events(harness.emulator.connectWebhookSecret).filter((event) => event.type === 'account.updated' && event.account === account.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data.previous_attributes).toMatchObject({ charges_enabled: false, payouts_enabled: false, capabilities: { transfers: 'inactive' } });
  });

  it('redirects an expired link to refresh_url; a new link works; a tampered link is refused', async () => {
    const account = await newAccount();
    const stale = await linkFor(account.id);
    harness.emulator.control.setClock({ advanceSeconds: 301 });
    try {
      const expired = await fetch(stale.url, { redirect: 'manual' });
      expect(expired.status).toBe(302);
      expect(expired.headers.get('location')).toBe(REFRESH_URL);
      const late = await submit(stale.url, onboardingTestForm());
      expect(late.headers.get('location')).toBe(REFRESH_URL);
      expect((await harness.stripe.accounts.retrieve(account.id)).charges_enabled).toBe(false);

      const fresh = await linkFor(account.id);
      expect((await fetch(fresh.url)).status).toBe(200);
      const tampered = fresh.url.replace(/link=[^&]+/, `link=${Buffer.from(JSON.stringify({ account: account.id, refreshUrl: REFRESH_URL, returnUrl: 'https://evil.example', expiresAt: 4e9 })).toString('base64url')}`);
      expect((await fetch(tampered, { redirect: 'manual' })).status).toBe(400);
      expect((await submit(fresh.url, onboardingTestForm())).headers.get('location')).toBe(RETURN_URL);
      expect((await harness.stripe.accounts.retrieve(account.id)).capabilities).toMatchObject({ transfers: 'active' });
    } finally {
      harness.emulator.control.setClock({ isReset: true });
    }
  });

  it('completes onboarding through the control endpoint too (seeds and tests)', async () => {
    const account = await newAccount();
    const response = await fetch(`${harness.emulator.url}/_emulator/accounts/${account.id}/onboard`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: account.id, charges_enabled: true, capabilities: { transfers: 'active' } });
  });
});
