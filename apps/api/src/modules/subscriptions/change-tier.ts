/**
 * A subscription's tier change, prorated as Stripe does (packages/shared prorateTierChange,
 * docs.stripe.com/billing/subscriptions/prorations):
 * - upgrade (net > 0): the net is charged now, off-session on the saved card, as a destination
 *   charge with the platform fee — a Purchase of kind SUBSCRIPTION with tierId = the new tier,
 *   the subscription, and PaymentIntent metadata `tier_change`. The subscription and its license
 *   move to the new tier only when the payment sync sees the charge succeed
 *   (sync-subscription.ts); a declined upgrade changes nothing. Any proration credit the
 *   subscription holds stays for the next renewal (Stripe would apply the customer balance to the
 *   proration invoice; ours is only ever taken off renewals).
 * - downgrade (net ≤ 0), or an upgrade whose net is below Stripe's minimum charge: applied at once;
 *   prorationCreditAmount += −net (a tiny upgrade's net is carried as a negative credit, owed at
 *   the next renewal), taken off the next renewal (renewalAmount).
 * Stripe first with a deterministic idempotency key, then the Purchase row and the audit row in
 * one transaction, as renewals do; the PaymentIntent is stored before it is confirmed, so its
 * webhook always finds the purchase.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { AppError, isPaidPurchase, minimumChargeAmount, prorateTierChange, type TierChangeResult, type TierKey } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { writeAudit, writeSystemAudit, type Actor } from '../audit/index.ts';
import { ensureConnectedAccount, platformFee, syncPurchase } from '../payments/index.ts';
import { moveSubscriptionToTier } from './tier-licenses.ts';

export type ChangeTierDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>;

export interface ChangeTierInput {
  subscriptionId: string;
  tier: TierKey;
  /** The staff member (console); absent for the buyer's own change through the public API. */
  actor?: Actor;
  /** Why (console, audited); the public API records "Changed by the buyer". */
  reason?: string;
  /** The client's Idempotency-Key (public API): the same key is the same upgrade charge. */
  requestKey?: string;
  /** When the change takes effect (Stripe's clock); default deps.clock.now(). */
  at?: Date;
}

/** The deterministic Purchase id of an upgrade charge keyed by `key`. */
export const tierChangePurchaseIdFor = (key: string) => `pur_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * Changes subscription `input.subscriptionId` to its plugin's tier `input.tier` (see the file's header).
 * @returns the proration and what happened: a downgrade is applied; an upgrade is applied only
 *   when its charge succeeded (`isApplied`), else `purchaseStatus` FAILED with `paymentError`.
 * @throws AppError NOT_FOUND for an unknown subscription; INVALID_INPUT (field `tier`) when the
 *   plugin has no such tier or the subscription is already on it; CONFLICT when the subscription
 *   is not ACTIVE (trialing, past due, canceled) or is set to cancel, or it has no saved card to
 *   charge an upgrade; PRECONDITION_FAILED without Stripe (upgrade).
 */
export async function changeSubscriptionTier(deps: ChangeTierDeps, input: ChangeTierInput): Promise<TierChangeResult> {
  const { prisma } = deps;
  const at = input.at ?? deps.clock.now();
  const found = await prisma.subscription.findUnique({
    where: { id: input.subscriptionId },
    select: {
      id: true, status: true, cancelAtPeriodEnd: true, pluginId: true, tierId: true, buyerEmail: true, periodNumber: true, currentPeriodStart: true, currentPeriodEnd: true,
      prorationCreditAmount: true, stripeCustomerId: true, stripePaymentMethodId: true,
    },
  });
  if (!found) throw new AppError('NOT_FOUND', { message: `No subscription ${input.subscriptionId}` });
  const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: found.pluginId }, select: { id: true, name: true, creatorId: true, priceAmount: true, currency: true } });
  const current = found.tierId ? await prisma.pluginTier.findUnique({ where: { id: found.tierId }, select: { key: true, priceAmount: true } }) : null;
  const sub = { ...found, plugin, tier: current };
  if (sub.status !== 'ACTIVE' || sub.cancelAtPeriodEnd) {
    const state = sub.cancelAtPeriodEnd ? 'set to cancel at period end' : sub.status.toLowerCase();
    throw new AppError('CONFLICT', { message: `Subscription ${sub.id} is ${state}: only an active subscription changes tier`, userMessage: `This subscription is ${state.replace('_', ' ')}; only an active subscription can change tier` });
  }
  const tier = await prisma.pluginTier.findUnique({ where: { pluginId_key: { pluginId: sub.pluginId, key: input.tier } }, select: { id: true, key: true, priceAmount: true } });
  if (!tier) throw new AppError('INVALID_INPUT', { message: `tier: plugin ${sub.pluginId} has no tier ${input.tier}`, userMessage: `This plugin has no ${input.tier} tier`, field: 'tier' });
  if (tier.id === sub.tierId) throw new AppError('INVALID_INPUT', { message: `tier: subscription ${sub.id} is already on tier ${input.tier}`, userMessage: `The subscription is already on the ${input.tier} tier`, field: 'tier' });
  const { currency } = sub.plugin;
  const proration = prorateTierChange({
    oldAmount: sub.tier?.priceAmount ?? sub.plugin.priceAmount, newAmount: tier.priceAmount, periodStart: sub.currentPeriodStart, periodEnd: sub.currentPeriodEnd, changeAt: clampTo(at, sub.currentPeriodStart, sub.currentPeriodEnd), currency,
  });
  const base = { subscriptionId: sub.id, fromTier: sub.tier?.key ?? null, toTier: input.tier, currency, ...proration };
  const reason = input.reason ?? 'Changed by the buyer';
  const audit = { action: 'subscriptions.changeTier', targetType: 'Subscription', targetId: sub.id, reason, before: { tierId: sub.tierId, prorationCreditAmount: sub.prorationCreditAmount } };

  if (proration.net < minimumChargeAmount(currency)) {
    const credit = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Subscription" WHERE id = ${sub.id} FOR UPDATE`;
      const locked = await tx.subscription.findUniqueOrThrow({ where: { id: sub.id }, select: { tierId: true, status: true } });
      if (locked.tierId !== sub.tierId || locked.status !== 'ACTIVE') throw new AppError('CONFLICT', { message: `Subscription ${sub.id} changed while its tier change was prepared`, userMessage: 'The subscription changed meanwhile; reload and try again' });
      const { licenses } = await moveSubscriptionToTier(tx, { subscriptionId: sub.id, tierId: tier.id, creditDelta: -proration.net });
      const after = await tx.subscription.findUniqueOrThrow({ where: { id: sub.id }, select: { tierId: true, prorationCreditAmount: true } });
      const record = { ...audit, before: { ...audit.before, licenses }, after: { ...after, net: proration.net } };
      if (input.actor) await writeAudit(tx, { ...record, actor: input.actor });
      else await writeSystemAudit(tx, record);
      return after.prorationCreditAmount;
    });
    return { ...base, direction: proration.net > 0 ? 'UPGRADE' : 'DOWNGRADE', purchaseId: null, purchaseStatus: null, paymentError: null, isApplied: true, prorationCreditAmount: credit };
  }
  return chargeUpgrade(deps, requireStripe(deps), { sub, tier, proration, input, audit, base });
}

const clampTo = (at: Date, start: Date, end: Date) => new Date(Math.min(Math.max(at.getTime(), start.getTime()), end.getTime()));

interface UpgradeContext {
  sub: { id: string; tierId: string | null; buyerEmail: string; periodNumber: number; prorationCreditAmount: number; stripeCustomerId: string | null; stripePaymentMethodId: string | null; plugin: { id: string; name: string; creatorId: string; currency: string } };
  tier: { id: string; key: string };
  proration: { net: number };
  input: ChangeTierInput;
  audit: { action: string; targetType: string; targetId: string; reason: string; before: object };
  base: Omit<TierChangeResult, 'direction' | 'purchaseId' | 'purchaseStatus' | 'paymentError' | 'isApplied' | 'prorationCreditAmount'>;
}

/** The upgrade's charge: one Purchase per idempotency key (the client's, else the subscription, period, tiers and attempt). */
async function chargeUpgrade(deps: ChangeTierDeps, stripe: Stripe, { sub, tier, proration, input, audit, base }: UpgradeContext): Promise<TierChangeResult> {
  const { prisma } = deps;
  if (!sub.stripeCustomerId || !sub.stripePaymentMethodId) throw new AppError('CONFLICT', { message: `Subscription ${sub.id} has no saved card to charge the upgrade`, userMessage: 'This subscription has no saved card to charge the upgrade' });
  const { plugin } = sub;
  const transition = `subscription:${sub.id}:period:${sub.periodNumber}:tier:${sub.tierId ?? 'none'}->${tier.id}`;
  // Without a client key, a declined attempt is followed by a new one (a new purchase); a double click replays the same.
  const key = input.requestKey ? `tier-change:${sub.id}:${input.requestKey}` : await upgradeAttemptKey(prisma, transition);
  const purchaseId = tierChangePurchaseIdFor(key);
  let purchase = await prisma.purchase.findUnique({ where: { id: purchaseId }, select: { paymentIntentId: true, amount: true } });
  if (purchase && purchase.amount !== proration.net && input.requestKey) {
    throw new AppError('CONFLICT', { message: `Idempotency-Key already used for an upgrade charge of ${purchase.amount}`, userMessage: 'This Idempotency-Key was used for another tier change' });
  }
  if (!purchase) {
    const fee = platformFee(proration.net, deps.config.platformFeePercent);
    const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
    const pi = await stripe.paymentIntents.create(
      {
        amount: proration.net, currency: plugin.currency, customer: sub.stripeCustomerId, receipt_email: sub.buyerEmail, description: `${plugin.name} (upgrade to ${tier.key}, prorated)`,
        application_fee_amount: fee, transfer_data: { destination }, payment_method: sub.stripePaymentMethodId,
        metadata: { purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, tier_change: 'upgrade', tier_change_subscription_id: sub.id, tier_id: tier.id, from_tier_id: sub.tierId ?? '' },
      },
      { idempotencyKey: `${key}:payment-intent` },
    );
    await prisma.$transaction(async (tx) => {
      const created = await tx.purchase.createMany({
        data: [{
          id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: sub.buyerEmail, stripeCustomerId: sub.stripeCustomerId, paymentIntentId: pi.id, kind: 'SUBSCRIPTION', tierId: tier.id,
          amount: proration.net, currency: plugin.currency, applicationFeeAmount: fee, subscriptionId: sub.id, createdAt: new Date(pi.created * 1000),
        }],
        skipDuplicates: true,
      });
      if (created.count === 0) return;
      const record = { ...audit, after: { tierId: tier.id, purchaseId, charge: proration.net, appliedWhen: 'the charge succeeds' } };
      if (input.actor) await writeAudit(tx, { ...record, actor: input.actor });
      else await writeSystemAudit(tx, record);
    });
    purchase = { paymentIntentId: pi.id, amount: proration.net };
  }
  let paymentError: string | null = null;
  try {
    await stripe.paymentIntents.confirm(purchase.paymentIntentId, { payment_method: sub.stripePaymentMethodId, off_session: true }, { idempotencyKey: `${key}:confirm` });
  } catch (error) {
    if ((error as { type?: string }).type !== 'StripeCardError') throw error;
    paymentError = (error as { message?: string }).message ?? 'The card was declined';
  }
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
  const [stored, after] = await Promise.all([
    prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { status: true } }),
    prisma.subscription.findUniqueOrThrow({ where: { id: sub.id }, select: { tierId: true, prorationCreditAmount: true } }),
  ]);
  return {
    ...base, direction: 'UPGRADE', purchaseId, purchaseStatus: stored.status, paymentError: isPaidPurchase(stored.status) ? null : paymentError,
    isApplied: after.tierId === tier.id, prorationCreditAmount: after.prorationCreditAmount,
  };
}

/** The key of the upgrade attempt to make or replay: the first attempt of `transition` that was not declined or canceled. */
async function upgradeAttemptKey(prisma: ChangeTierDeps['prisma'], transition: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const key = `tier-change:${transition}:attempt:${n}`;
    const row = await prisma.purchase.findUnique({ where: { id: tierChangePurchaseIdFor(key) }, select: { status: true } });
    if (!row || (row.status !== 'FAILED' && row.status !== 'CANCELED')) return key;
  }
}
