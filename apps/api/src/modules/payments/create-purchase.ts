/**
 * A buyer's purchase of a plugin at the plugin's price, as a destination charge to the creator's
 * connected account (created lazily, Express) with the platform's application fee. Two ways:
 * - Checkout (the default): a Stripe customer and a Checkout Session (`mode: payment`,
 *   `payment_intent_data` with the fee, destination and metadata); the buyer pays on Stripe's
 *   hosted page (`checkoutUrl`). Stripe makes the PaymentIntent when the buyer pays, so until
 *   then the Purchase's `paymentIntentId` holds the session id (sync-checkout.ts links it).
 * - Server-side (`paymentMethod`, test keys only): a PaymentIntent confirmed at once with a test
 *   payment method, for scripts, the seed and tests.
 * The Purchase row is stored PENDING before anyone can pay, so that its webhook always finds it;
 * it becomes SUCCEEDED, FAILED or CANCELED only from the webhook (stripe-events.ts). Every Stripe write carries an idempotency key derived from the
 * purchase id (itself derived from the client's Idempotency-Key header when one is sent). The key
 * is bound to its first request's body (requestFingerprintOf): another body under it is refused.
 * A subscription plugin's first payment saves the card on the customer (`setup_future_usage:
 * off_session`) and names its billing interval in the metadata; the payment sync then creates
 * the Subscription (sync-subscription.ts) and renewals charge that card (subscriptions.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { AppError, type FreeLicenseOutput, type PurchaseStatus, type TierKey } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { chooseTier, isFreeOffer, issueFreeLicense } from '../pricing/index.ts';
import { assertCreatorCanSell } from './connect-status.ts';

export interface CreatePurchaseInput {
  pluginId: string;
  buyerEmail: string;
  /** Pay server-side with this Stripe test payment method (test keys only); without it, Checkout. */
  paymentMethod?: string;
  /** Checkout's success and cancel URLs; default config.checkoutSuccessUrl / checkoutCancelUrl. */
  successUrl?: string;
  cancelUrl?: string;
  /** The client's Idempotency-Key: the same key returns the same purchase. */
  requestKey?: string;
  /** The tier bought (required when the plugin has paid tiers); see chooseTier. */
  tier?: TierKey;
}

export interface CreatedPurchase {
  purchaseId: string;
  /** Null for a Checkout purchase the buyer has not paid yet. */
  paymentIntentId: string | null;
  /** The Checkout Session and its hosted page (null once it is complete or expired); null for a server-side payment. */
  checkoutSessionId: string | null;
  checkoutUrl: string | null;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** Platform fee, minor units. */
  applicationFeeAmount: number;
  /** PENDING until the webhook completes it. */
  status: PurchaseStatus;
  /** Stripe's decline message when the card was declined at confirmation. */
  paymentError: string | null;
}

/** The purchase id a client's Idempotency-Key stands for: the same key is the same purchase. */
export const purchaseIdFor = (requestKey: string) => `pur_${createHash('sha256').update(requestKey).digest('hex').slice(0, 24)}`;

/**
 * The fingerprint of a purchase request: SHA-256 (hex) of the canonical JSON of its parsed body
 * (keys sorted, absent fields null, except `tier`, present only when sent, so that fingerprints
 * stored before tiers existed still match their retries). An Idempotency-Key is bound to it, as Stripe binds a key to
 * its first request's parameters (docs.stripe.com/api/idempotent_requests). Stored on the
 * purchase's Stripe customer (`metadata.request_fingerprint`).
 */
export function requestFingerprintOf(input: Pick<CreatePurchaseInput, 'pluginId' | 'buyerEmail' | 'paymentMethod' | 'successUrl' | 'cancelUrl' | 'tier'>): string {
  const canonical = { buyerEmail: input.buyerEmail, cancelUrl: input.cancelUrl ?? null, paymentMethod: input.paymentMethod ?? null, pluginId: input.pluginId, successUrl: input.successUrl ?? null, ...(input.tier ? { tier: input.tier } : {}) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The answer to a key sent again with another body (Stripe's wording; Stripe answers 400 `idempotency_error`, Marketdesk 422). */
function keyReusedError(purchaseId: string, cause?: unknown): AppError {
  const userMessage = 'Keys for idempotent requests can only be used with the same parameters they were first used with: this Idempotency-Key was used for another request; send a new key for a different purchase';
  return new AppError('IDEMPOTENCY_KEY_REUSED', { message: `${userMessage} (purchase ${purchaseId})`, userMessage, field: 'Idempotency-Key', cause });
}

/** The platform's fee on `amount` minor units at `percent` %, rounded half up to a whole minor unit. */
export function platformFee(amount: number, percent: number): number {
  return Math.floor((amount * Math.round(percent * 10_000)) / 1_000_000 + 0.5);
}

/**
 * The connected account id (`acct_…`) of creator `input.creatorId`, creating an Express account
 * the first time (one per creator even under concurrent purchases: the idempotency key is the
 * creator's id).
 * @throws AppError PRECONDITION_FAILED without Stripe; Prisma's not-found error for an unknown
 *   creator; Stripe's errors.
 */
export async function ensureConnectedAccount(deps: Pick<AppDeps, 'prisma' | 'stripe'>, input: { creatorId: string }): Promise<string> {
  const stripe = requireStripe(deps);
  const { prisma } = deps;
  const { creatorId } = input;
  const creator = await prisma.creatorAccount.findUniqueOrThrow({ where: { id: creatorId }, select: { stripeAccountId: true, country: true, slug: true, user: { select: { email: true } } } });
  if (creator.stripeAccountId) return creator.stripeAccountId;
  const account = await stripe.accounts.create(
    { type: 'express', country: creator.country, email: creator.user?.email, metadata: { creator_id: creatorId, slug: creator.slug }, capabilities: { card_payments: { requested: true }, transfers: { requested: true } } },
    { idempotencyKey: `creator:${creatorId}:express-account` },
  );
  await prisma.creatorAccount.updateMany({ where: { id: creatorId, stripeAccountId: null }, data: { stripeAccountId: account.id, payoutsEnabled: account.payouts_enabled ?? false } });
  return account.id;
}

/** True for a live-mode Stripe key (`sk_live_…`, `rk_live_…`): real cards, real money. */
export const isLiveStripeKey = (key: string | undefined) => /^(sk|rk)_live_/.test(key ?? '');

/**
 * What `POST /v1/purchases` does: a FREE plugin, or a tier priced 0, is not bought — its license
 * is issued at once without any Stripe call (issueFreeLicense: no Purchase, no ledger posting)
 * and the answer is that license (`status: 'FREE'`); anything else is createPurchase. A request
 * whose Idempotency-Key already made a purchase goes to createPurchase, which answers that one.
 * @throws as createPurchase; INVALID_INPUT (field tier) for a tier the plugin does not sell.
 */
export async function createPurchaseOrFreeLicense(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, input: CreatePurchaseInput): Promise<CreatedPurchase | FreeLicenseOutput> {
  const { prisma } = deps;
  if (input.requestKey && (await prisma.purchase.findUnique({ where: { id: purchaseIdFor(input.requestKey) }, select: { id: true } }))) return createPurchase(deps, input);
  const offer = await findOffer(prisma, input);
  if (isFreeOffer(offer.plugin.pricingModel, offer.tier)) return issueFreeLicense(deps, { plugin: offer.plugin, tier: offer.tier, buyerEmail: input.buyerEmail });
  return createPurchase(deps, input);
}

/**
 * The published plugin `input.pluginId` and the tier `input.tier` of it that a request buys (chooseTier).
 * @throws AppError NOT_FOUND (field pluginId) for a plugin that does not exist or is not published; INVALID_INPUT (field tier).
 */
async function findOffer(prisma: AppDeps['prisma'], input: Pick<CreatePurchaseInput, 'pluginId' | 'tier'>) {
  const plugin = await prisma.plugin.findFirst({ where: { id: input.pluginId, status: 'PUBLISHED' }, select: { id: true, name: true, creatorId: true, priceAmount: true, currency: true, pricingModel: true, billingInterval: true } });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No published plugin ${input.pluginId}`, field: 'pluginId' });
  const tiers = await prisma.pluginTier.findMany({ where: { pluginId: plugin.id }, select: { id: true, key: true, name: true, priceAmount: true, entitlements: true, machineLimit: true } });
  return { plugin, tier: chooseTier(tiers, input.tier) };
}

/**
 * Starts a purchase `{ pluginId, buyerEmail, paymentMethod?, successUrl?, cancelUrl?, requestKey?, tier? }`
 * at the tier's price, or the plugin's when it has no tiers (minor units), stored PENDING with
 * its kind (SUBSCRIPTION for a subscription plugin, else ONE_TIME) and tier; the webhook
 * completes it. A free offer is refused (createPurchaseOrFreeLicense licenses it). Without
 * `paymentMethod` it answers the Checkout Session the buyer pays on. The same `requestKey`
 * answers the same purchase and session when the body is the same.
 * @throws AppError IDEMPOTENCY_KEY_REUSED (field Idempotency-Key) when `requestKey` was used with
 *   another body; INVALID_INPUT (field paymentMethod) for `paymentMethod` with a live key;
 *   NOT_FOUND when the plugin does not exist or is not published; INVALID_INPUT (field tier)
 *   for a tier the plugin does not sell, or none when it sells paid tiers, and for a free offer
 *   (nothing to pay); CONFLICT when its creator
 *   cannot receive transfers yet (Stripe onboarding not done); PRECONDITION_FAILED without
 *   Stripe; UPSTREAM_FAILED when Stripe cannot be reached (retry with the same Idempotency-Key).
 */
export async function createPurchase(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, input: CreatePurchaseInput): Promise<CreatedPurchase> {
  const { prisma } = deps;
  if (input.paymentMethod && isLiveStripeKey(deps.config.stripeSecretKey)) {
    throw new AppError('INVALID_INPUT', {
      message: 'paymentMethod pays server-side with a test payment method and is refused with a live Stripe key: leave it out and send the buyer to checkoutUrl',
      field: 'paymentMethod',
    });
  }
  const purchaseId = input.requestKey ? purchaseIdFor(input.requestKey) : `pur_${randomUUID().replaceAll('-', '')}`;
  const fingerprint = requestFingerprintOf(input);
  const existing = await prisma.purchase.findUnique({ where: { id: purchaseId } });
  if (existing) {
    const stripe = requireStripe(deps);
    await assertSameRequest(stripe, { purchase: existing, input, fingerprint });
    const sessionId = existing.checkoutSessionId;
    const checkoutUrl = sessionId ? await retrieveCheckoutUrl(stripe, sessionId, purchaseId) : null;
    return {
      purchaseId, paymentIntentId: existing.paymentIntentId === sessionId ? null : existing.paymentIntentId, checkoutSessionId: sessionId, checkoutUrl,
      amount: existing.amount, currency: existing.currency, applicationFeeAmount: existing.applicationFeeAmount, status: existing.status, paymentError: null,
    };
  }

  const { plugin, tier } = await findOffer(prisma, input);
  if (isFreeOffer(plugin.pricingModel, tier)) {
    throw new AppError('INVALID_INPUT', { message: `Plugin ${plugin.id}${tier ? ` tier ${tier.key}` : ''} is free: nothing to pay; its license is issued without a purchase`, field: input.tier ? 'tier' : 'pluginId' });
  }
  const stripe = requireStripe(deps);
  const isSubscription = plugin.pricingModel === 'SUBSCRIPTION';
  // What is sold: the tier, at the tier's price, or the plugin without tiers at its own.
  const sold = { name: tier ? `${plugin.name} ${tier.name}` : plugin.name, priceAmount: tier ? tier.priceAmount : plugin.priceAmount, currency: plugin.currency };
  const kind = isSubscription ? 'SUBSCRIPTION' as const : 'ONE_TIME' as const;
  const fee = platformFee(sold.priceAmount, deps.config.platformFeePercent);
  try {
    const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
    await assertCreatorCanSell(deps, { creatorId: plugin.creatorId });
    const customer = await stripe.customers.create({ email: input.buyerEmail, metadata: { purchase_id: purchaseId, request_fingerprint: fingerprint } }, { idempotencyKey: `purchase:${purchaseId}:customer` });
    const metadata = {
      purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, ...(tier ? { tier: tier.key } : {}),
      ...(isSubscription ? { billing_interval: plugin.billingInterval ?? 'month' } : {}),
    };
    if (!input.paymentMethod) {
      const session = await createCheckoutSession(stripe, { purchaseId, plugin: sold, fee, destination, customer: customer.id, buyerEmail: input.buyerEmail, metadata, isSubscription, successUrl: input.successUrl ?? deps.config.checkoutSuccessUrl, cancelUrl: input.cancelUrl ?? deps.config.checkoutCancelUrl });
      await prisma.purchase.create({
        data: {
          id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: input.buyerEmail, stripeCustomerId: customer.id,
          // Stripe makes the PaymentIntent when the buyer pays; the session id holds its place (unique) until sync-checkout links it.
          paymentIntentId: session.id, checkoutSessionId: session.id, amount: sold.priceAmount, currency: plugin.currency, applicationFeeAmount: fee,
          kind, tierId: tier?.id ?? null, createdAt: new Date(session.created * 1000),
        },
      });
      return { purchaseId, paymentIntentId: null, checkoutSessionId: session.id, checkoutUrl: session.url, amount: sold.priceAmount, currency: plugin.currency, applicationFeeAmount: fee, status: 'PENDING', paymentError: null };
    }
    const pi = await stripe.paymentIntents.create(
      {
        amount: sold.priceAmount, currency: plugin.currency, customer: customer.id, receipt_email: input.buyerEmail, description: sold.name,
        application_fee_amount: fee, transfer_data: { destination }, payment_method: input.paymentMethod, metadata,
        ...(isSubscription ? { setup_future_usage: 'off_session' as const } : {}),
      },
      { idempotencyKey: `purchase:${purchaseId}:payment-intent` },
    );
    await prisma.purchase.create({
      data: {
        id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: input.buyerEmail, stripeCustomerId: customer.id,
        paymentIntentId: pi.id, amount: sold.priceAmount, currency: plugin.currency, applicationFeeAmount: fee, kind, tierId: tier?.id ?? null,
        // Stripe's moment of the purchase, like every ledger posting (the emulator's clock when a seed backdates history).
        createdAt: new Date(pi.created * 1000),
      },
    });
    let paymentError: string | null = null;
    try {
      await stripe.paymentIntents.confirm(pi.id, {}, { idempotencyKey: `purchase:${purchaseId}:confirm` });
    } catch (error) {
      if ((error as { type?: string }).type !== 'StripeCardError') throw error;
      paymentError = (error as Error).message;
    }
    return { purchaseId, paymentIntentId: pi.id, checkoutSessionId: null, checkoutUrl: null, amount: sold.priceAmount, currency: plugin.currency, applicationFeeAmount: fee, status: 'PENDING', paymentError };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The same key sent concurrently with another body: Stripe refuses our derived key's second use.
    if ((error as { type?: string }).type === 'StripeIdempotencyError') throw keyReusedError(purchaseId, error);
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed while creating purchase ${purchaseId}: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again', cause: error });
  }
}

/**
 * The Checkout Session of purchase `input.purchaseId`: one line at the price of what is sold
 * (the plugin, or the plugin's tier, named "<plugin> <tier>"); its
 * PaymentIntent a destination charge with the application fee and the purchase's metadata. A
 * subscription plugin's first payment saves the card for Marketdesk's own off-session renewals
 * (`setup_future_usage: off_session` on the purchase's customer), as the server-side path does:
 * the renewals (modules/subscriptions) charge that card, so Checkout stays in `payment` mode.
 */
async function createCheckoutSession(stripe: Stripe, input: {
  purchaseId: string; plugin: { name: string; priceAmount: number; currency: string }; fee: number; destination: string; customer: string;
  buyerEmail: string; metadata: Record<string, string>; isSubscription: boolean; successUrl: string; cancelUrl: string;
}): Promise<Stripe.Checkout.Session> {
  const { purchaseId, plugin } = input;
  return stripe.checkout.sessions.create(
    {
      mode: 'payment', customer: input.customer, client_reference_id: purchaseId, metadata: input.metadata,
      line_items: [{ quantity: 1, price_data: { currency: plugin.currency, unit_amount: plugin.priceAmount, product_data: { name: plugin.name } } }],
      payment_intent_data: {
        application_fee_amount: input.fee, transfer_data: { destination: input.destination }, metadata: input.metadata, description: plugin.name,
        receipt_email: input.buyerEmail, ...(input.isSubscription ? { setup_future_usage: 'off_session' as const } : {}),
      },
      success_url: input.successUrl, cancel_url: input.cancelUrl,
    },
    { idempotencyKey: `purchase:${purchaseId}:checkout-session` },
  );
}

/**
 * Refuses a request that reuses the Idempotency-Key of `input.purchase` with another body: the
 * stored row's plugin, buyer and way of paying first, then the request fingerprint stored on its
 * Stripe customer (purchases made before fingerprints were stored have none; the row decides).
 * @throws AppError IDEMPOTENCY_KEY_REUSED for another body; UPSTREAM_FAILED when Stripe fails.
 */
async function assertSameRequest(stripe: Stripe, input: {
  purchase: { id: string; pluginId: string; buyerEmail: string; checkoutSessionId: string | null; stripeCustomerId: string | null };
  input: CreatePurchaseInput; fingerprint: string;
}): Promise<void> {
  const { purchase } = input;
  const isServerSide = Boolean(input.input.paymentMethod);
  if (purchase.pluginId !== input.input.pluginId || purchase.buyerEmail !== input.input.buyerEmail || (purchase.checkoutSessionId === null) !== isServerSide) {
    throw keyReusedError(purchase.id);
  }
  if (!purchase.stripeCustomerId) return;
  let customer: Stripe.Customer | Stripe.DeletedCustomer;
  try {
    customer = await stripe.customers.retrieve(purchase.stripeCustomerId);
  } catch (error) {
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed while reading purchase ${purchase.id}'s customer: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again', cause: error });
  }
  const stored = customer.deleted ? undefined : customer.metadata?.request_fingerprint;
  if (stored !== undefined && stored !== input.fingerprint) throw keyReusedError(purchase.id);
}

/** The hosted page of session `sessionId` (null once complete or expired). @throws AppError UPSTREAM_FAILED when Stripe fails. */
async function retrieveCheckoutUrl(stripe: Stripe, sessionId: string, purchaseId: string): Promise<string | null> {
  try {
    return (await stripe.checkout.sessions.retrieve(sessionId)).url;
  } catch (error) {
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed while reading purchase ${purchaseId}'s Checkout Session: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again', cause: error });
  }
}
