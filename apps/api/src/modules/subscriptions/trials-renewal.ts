/**
 * The end of a trial, in the renewal job and the payment sync (Stripe's trial subscriptions:
 * docs.stripe.com/billing/subscriptions/trials — the saved card is charged at `trial_end`):
 * - the renewal job (subscriptions.ts) charges a TRIALING subscription due at its trial end for
 *   period 1, off-session, at its tier's price: a Purchase of kind SUBSCRIPTION with the tier,
 *   a destination charge with the platform fee like any renewal, same idempotency keys;
 * - the payment sync applies the outcome (applyTrialPayment): paid → ACTIVE, period 1 from the
 *   trial end, the Trial CONVERTED, the license's expiry following the subscription (its
 *   trialEndsAt kept for history); declined → the trial ends unpaid.
 * Our choice, unlike paid renewals (RENEWAL_RETRY_DAYS): a trial's charge is not retried. The buyer
 * never paid, so there is no paid period to keep alive while retrying; a declined (or missing)
 * card ends the trial at once: Subscription CANCELED ('trial ended unpaid'), Trial EXPIRED,
 * License EXPIRED with a reason naming the trial. Exactly-once under concurrent runs as renewals:
 * the claim (FOR UPDATE SKIP LOCKED + lease), deterministic Stripe keys, the row lock in the sync.
 */
import type Stripe from 'stripe';
import type { Prisma } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { ensureConnectedAccount, platformFee, syncPurchase } from '../payments/index.ts';
import type { RenewalDeps } from './subscriptions.ts';
import { licenseExpiryFor, periodEnd, updateSubscriptionLicenses, type SubscriptionPayment } from './sync-subscription.ts';

/** Subscription.cancelReason of a trial that ended without a payment. */
export const TRIAL_ENDED_UNPAID = 'trial ended unpaid';

/** The renewal Purchase id of period 1 (the trial's conversion); the same scheme as renewalPurchaseIdFor. */
type PurchaseIdFor = (subscriptionId: string, period: number) => string;

/**
 * Charges TRIALING subscription `sub` for period 1 at its tier's price (the tier's price now),
 * then syncs the payment, which converts or ends the trial. Without a saved card, or when support
 * set it to cancel at period end, the trial ends now without a charge.
 * @returns 'charged', or 'canceled' when the trial ended without a charge.
 * @throws Stripe's errors other than a card decline (the job counts it failed and retries once the claim lapses).
 */
export async function renewTrial(
  deps: RenewalDeps, stripe: Stripe, sub: { id: string; buyerEmail: string; pluginId: string; tierId: string | null; cancelAtPeriodEnd: boolean; stripeCustomerId: string | null; stripePaymentMethodId: string | null },
  input: { now: Date; purchaseIdFor: PurchaseIdFor },
): Promise<'charged' | 'canceled'> {
  const { prisma } = deps;
  if (sub.cancelAtPeriodEnd || !sub.stripeCustomerId || !sub.stripePaymentMethodId || !sub.tierId) {
    const why = sub.cancelAtPeriodEnd ? 'canceled before the trial ended' : 'no card was saved';
    await prisma.$transaction((tx) => endTrialUnpaid(tx, { subscriptionId: sub.id, why, at: input.now, isCanceled: sub.cancelAtPeriodEnd }));
    return 'canceled';
  }
  const purchaseId = input.purchaseIdFor(sub.id, 1);
  const key = `subscription:${sub.id}:period:1`;
  let purchase = await prisma.purchase.findUnique({ where: { id: purchaseId }, select: { paymentIntentId: true } });
  if (!purchase) {
    const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: sub.pluginId }, select: { id: true, name: true, creatorId: true, currency: true } });
    const tier = await prisma.pluginTier.findUniqueOrThrow({ where: { id: sub.tierId }, select: { id: true, key: true, name: true, priceAmount: true } });
    const trial = await prisma.trial.findUnique({ where: { subscriptionId: sub.id }, select: { id: true } });
    const fee = platformFee(tier.priceAmount, deps.config.platformFeePercent);
    const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
    // Created unconfirmed and stored before it is charged, so that its webhook always finds the purchase.
    const pi = await stripe.paymentIntents.create(
      {
        amount: tier.priceAmount, currency: plugin.currency, customer: sub.stripeCustomerId, receipt_email: sub.buyerEmail, description: `${plugin.name} ${tier.name} (trial converted, period 1)`,
        application_fee_amount: fee, transfer_data: { destination }, payment_method: sub.stripePaymentMethodId,
        metadata: { purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, subscription_id: sub.id, subscription_period: '1', tier: tier.key, ...(trial ? { trial_id: trial.id } : {}) },
      },
      { idempotencyKey: `${key}:payment-intent` },
    );
    await prisma.purchase.createMany({
      data: [{
        id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: sub.buyerEmail, stripeCustomerId: sub.stripeCustomerId, paymentIntentId: pi.id,
        amount: tier.priceAmount, currency: plugin.currency, applicationFeeAmount: fee, subscriptionId: sub.id, kind: 'SUBSCRIPTION', tierId: tier.id, createdAt: new Date(pi.created * 1000),
      }],
      skipDuplicates: true,
    });
    purchase = { paymentIntentId: pi.id };
  }
  try {
    await stripe.paymentIntents.confirm(purchase.paymentIntentId, { payment_method: sub.stripePaymentMethodId, off_session: true }, { idempotencyKey: `${key}:attempt:1:confirm` });
  } catch (error) {
    if ((error as { type?: string }).type !== 'StripeCardError') throw error;
  }
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
  return 'charged';
}

/** True for the payment of a trial's conversion (period 1 of a subscription that began as a trial). */
export const isTrialPayment = (pi: Stripe.PaymentIntent) => Boolean(pi.metadata?.subscription_id) && pi.metadata?.subscription_period === '1';

/**
 * Applies the conversion payment `payment` of a trial, with `tx` under the purchase's row lock
 * (sync-subscription.ts calls it): paid → the subscription ACTIVE for period 1 [trial end, +1
 * month), its license ACTIVE with the period's expiry (+ grace), the Trial CONVERTED; a declined
 * charge → endTrialUnpaid. Idempotent: a subscription no longer TRIALING is left alone.
 */
export async function applyTrialPayment(tx: Prisma.TransactionClient, payment: SubscriptionPayment): Promise<void> {
  const { pi, charge } = payment;
  const subscriptionId = pi.metadata!.subscription_id!;
  const isPaid = pi.status === 'succeeded' && charge?.status === 'succeeded';
  if (!isPaid) {
    if (payment.failedCharges > 0) {
      const at = charge ? new Date(charge.created * 1000) : payment.now;
      await endTrialUnpaid(tx, { subscriptionId, why: `the card was declined: ${pi.last_payment_error?.message ?? 'declined'}`, at, isCanceled: false });
    }
    return;
  }
  const paidAt = new Date(charge!.created * 1000);
  await tx.$queryRaw`SELECT id FROM "Subscription" WHERE id = ${subscriptionId} FOR UPDATE`;
  const sub = await tx.subscription.findUnique({ where: { id: subscriptionId }, select: { id: true, status: true, periodNumber: true, billingAnchor: true, currentPeriodEnd: true, trialEndsAt: true } });
  if (!sub || sub.status !== 'TRIALING' || sub.periodNumber >= 1) return;
  const start = sub.trialEndsAt ?? sub.currentPeriodEnd;
  const end = periodEnd(sub.billingAnchor ?? start, 1);
  await tx.subscription.update({
    where: { id: sub.id },
    data: { status: 'ACTIVE', periodNumber: 1, billingAnchor: start, currentPeriodStart: start, currentPeriodEnd: end, nextRenewalAt: end, failedRenewalAttempts: 0 },
  });
  const trial = await tx.trial.findUnique({ where: { subscriptionId }, select: { id: true, status: true } });
  const reason = `Trial ${trial?.id ?? subscriptionId} converted: period 1 paid ${paidAt.toISOString()}`;
  await updateSubscriptionLicenses(tx, { subscriptionId, expiresAt: licenseExpiryFor(end), status: 'ACTIVE', reason, at: paidAt });
  if (trial?.status === 'ACTIVE') {
    await tx.trial.update({ where: { id: trial.id }, data: { status: 'CONVERTED', convertedAt: paidAt } });
    await writeSystemAudit(tx, { action: 'trials.converted', targetType: 'Subscription', targetId: subscriptionId, reason, before: { status: 'TRIALING' }, after: { status: 'ACTIVE', periodEnd: end } });
  }
}

/**
 * Ends TRIALING subscription `input.subscriptionId` without a payment, with `tx`: Subscription
 * CANCELED (cancelReason TRIAL_ENDED_UNPAID and why), Trial EXPIRED (CANCELED when `isCanceled`:
 * support canceled it before its end), License EXPIRED with a status reason naming the trial (the
 * license API's EXPIRED answer), audited as the system. Idempotent.
 */
export async function endTrialUnpaid(tx: Prisma.TransactionClient, input: { subscriptionId: string; why: string; at: Date; isCanceled: boolean }): Promise<void> {
  const { subscriptionId, at } = input;
  await tx.$queryRaw`SELECT id FROM "Subscription" WHERE id = ${subscriptionId} FOR UPDATE`;
  const sub = await tx.subscription.findUnique({ where: { id: subscriptionId }, select: { status: true, trialEndsAt: true, currentPeriodEnd: true } });
  if (!sub || sub.status !== 'TRIALING') return;
  const trial = await tx.trial.findUnique({ where: { subscriptionId }, select: { id: true, status: true } });
  const trialName = `Trial ${trial?.id ?? subscriptionId}`;
  const reason = `${trialName} ended unpaid on ${(sub.trialEndsAt ?? at).toISOString().slice(0, 10)}: ${input.why}`;
  await tx.subscription.update({ where: { id: subscriptionId }, data: { status: 'CANCELED', nextRenewalAt: null, canceledAt: at, cancelReason: `${TRIAL_ENDED_UNPAID}: ${input.why}` } });
  if (trial?.status === 'ACTIVE') await tx.trial.update({ where: { id: trial.id }, data: { status: input.isCanceled ? 'CANCELED' : 'EXPIRED', endedAt: at } });
  await updateSubscriptionLicenses(tx, { subscriptionId, expiresAt: sub.trialEndsAt ?? sub.currentPeriodEnd, status: 'EXPIRED', reason, at });
  await writeSystemAudit(tx, { action: 'trials.expired', targetType: 'Subscription', targetId: subscriptionId, reason, before: { status: 'TRIALING' }, after: { status: 'CANCELED', trial: input.isCanceled ? 'CANCELED' : 'EXPIRED' } });
}
