/**
 * `POST /v1/trials`: a buyer starts a trial of a plugin's paid tier (the tier's `trialDays`), as
 * Stripe's trial subscriptions do — the card is saved now (a SetupIntent, `usage: off_session`;
 * nothing is charged) and charged for period 1 when the trial ends (subscriptions/trials-renewal.ts).
 * Two ways, as purchases:
 * - server-side (`paymentMethod`, test keys only): a SetupIntent confirmed at once; the trial
 *   opens now and the answer carries the license key (usable at once);
 * - Checkout in `mode: setup` (the default): the buyer saves a card at `checkoutUrl`; the
 *   `checkout.session.completed` webhook opens the trial (complete-trial-setup.ts).
 * Every Stripe write carries an idempotency key derived from the trial id, itself derived from
 * the client's Idempotency-Key when one is sent, so a retried request opens nothing twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError, type TierKey, type TrialStartInput, type TrialStartOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { renderLicenseKey } from '../licenses/index.ts';
import { existingTrialConflict, openTrial } from './open-trial.ts';

/** The trial id a client's Idempotency-Key stands for: the same key is the same trial. */
export const trialIdFor = (requestKey: string) => `trial_${createHash('sha256').update(`trial:${requestKey}`).digest('hex').slice(0, 24)}`;

const isLiveStripeKey = (key: string | undefined) => /^(sk|rk)_live_/.test(key ?? '');

type TrialDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>;

const LICENSE_SELECT = { id: true, keyId: true, pluginId: true, entitlements: true, machineLimit: true, issuedAt: true, expiresAt: true, signingKid: true } as const;

/** Stripe metadata of a trial's customer, SetupIntent and Checkout Session: what opening it needs. */
export interface TrialMetadata { trial_id: string; plugin_id: string; tier_id: string; buyer_email: string; fingerprint: string }

/**
 * Starts trial `input` (`{ pluginId, tier, buyerEmail, fingerprint, paymentMethod?, successUrl?,
 * cancelUrl?, requestKey? }`) of a published SUBSCRIPTION plugin's paid tier that offers one
 * (trialDays > 0, priceAmount > 0). The buyer email is compared lowercased.
 * @returns status ACTIVE with the license key and trial end, or PENDING_SETUP with the Checkout
 *   page where the buyer saves a card (the license is issued when that completes).
 * @throws AppError NOT_FOUND (field pluginId) for an unknown or unpublished plugin; INVALID_INPUT
 *   (field tier) for a tier the plugin lacks, a free tier or one without a trial, (field pluginId)
 *   for a plugin not sold by subscription, (field paymentMethod) for a declined card or a
 *   paymentMethod with a live key; CONFLICT (field buyerEmail or fingerprint) when the email or
 *   the machine already had a trial of the plugin; IDEMPOTENCY_KEY_REUSED when `requestKey` was
 *   used with another body; UPSTREAM_FAILED when Stripe fails; PRECONDITION_FAILED without Stripe.
 */
export async function startTrial(deps: TrialDeps, input: TrialStartInput & { requestKey?: string }): Promise<TrialStartOutput> {
  const { prisma } = deps;
  if (input.paymentMethod && isLiveStripeKey(deps.config.stripeSecretKey)) {
    throw new AppError('INVALID_INPUT', { message: 'paymentMethod saves a test payment method server-side and is refused with a live Stripe key: leave it out and send the buyer to checkoutUrl', field: 'paymentMethod' });
  }
  const buyerEmail = input.buyerEmail.trim().toLowerCase();
  const trialId = input.requestKey ? trialIdFor(input.requestKey) : `trial_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const plugin = await prisma.plugin.findFirst({ where: { id: input.pluginId, status: 'PUBLISHED' }, select: { id: true, name: true, currency: true, pricingModel: true } });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No published plugin ${input.pluginId}`, field: 'pluginId' });
  const tier = await prisma.pluginTier.findUnique({ where: { pluginId_key: { pluginId: plugin.id, key: input.tier } }, select: { id: true, key: true, name: true, priceAmount: true, entitlements: true, machineLimit: true, trialDays: true } });
  if (!tier) throw new AppError('INVALID_INPUT', { message: `tier ${input.tier}: plugin ${plugin.id} has no such tier`, field: 'tier' });
  const answer = (fields: Pick<TrialStartOutput, 'status' | 'licenseId' | 'licenseKey' | 'trialEndsAt' | 'checkoutSessionId' | 'checkoutUrl'>): TrialStartOutput => ({
    ...fields, trialId, pluginId: plugin.id, tier: tier.key as TierKey, trialDays: tier.trialDays, amount: tier.priceAmount, currency: plugin.currency,
  });

  const opened = await prisma.trial.findUnique({ where: { id: trialId }, select: { pluginId: true, tierId: true, buyerEmail: true, fingerprint: true, endsAt: true, license: { select: LICENSE_SELECT } } });
  if (opened) {
    if (opened.pluginId !== plugin.id || opened.tierId !== tier.id || opened.buyerEmail !== buyerEmail || opened.fingerprint !== input.fingerprint) throw keyReusedError(trialId);
    return answer({ status: 'ACTIVE', licenseId: opened.license.id, licenseKey: await renderLicenseKey(deps, opened.license), trialEndsAt: opened.endsAt.toISOString(), checkoutSessionId: null, checkoutUrl: null });
  }
  if (plugin.pricingModel !== 'SUBSCRIPTION') throw new AppError('INVALID_INPUT', { message: `Plugin ${plugin.id} is not sold by subscription: a trial converts into a subscription`, field: 'pluginId' });
  if (tier.priceAmount <= 0) throw new AppError('INVALID_INPUT', { message: `tier ${tier.key} is free: license it through POST /v1/purchases instead of a trial`, field: 'tier' });
  if (tier.trialDays <= 0) throw new AppError('INVALID_INPUT', { message: `tier ${tier.key} of plugin ${plugin.id} offers no trial`, field: 'tier' });
  const conflict = await existingTrialConflict(prisma, { pluginId: plugin.id, buyerEmail, fingerprint: input.fingerprint });
  if (conflict) throw conflict;

  const stripe = requireStripe(deps);
  const metadata: TrialMetadata = { trial_id: trialId, plugin_id: plugin.id, tier_id: tier.id, buyer_email: buyerEmail, fingerprint: input.fingerprint };
  try {
    const customer = await stripe.customers.create({ email: buyerEmail, metadata: { ...metadata } }, { idempotencyKey: `trial:${trialId}:customer` });
    if (!input.paymentMethod) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'setup', currency: plugin.currency, customer: customer.id, client_reference_id: trialId, metadata: { ...metadata }, setup_intent_data: { metadata: { ...metadata } },
          success_url: input.successUrl ?? deps.config.checkoutSuccessUrl, cancel_url: input.cancelUrl ?? deps.config.checkoutCancelUrl,
        },
        { idempotencyKey: `trial:${trialId}:checkout-session` },
      );
      return answer({ status: 'PENDING_SETUP', licenseId: null, licenseKey: null, trialEndsAt: null, checkoutSessionId: session.id, checkoutUrl: session.url });
    }
    const setupIntent = await stripe.setupIntents.create(
      { customer: customer.id, payment_method: input.paymentMethod, confirm: true, usage: 'off_session', metadata: { ...metadata } },
      { idempotencyKey: `trial:${trialId}:setup-intent` },
    );
    const { licenseId, endsAt } = await openTrial(prisma, {
      trialId, pluginId: plugin.id, tier, buyerEmail, fingerprint: input.fingerprint, stripeCustomerId: customer.id,
      stripePaymentMethodId: setupIntent.payment_method as string, startedAt: new Date(setupIntent.created * 1000),
    });
    const license = await prisma.license.findUniqueOrThrow({ where: { id: licenseId }, select: LICENSE_SELECT });
    return answer({ status: 'ACTIVE', licenseId, licenseKey: await renderLicenseKey(deps, license), trialEndsAt: endsAt.toISOString(), checkoutSessionId: null, checkoutUrl: null });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const type = (error as { type?: string }).type;
    if (type === 'StripeCardError') throw new AppError('INVALID_INPUT', { message: `The card could not be saved for the trial: ${(error as Error).message}`, field: 'paymentMethod', cause: error });
    if (type === 'StripeIdempotencyError') throw keyReusedError(trialId, error);
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed while starting trial ${trialId}: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again', cause: error });
  }
}

function keyReusedError(trialId: string, cause?: unknown): AppError {
  const userMessage = 'This Idempotency-Key was used for another trial request; send a new key for a different trial';
  return new AppError('IDEMPOTENCY_KEY_REUSED', { message: `${userMessage} (trial ${trialId})`, userMessage, field: 'Idempotency-Key', cause });
}
