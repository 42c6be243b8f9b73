/**
 * A buyer's purchase of a plugin: a Stripe customer and a PaymentIntent at the plugin's price,
 * as a destination charge to the creator's connected account (created lazily, Express) with the
 * platform's application fee. The Purchase row is stored PENDING before the PaymentIntent is
 * confirmed, so that its webhook always finds it; it becomes SUCCEEDED or FAILED only from the
 * webhook (stripe-events.ts). Every Stripe write carries an idempotency key derived from the
 * purchase id (itself derived from the client's Idempotency-Key header when one is sent).
 * A subscription plugin's first payment saves the card on the customer (`setup_future_usage:
 * off_session`) and names its billing interval in the metadata; the payment sync then creates
 * the Subscription (sync-subscription.ts) and renewals charge that card (subscriptions.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError, type PurchaseStatus } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { assertCreatorCanSell } from './connect-status.ts';

export interface CreatePurchaseInput {
  pluginId: string;
  buyerEmail: string;
  /** A Stripe test payment method, default pm_card_visa. */
  paymentMethod?: string;
  /** The client's Idempotency-Key: the same key returns the same purchase. */
  requestKey?: string;
}

export interface CreatedPurchase {
  purchaseId: string;
  paymentIntentId: string;
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

/**
 * Starts a purchase `{ pluginId, buyerEmail, paymentMethod?, requestKey? }` at the plugin's price
 * (minor units), stored PENDING; the webhook completes it.
 * @throws AppError NOT_FOUND when the plugin does not exist or is not published; CONFLICT when
 *   its creator cannot receive transfers yet (Stripe onboarding not done);
 *   PRECONDITION_FAILED without Stripe; UPSTREAM_FAILED when Stripe cannot be reached (retry
 *   with the same Idempotency-Key).
 */
export async function createPurchase(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>, input: CreatePurchaseInput): Promise<CreatedPurchase> {
  const stripe = requireStripe(deps);
  const { prisma } = deps;
  const purchaseId = input.requestKey ? purchaseIdFor(input.requestKey) : `pur_${randomUUID().replaceAll('-', '')}`;
  const existing = await prisma.purchase.findUnique({ where: { id: purchaseId } });
  if (existing) return { purchaseId, paymentIntentId: existing.paymentIntentId, amount: existing.amount, currency: existing.currency, applicationFeeAmount: existing.applicationFeeAmount, status: existing.status, paymentError: null };

  const plugin = await prisma.plugin.findFirst({ where: { id: input.pluginId, status: 'PUBLISHED' }, select: { id: true, name: true, creatorId: true, priceAmount: true, currency: true, pricingModel: true, billingInterval: true } });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No published plugin ${input.pluginId}`, field: 'pluginId' });
  const fee = platformFee(plugin.priceAmount, deps.config.platformFeePercent);
  try {
    const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
    await assertCreatorCanSell(deps, { creatorId: plugin.creatorId });
    const customer = await stripe.customers.create({ email: input.buyerEmail, metadata: { purchase_id: purchaseId } }, { idempotencyKey: `purchase:${purchaseId}:customer` });
    const isSubscription = plugin.pricingModel === 'SUBSCRIPTION';
    const metadata = { purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, ...(isSubscription ? { billing_interval: plugin.billingInterval ?? 'month' } : {}) };
    const pi = await stripe.paymentIntents.create(
      {
        amount: plugin.priceAmount, currency: plugin.currency, customer: customer.id, receipt_email: input.buyerEmail, description: plugin.name,
        application_fee_amount: fee, transfer_data: { destination }, payment_method: input.paymentMethod ?? 'pm_card_visa', metadata,
        ...(isSubscription ? { setup_future_usage: 'off_session' as const } : {}),
      },
      { idempotencyKey: `purchase:${purchaseId}:payment-intent` },
    );
    await prisma.purchase.create({
      data: {
        id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: input.buyerEmail, stripeCustomerId: customer.id,
        paymentIntentId: pi.id, amount: plugin.priceAmount, currency: plugin.currency, applicationFeeAmount: fee,
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
    return { purchaseId, paymentIntentId: pi.id, amount: plugin.priceAmount, currency: plugin.currency, applicationFeeAmount: fee, status: 'PENDING', paymentError };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UPSTREAM_FAILED', { message: `Stripe failed while creating purchase ${purchaseId}: ${(error as Error).message}`, userMessage: 'The payment provider did not answer; try again', cause: error });
  }
}
