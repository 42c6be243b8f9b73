/**
 * A buyer's credit pack for one license (`POST /v1/credit-packs`): a Purchase of kind CREDIT_PACK
 * naming the license (`creditLicenseId`), paid by a PLATFORM charge — no `transfer_data`, no
 * `application_fee_amount`: the money stays in the platform's balance as a liability (the
 * license's credits, ledger CREDIT_LIABILITY) until usage spends it; the creator's share of used
 * credits reaches them later by a transfer (pay-credit-shares.ts). Like a plugin purchase
 * (create-purchase.ts): the row is stored PENDING before anyone can pay, Stripe writes carry keys
 * derived from the purchase id (from the client's Idempotency-Key, bound to its first body), and
 * the webhook's payment sync completes it and posts the ledger — it issues no license and starts
 * no subscription for a credit pack.
 * Packs are fixed per currency (packages/shared creditPackAmountsFor). The license must be ACTIVE
 * and not expired; a trial license may buy credits (they stay with the license, and unused
 * credits stay refundable if the trial lapses).
 */
import { createHash, randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { AppError, creditPackAmountsFor, formatMoney, isCreditPackAmount, type CreditPackCreateInput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { keyringFor, verifyLicenseToken } from '../licenses/index.ts';
import { isLiveStripeKey, purchaseIdFor, type CreatedPurchase } from './create-purchase.ts';

export interface CreateCreditPackInput extends CreditPackCreateInput {
  /** The client's Idempotency-Key: the same key (and body) answers the same credit pack. */
  requestKey?: string;
}

export interface CreatedCreditPack extends CreatedPurchase {
  licenseId: string;
}

/** The purchase id of a credit pack requested with `requestKey` (its own namespace: the same key on /v1/purchases is another purchase). */
export const creditPackPurchaseIdFor = (requestKey: string) => purchaseIdFor(`credit-pack:${requestKey}`);

/**
 * SHA-256 (hex) of the canonical JSON of a credit-pack request (keys sorted, absent fields null),
 * stored on its Stripe customer: an Idempotency-Key is bound to it, as Stripe binds a key to its
 * first request's parameters (docs.stripe.com/api/idempotent_requests).
 */
export function creditPackFingerprintOf(input: CreditPackCreateInput): string {
  const canonical = { cancelUrl: input.cancelUrl ?? null, licenseKey: input.licenseKey, packAmount: input.packAmount, paymentMethod: input.paymentMethod ?? null, successUrl: input.successUrl ?? null };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

const keyReused = (purchaseId: string) => {
  const userMessage = 'Keys for idempotent requests can only be used with the same parameters they were first used with: this Idempotency-Key was used for another request; send a new key for a different credit pack';
  return new AppError('IDEMPOTENCY_KEY_REUSED', { message: `${userMessage} (purchase ${purchaseId})`, userMessage, field: 'Idempotency-Key' });
};

const upstream = (purchaseId: string, error: unknown) => new AppError('UPSTREAM_FAILED', {
  message: `Stripe failed while creating credit pack ${purchaseId}: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again with the same Idempotency-Key', cause: error,
});

/**
 * Starts a credit pack `{ licenseKey, packAmount (minor units), paymentMethod?, successUrl?, cancelUrl?, requestKey? }`,
 * stored PENDING; the webhook completes it. Without `paymentMethod` it answers the Checkout
 * Session the buyer pays on.
 * @throws AppError NOT_FOUND (field licenseKey) for a key that does not verify or names no
 *   license; CONFLICT (field licenseKey) when the license is not ACTIVE or has expired;
 *   INVALID_INPUT (field packAmount) for an amount that is not a pack of the plugin's currency,
 *   (field paymentMethod) with a live key; IDEMPOTENCY_KEY_REUSED (field Idempotency-Key) for a
 *   key used with another body; PRECONDITION_FAILED without Stripe; UPSTREAM_FAILED when Stripe fails.
 */
export async function createCreditPack(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, input: CreateCreditPackInput): Promise<CreatedCreditPack> {
  const stripe = requireStripe(deps);
  const { prisma } = deps;
  if (input.paymentMethod && isLiveStripeKey(deps.config.stripeSecretKey)) {
    throw new AppError('INVALID_INPUT', { message: 'paymentMethod pays server-side with a test payment method and is refused with a live Stripe key: leave it out and send the buyer to checkoutUrl', field: 'paymentMethod' });
  }
  const purchaseId = input.requestKey ? creditPackPurchaseIdFor(input.requestKey) : `pur_${randomUUID().replaceAll('-', '')}`;
  const fingerprint = creditPackFingerprintOf(input);
  const existing = await prisma.purchase.findUnique({ where: { id: purchaseId } });
  if (existing) return answerExisting(stripe, existing, { fingerprint, isServerSide: Boolean(input.paymentMethod) });

  const license = await resolveLicense(deps, input.licenseKey);
  const { plugin } = license;
  if (!isCreditPackAmount(input.packAmount, plugin.currency)) {
    const packs = creditPackAmountsFor(plugin.currency).map((amount) => `${amount} (${formatMoney(amount, plugin.currency)})`).join(', ');
    throw new AppError('INVALID_INPUT', { message: `packAmount ${input.packAmount} is not a credit pack of ${plugin.currency.toUpperCase()}: choose one of ${packs} minor units`, field: 'packAmount' });
  }
  const metadata = { purchase_id: purchaseId, kind: 'credit_pack', license_id: license.id, plugin_id: plugin.id, creator_id: plugin.creatorId };
  const description = `Credits for ${plugin.name}`;
  try {
    const customer = await stripe.customers.create({ email: license.buyerEmail, metadata: { purchase_id: purchaseId, request_fingerprint: fingerprint } }, { idempotencyKey: `purchase:${purchaseId}:customer` });
    const row = { id: purchaseId, kind: 'CREDIT_PACK' as const, creditLicenseId: license.id, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: license.buyerEmail, stripeCustomerId: customer.id, amount: input.packAmount, currency: plugin.currency, applicationFeeAmount: 0 };
    const answer = { purchaseId, licenseId: license.id, amount: input.packAmount, currency: plugin.currency, applicationFeeAmount: 0, status: 'PENDING' as const };
    if (!input.paymentMethod) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment', customer: customer.id, client_reference_id: purchaseId, metadata,
          line_items: [{ quantity: 1, price_data: { currency: plugin.currency, unit_amount: input.packAmount, product_data: { name: description } } }],
          payment_intent_data: { metadata, description, receipt_email: license.buyerEmail },
          success_url: input.successUrl ?? deps.config.checkoutSuccessUrl, cancel_url: input.cancelUrl ?? deps.config.checkoutCancelUrl,
        },
        { idempotencyKey: `purchase:${purchaseId}:checkout-session` },
      );
      // The session id holds the PaymentIntent's place until sync-checkout links it (as create-purchase.ts).
      await prisma.purchase.create({ data: { ...row, paymentIntentId: session.id, checkoutSessionId: session.id, createdAt: new Date(session.created * 1000) } });
      return { ...answer, paymentIntentId: null, checkoutSessionId: session.id, checkoutUrl: session.url, paymentError: null };
    }
    const pi = await stripe.paymentIntents.create(
      { amount: input.packAmount, currency: plugin.currency, customer: customer.id, receipt_email: license.buyerEmail, description, payment_method: input.paymentMethod, metadata },
      { idempotencyKey: `purchase:${purchaseId}:payment-intent` },
    );
    await prisma.purchase.create({ data: { ...row, paymentIntentId: pi.id, createdAt: new Date(pi.created * 1000) } });
    let paymentError: string | null = null;
    try {
      await stripe.paymentIntents.confirm(pi.id, {}, { idempotencyKey: `purchase:${purchaseId}:confirm` });
    } catch (error) {
      if ((error as { type?: string }).type !== 'StripeCardError') throw error;
      paymentError = (error as Error).message;
    }
    return { ...answer, paymentIntentId: pi.id, checkoutSessionId: null, checkoutUrl: null, paymentError };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { type?: string }).type === 'StripeIdempotencyError') throw keyReused(purchaseId);
    throw upstream(purchaseId, error);
  }
}

/**
 * The license `licenseKey` names, if the key verifies and the license may buy credits now.
 * @throws AppError NOT_FOUND (field licenseKey), CONFLICT (field licenseKey) when not ACTIVE or expired.
 */
async function resolveLicense(deps: Pick<AppDeps, 'prisma' | 'config' | 'clock'>, licenseKey: string) {
  const now = deps.clock.now();
  const verified = await verifyLicenseToken(licenseKey, keyringFor(deps), deps.config.licenseIssuer, now);
  const notFound = new AppError('NOT_FOUND', { message: 'No such license: licenseKey is not a valid license key', field: 'licenseKey' });
  if (!verified.ok) {
    if (verified.code === 'EXPIRED') throw new AppError('CONFLICT', { message: 'The license has expired: credits cannot be bought for it', field: 'licenseKey' });
    throw notFound;
  }
  const license = await deps.prisma.license.findUnique({
    where: { keyId: verified.claims.jti },
    select: { id: true, status: true, expiresAt: true, buyerEmail: true, plugin: { select: { id: true, name: true, creatorId: true, currency: true } } },
  });
  if (!license || license.id !== verified.claims.sub || license.plugin.id !== verified.claims.aud) throw notFound;
  if (license.status !== 'ACTIVE') throw new AppError('CONFLICT', { message: `The license is ${license.status.toLowerCase()}: credits can be bought for an active license only`, field: 'licenseKey' });
  if (license.expiresAt && license.expiresAt <= now) throw new AppError('CONFLICT', { message: `The license expired on ${license.expiresAt.toISOString().slice(0, 10)}: credits cannot be bought for it`, field: 'licenseKey' });
  return license;
}

/**
 * The answer for a credit pack already started under the same Idempotency-Key: refused when the
 * body differs (the fingerprint on its Stripe customer, and the way of paying).
 * @throws AppError IDEMPOTENCY_KEY_REUSED; UPSTREAM_FAILED when Stripe fails.
 */
async function answerExisting(
  stripe: Stripe,
  existing: { id: string; kind: string; creditLicenseId: string | null; stripeCustomerId: string | null; checkoutSessionId: string | null; paymentIntentId: string; amount: number; currency: string; status: CreatedPurchase['status'] },
  request: { fingerprint: string; isServerSide: boolean },
): Promise<CreatedCreditPack> {
  if (existing.kind !== 'CREDIT_PACK' || !existing.creditLicenseId || (existing.checkoutSessionId === null) !== request.isServerSide) throw keyReused(existing.id);
  let checkoutUrl: string | null = null;
  try {
    if (existing.stripeCustomerId) {
      const customer = await stripe.customers.retrieve(existing.stripeCustomerId);
      const stored = customer.deleted ? undefined : customer.metadata?.request_fingerprint;
      if (stored !== undefined && stored !== request.fingerprint) throw keyReused(existing.id);
    }
    if (existing.checkoutSessionId) checkoutUrl = (await stripe.checkout.sessions.retrieve(existing.checkoutSessionId)).url;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw upstream(existing.id, error);
  }
  const sessionId = existing.checkoutSessionId;
  return {
    purchaseId: existing.id, licenseId: existing.creditLicenseId, paymentIntentId: existing.paymentIntentId === sessionId ? null : existing.paymentIntentId, checkoutSessionId: sessionId, checkoutUrl,
    amount: existing.amount, currency: existing.currency, applicationFeeAmount: 0, status: existing.status, paymentError: null,
  };
}
