/**
 * Trials end to end through the public API, the emulator's webhooks, the renewal job and the
 * ledger: a start with the card saved server-side and one through Checkout in setup mode; one
 * trial per buyer email and per machine (409 naming which); the conversion at the trial end (a
 * SUBSCRIPTION charge in the ledger, the license following the subscription); a declined card
 * or none → the trial, subscription and license end, and validate answers EXPIRED naming the
 * trial; support's extension (allowed, denied, CONFLICT once converted). Concurrent starts are
 * in trials.pg.test.ts.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { licenseExpiryFor, periodEnd } from '../../src/modules/subscriptions/sync-subscription.ts';
import { callLicenseApi } from '../licenses/helpers.ts';
import { callerAs, expectLedgerBalanced, newRequestKey, purchaseLedger, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { createTrialPlugin, postTrial, uniqueEmail, uniqueFingerprint } from './helpers.ts';

const DAY = 86_400_000;
let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const emulator = () => ts.app.deps.stripe!.emulator!;
const renew = async (now: Date) => {
  const run = await renewDueSubscriptions(ts.app.deps, { at: now });
  await settle(ts);
  return run;
};
const purchasesOf = (subscriptionId: string) => ts.prisma.purchase.count({ where: { subscriptionId } });
const validate = async (licenseId: string) => {
  const license = await ts.prisma.license.findUniqueOrThrow({ where: { id: licenseId } });
  return (await callLicenseApi(ts.url, 'validate', { key: await renderLicenseKey(ts.app.deps, license) })).body;
};

/** Starts a trial server-side with `paymentMethod` (default pm_card_visa); expects 201 ACTIVE. */
async function startTrial(pluginId: string, options: { paymentMethod?: string; email?: string; fingerprint?: string } = {}) {
  const { status, body } = await postTrial(ts, { pluginId, tier: 'pro', buyerEmail: options.email ?? uniqueEmail(), fingerprint: options.fingerprint ?? uniqueFingerprint(), paymentMethod: options.paymentMethod ?? 'pm_card_visa' });
  expect(status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('ACTIVE');
  const trial = await ts.prisma.trial.findUniqueOrThrow({ where: { id: body.trialId }, include: { license: true, subscription: true } });
  return { answer: body, trial, license: trial.license, subscription: trial.subscription! };
}

describe('POST /v1/trials', () => {
  it('server-side card: the card is saved (no charge), the trial license works at once with the tier\'s terms', async () => {
    const { plugin, pro } = await createTrialPlugin(ts, { trialDays: 14, priceAmount: 1200 });
    const email = uniqueEmail('Mixed.Case');
    const { answer, trial, license, subscription } = await startTrial(plugin.id, { email: email.toUpperCase() });
    expect(answer).toMatchObject({ pluginId: plugin.id, tier: 'pro', trialDays: 14, amount: 1200, currency: 'usd', checkoutUrl: null, licenseId: license.id });
    expect(answer.licenseKey).toBe(await renderLicenseKey(ts.app.deps, license));
    expect(trial).toMatchObject({ status: 'ACTIVE', buyerEmail: email.toLowerCase(), tierId: pro.id, extendedDays: 0 });
    expect(trial.endsAt.getTime() - trial.startedAt.getTime()).toBe(14 * DAY);
    expect(answer.trialEndsAt).toBe(trial.endsAt.toISOString());
    expect(subscription).toMatchObject({
      status: 'TRIALING', tierId: pro.id, trialEndsAt: trial.endsAt, periodNumber: 0, nextRenewalAt: trial.endsAt, stripePaymentMethodId: 'pm_card_visa',
    });
    expect(license).toMatchObject({
      status: 'ACTIVE', purchaseId: null, subscriptionId: subscription.id, tierId: pro.id, entitlements: ['plugin.use', 'plugin.updates', 'pro.export'], machineLimit: 5,
      trialEndsAt: trial.endsAt, expiresAt: trial.endsAt,
    });
    // Saved, not charged: a succeeded SetupIntent, no charge, no purchase.
    const setupIntents = await ts.stripe.setupIntents.list({ customer: subscription.stripeCustomerId! });
    expect(setupIntents.data.map((s) => s.status)).toEqual(['succeeded']);
    expect((await ts.stripe.charges.list({ customer: subscription.stripeCustomerId! })).data).toHaveLength(0);
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(0);
    expect((await validate(license.id)).code).toBe('VALID');
    expect(await ts.prisma.auditLog.count({ where: { action: 'trials.start', targetId: license.id } })).toBe(1);
  });

  it('the same Idempotency-Key answers the same trial; another body under it is 422', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const key = newRequestKey();
    const body = { pluginId: plugin.id, tier: 'pro', buyerEmail: uniqueEmail(), fingerprint: uniqueFingerprint(), paymentMethod: 'pm_card_visa' };
    const first = await postTrial(ts, body, key);
    const again = await postTrial(ts, body, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await ts.prisma.trial.count({ where: { pluginId: plugin.id } })).toBe(1);
    const other = await postTrial(ts, { ...body, fingerprint: uniqueFingerprint() }, key);
    expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' } });
  });

  it('a second trial for the same email (any case) is 409 naming the email; the same machine with another email is 409 naming the machine', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const email = uniqueEmail();
    const fingerprint = uniqueFingerprint();
    await startTrial(plugin.id, { email, fingerprint });
    const sameEmail = await postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: email.toUpperCase(), fingerprint: uniqueFingerprint(), paymentMethod: 'pm_card_visa' });
    expect(sameEmail).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'buyerEmail' } });
    expect(sameEmail.body.error).toMatch(/email address already had a trial/);
    const sameMachine = await postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: uniqueEmail(), fingerprint, paymentMethod: 'pm_card_visa' });
    expect(sameMachine).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'fingerprint' } });
    expect(sameMachine.body.error).toMatch(/machine already had a trial/);
    expect(await ts.prisma.trial.count({ where: { pluginId: plugin.id } })).toBe(1);
    expect(await ts.prisma.license.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('refuses a free tier, a tier without a trial, an unknown tier, and a declined card, naming the field', async () => {
    const { plugin } = await createTrialPlugin(ts, { trialDays: 0 });
    const base = { pluginId: plugin.id, buyerEmail: uniqueEmail(), fingerprint: uniqueFingerprint(), paymentMethod: 'pm_card_visa' };
    expect(await postTrial(ts, { ...base, tier: 'free' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'tier' } });
    expect(await postTrial(ts, { ...base, tier: 'pro' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'tier' } });
    expect(await postTrial(ts, { ...base, tier: 'enterprise' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'tier' } });
    const { plugin: other } = await createTrialPlugin(ts);
    const declined = await postTrial(ts, { ...base, pluginId: other.id, tier: 'pro', paymentMethod: 'pm_card_chargeDeclined' });
    expect(declined).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'paymentMethod' } });
    expect(await ts.prisma.trial.count({ where: { pluginId: other.id } })).toBe(0);
  });

  it('through Checkout in setup mode: PENDING_SETUP with the page; the card saved there and the webhook open the trial', async () => {
    const { plugin, pro } = await createTrialPlugin(ts);
    const email = uniqueEmail();
    const { status, body } = await postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: email, fingerprint: uniqueFingerprint(), successUrl: 'https://shop.example/trial?cs={CHECKOUT_SESSION_ID}' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'PENDING_SETUP', licenseId: null, licenseKey: null, trialEndsAt: null });
    expect(body.checkoutUrl).toContain(`/_emulator/checkout/${body.checkoutSessionId}`);
    await settle(ts);
    expect(await ts.prisma.trial.count({ where: { id: body.trialId } })).toBe(0);

    const page = await fetch(body.checkoutUrl!, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ card_number: '4242424242424242' }).toString() });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`https://shop.example/trial?cs=${body.checkoutSessionId}`);
    await settle(ts);
    const trial = await ts.prisma.trial.findUniqueOrThrow({ where: { id: body.trialId }, include: { license: true, subscription: true } });
    expect(trial).toMatchObject({ status: 'ACTIVE', buyerEmail: email, tierId: pro.id });
    expect(trial.subscription).toMatchObject({ status: 'TRIALING', stripePaymentMethodId: 'pm_card_visa', nextRenewalAt: trial.endsAt });
    expect(trial.license).toMatchObject({ status: 'ACTIVE', tierId: pro.id, trialEndsAt: trial.endsAt, purchaseId: null });
    expect((await validate(trial.licenseId)).code).toBe('VALID');
    // The same request again (same key) now answers the open trial with its key.
    await ts.prisma.stripeEvent.updateMany({ where: { type: 'checkout.session.completed' }, data: { status: 'PENDING', nextAttemptAt: new Date(0) } });
    await settle(ts);
    expect(await ts.prisma.trial.count({ where: { pluginId: plugin.id } })).toBe(1);
  });
});

describe('the end of a trial (renewal job)', () => {
  it('converts at the trial end: period 1 charged off-session at the tier\'s price, SUBSCRIPTION in the ledger, Trial CONVERTED, license follows the subscription', async () => {
    const { plugin, pro } = await createTrialPlugin(ts, { priceAmount: 1500 });
    const { trial, license, subscription } = await startTrial(plugin.id);
    await renew(new Date(trial.endsAt.getTime() - 60_000));
    expect(await purchasesOf(subscription.id)).toBe(0);
    expect((await renew(new Date(trial.endsAt.getTime() + 60_000))).charged).toBeGreaterThanOrEqual(1);

    const purchase = await ts.prisma.purchase.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
    expect(purchase).toMatchObject({ status: 'SUCCEEDED', kind: 'SUBSCRIPTION', tierId: pro.id, amount: 1500, currency: 'usd' });
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 1500, payment_method: 'pm_card_visa', metadata: { subscription_period: '1', trial_id: trial.id } });
    const ledger = await purchaseLedger(ts.prisma, purchase.id);
    expect(ledger.BUYER_PAYMENTS).toBe(-1500);
    const streams = await ts.prisma.ledgerEntry.findMany({ where: { transaction: { purchaseId: purchase.id } }, select: { stream: true } });
    expect(new Set(streams.map((e) => e.stream))).toEqual(new Set(['SUBSCRIPTION']));

    const end = periodEnd(trial.endsAt, 1);
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({
      status: 'ACTIVE', periodNumber: 1, currentPeriodStart: trial.endsAt, currentPeriodEnd: end, nextRenewalAt: end, trialEndsAt: trial.endsAt,
    });
    expect(await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).toMatchObject({ status: 'CONVERTED', convertedAt: purchase.paidAt });
    expect(await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).toMatchObject({ status: 'ACTIVE', expiresAt: licenseExpiryFor(end), trialEndsAt: trial.endsAt });
    expect((await validate(license.id)).code).toBe('VALID');
    // A second run, and the webhook replayed, change nothing.
    await renew(new Date(trial.endsAt.getTime() + 120_000));
    await ts.prisma.stripeEvent.updateMany({ where: { status: 'PROCESSED' }, data: { status: 'PENDING', nextAttemptAt: new Date(0) } });
    await settle(ts);
    expect(await purchasesOf(subscription.id)).toBe(1);
    expect((await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).status).toBe('CONVERTED');
    await expectLedgerBalanced(ts.prisma);
  });

  it('a declined card ends the trial (no retry): subscription CANCELED, Trial EXPIRED, license EXPIRED, validate EXPIRED naming the trial', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const { trial, license, subscription } = await startTrial(plugin.id);
    await emulator().control.declineCustomerCharges(subscription.stripeCustomerId!, 'insufficient_funds');
    await renew(new Date(trial.endsAt.getTime() + 60_000));
    expect(await purchasesOf(subscription.id)).toBe(1);
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'CANCELED', nextRenewalAt: null, cancelReason: expect.stringMatching(/^trial ended unpaid/) });
    expect(await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).toMatchObject({ status: 'EXPIRED', convertedAt: null });
    const expired = await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } });
    expect(expired).toMatchObject({ status: 'EXPIRED', expiresAt: trial.endsAt });
    expect(expired.statusReason).toContain(`Trial ${trial.id} ended unpaid`);
    const answer = await validate(license.id);
    expect(answer.code).toBe('EXPIRED');
    expect(String(answer.detail).toLowerCase()).toContain('trial');
    // No retry: a later run charges nothing.
    await renew(new Date(trial.endsAt.getTime() + 3 * DAY));
    expect((await ts.stripe.charges.list({ customer: subscription.stripeCustomerId! })).data).toHaveLength(1);
  });

  it('without a saved card the trial ends at its end with no charge', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const { trial, license, subscription } = await startTrial(plugin.id);
    await ts.prisma.subscription.update({ where: { id: subscription.id }, data: { stripePaymentMethodId: null } });
    expect((await renew(new Date(trial.endsAt.getTime() + 60_000))).canceled).toBeGreaterThanOrEqual(1);
    expect(await purchasesOf(subscription.id)).toBe(0);
    expect((await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).status).toBe('EXPIRED');
    expect((await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).status).toBe('EXPIRED');
    expect((await ts.stripe.charges.list({ customer: subscription.stripeCustomerId! })).data).toHaveLength(0);
  });
});

describe('licenses.extendTrial', () => {
  it('support extends an ACTIVE trial: trial, license and subscription move together, audited; the conversion then comes at the new end', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const { trial, license, subscription } = await startTrial(plugin.id);
    const { caller, user } = await callerAs(ts, ['SUPPORT']);
    const extended = await caller.licenses.extendTrial({ licenseId: license.id, days: 7, reason: 'Customer was travelling' });
    const endsAt = new Date(trial.endsAt.getTime() + 7 * DAY);
    expect(extended).toMatchObject({ id: trial.id, status: 'ACTIVE', extendedDays: 7, endsAt: endsAt.toISOString() });
    expect(await caller.licenses.trial({ licenseId: license.id })).toEqual(extended);
    expect(await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).toMatchObject({ trialEndsAt: endsAt, expiresAt: endsAt });
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ trialEndsAt: endsAt, nextRenewalAt: endsAt, status: 'TRIALING' });
    const audit = await ts.prisma.auditLog.findFirstOrThrow({ where: { action: 'licenses.extendTrial', targetId: license.id } });
    expect(audit).toMatchObject({ actorId: user.id, reason: 'Customer was travelling' });

    await renew(new Date(trial.endsAt.getTime() + 60_000));
    expect(await purchasesOf(subscription.id)).toBe(0);
    expect((await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).status).toBe('ACTIVE');
    await renew(new Date(endsAt.getTime() + 60_000));
    expect(await purchasesOf(subscription.id)).toBe(1);
    expect(await ts.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'ACTIVE', currentPeriodStart: endsAt, currentPeriodEnd: periodEnd(endsAt, 1) });
    // Converted: no longer extendable.
    await expect(caller.licenses.extendTrial({ licenseId: license.id, days: 3, reason: 'Too late now' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is denied to finance, refuses bad days and short reasons, and is NOT_FOUND for a license that never was a trial', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const { license } = await startTrial(plugin.id);
    const { caller: finance } = await callerAs(ts, ['FINANCE']);
    await expect(finance.licenses.extendTrial({ licenseId: license.id, days: 7, reason: 'Not my job' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { caller } = await callerAs(ts, ['SUPPORT']);
    await expect(caller.licenses.extendTrial({ licenseId: license.id, days: 31, reason: 'Too many days' })).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.licenses.extendTrial({ licenseId: license.id, days: 0, reason: 'No days at all' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.licenses.extendTrial({ licenseId: license.id, days: 3, reason: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { id: other } = await ts.prisma.license.findFirstOrThrow({ where: { trial: null }, select: { id: true } }).catch(async () => ({ id: 'lic_missing' }));
    await expect(caller.licenses.extendTrial({ licenseId: other, days: 3, reason: 'Not a trial license' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await caller.licenses.trial({ licenseId: other })).toBeNull();
    expect((await ts.prisma.trial.findUniqueOrThrow({ where: { licenseId: license.id } })).extendedDays).toBe(0);
  });
});
