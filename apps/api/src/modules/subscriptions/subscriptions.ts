/**
 * Marketdesk-managed subscription renewals, as merchants do with saved cards (no Stripe Billing
 * objects): at each period end the renewal job charges the card the first payment saved
 * (`setup_future_usage: off_session`) with an off-session PaymentIntent, as a new Purchase of
 * the subscription. The outcome is applied by the payment sync (sync-purchase.ts →
 * sync-subscription.ts) — from the webhook, and at once by the job itself, which syncs the
 * charge it made; both are the same idempotent sync, so whichever comes first wins and the other
 * changes nothing.
 *
 * Exactly-once charging: due subscriptions are claimed with `FOR UPDATE SKIP LOCKED` and a lease
 * (`renewalLockedUntil`), like the webhook inbox, so concurrent runs on any number of processes
 * skip each other's work; and every Stripe write carries a key derived from the subscription, the
 * period number and the attempt number, so a retried or duplicated run replays Stripe's answer
 * instead of charging again.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { AppError } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { reachFaultPoint } from '../../platform/faults.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { writeAudit, writeSystemAudit, type Actor } from '../audit/index.ts';
import { ensureConnectedAccount, platformFee, syncPurchase } from '../payments/index.ts';
import { MAX_RENEWAL_ATTEMPTS, RENEWAL_SUSPENSION_PREFIX, updateSubscriptionLicenses } from './sync-subscription.ts';
import { renewTrial } from './trials-renewal.ts';
import { renewalPriceOf, renewWithCredit } from './renewal-price.ts';
import { billSubscriptionOverage } from './overage.ts';

/** How long a run's claim on a subscription lasts by default (seconds; config `leaseSeconds.renewal`); a crashed run's claim lapses after it. */
export const RENEWAL_LEASE_SECONDS = 10 * 60;

export interface RenewalRun {
  /** Renewal attempts charged (succeeded or declined) in this run. */
  charged: number;
  /** Subscriptions canceled at their period end (cancel-at-period-end) in this run. */
  canceled: number;
  /** Licenses of canceled subscriptions marked EXPIRED because their expiry passed. */
  expiredLicenses: number;
  /** Subscriptions whose attempt failed at Stripe (not a decline); retried once their lease lapses. */
  failed: number;
}

/**
 * What the renewal job uses: the database, Stripe, the platform fee (`config`), the clock of the
 * payment syncs it runs, and the log (optional: a seed passes none).
 */
export type RenewalDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'> & { log?: AppDeps['log'] };

/**
 * Renews every subscription due at `input.at`: ACTIVE or PAST_DUE with `nextRenewalAt` ≤ at (the
 * period end, then each retry of RENEWAL_RETRY_DAYS), or TRIALING at its trial end (converted or
 * ended by trials-renewal.ts) and not claimed by another run (claims last
 * `input.leaseSeconds`, default RENEWAL_LEASE_SECONDS, from `at`). A subscription set to cancel at period end is CANCELED instead of
 * charged. Each due subscription gets at most one step per run. Then licenses of canceled
 * subscriptions whose expiry is ≤ at become EXPIRED. `at` is Stripe's clock, not `deps.clock`:
 * the worker passes `StripeAccess.now()` (the emulator's may be shifted ahead), a seed its story
 * moment, which may be in the past; Stripe's own timestamps come from its clock. `input.batchSize`
 * (default 20): subscriptions claimed at a time.
 * Once `input.signal` aborts (a graceful shutdown), the subscription being renewed is finished and
 * the rest of the claimed batch is released.
 * @returns counts of what it did.
 * @throws AppError PRECONDITION_FAILED without Stripe; database errors. A Stripe error on one
 *   subscription is logged and counted in `failed`, never thrown.
 */
export async function renewDueSubscriptions(deps: RenewalDeps, input: { at: Date; batchSize?: number; leaseSeconds?: number; signal?: AbortSignal }): Promise<RenewalRun> {
  const stripe = requireStripe(deps);
  const { at: now, batchSize = 20, leaseSeconds = RENEWAL_LEASE_SECONDS } = input;
  const run: RenewalRun = { charged: 0, canceled: 0, expiredLicenses: 0, failed: 0 };
  const claim = () => claimDueSubscriptions(deps.prisma, { now, limit: batchSize, leaseSeconds });
  for (let batch = await claim(); batch.length > 0; batch = input.signal?.aborted ? [] : await claim()) {
    for (const [i, id] of batch.entries()) {
      // Shutting down: the claims not started are released, so another process renews them at once, not after the lease.
      if (input.signal?.aborted) {
        await releaseRenewalClaims(deps.prisma, batch.slice(i));
        break;
      }
      try {
        const step = await renewSubscription(deps, stripe, id, now);
        if (step === 'charged') run.charged += 1;
        else if (step === 'canceled') run.canceled += 1;
      } catch (error) {
        run.failed += 1;
        deps.log?.error({ err: error, subscriptionId: id }, 'subscription renewal failed; retried when its claim lapses');
      }
    }
  }
  run.expiredLicenses = await expireLapsedLicenses(deps.prisma, now);
  return run;
}

/** Gives up this run's claims on subscriptions `ids` (not started): the next run of any process takes them. */
async function releaseRenewalClaims(prisma: PrismaClient, ids: string[]): Promise<void> {
  await prisma.subscription.updateMany({ where: { id: { in: ids } }, data: { renewalLockedUntil: null } });
}

/** Claims up to `limit` due subscriptions for `leaseSeconds` (from `now`). @returns their ids. */
async function claimDueSubscriptions(prisma: PrismaClient, { now, limit, leaseSeconds }: { now: Date; limit: number; leaseSeconds: number }): Promise<string[]> {
  const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Subscription" AS s SET "renewalLockedUntil" = ${lockedUntil}
     WHERE s.id IN (
             SELECT id FROM "Subscription"
              WHERE status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND "nextRenewalAt" <= ${now} AND ("renewalLockedUntil" IS NULL OR "renewalLockedUntil" <= ${now})
              ORDER BY "nextRenewalAt", id
              FOR UPDATE SKIP LOCKED
              LIMIT ${limit})
    RETURNING s.id`;
  return rows.map((r) => r.id);
}

/** The renewal Purchase id of `subscriptionId`'s period `period`: one row per period, whatever the attempts. */
export const renewalPurchaseIdFor = (subscriptionId: string, period: number) =>
  `pur_${createHash('sha256').update(`subscription:${subscriptionId}:period:${period}`).digest('hex').slice(0, 24)}`;

async function renewSubscription(deps: RenewalDeps, stripe: Stripe, id: string, now: Date): Promise<'charged' | 'canceled' | 'skipped'> {
  const { prisma } = deps;
  const sub = await prisma.subscription.findUniqueOrThrow({ where: { id } });
  // A trial's end: its conversion charge or its expiry (trials-renewal.ts).
  if (sub.status === 'TRIALING') return renewTrial(deps, stripe, sub, { now, purchaseIdFor: renewalPurchaseIdFor });
  // The ended period's overage first (overage.ts), also when the subscription ends now.
  await billSubscriptionOverage(deps, { subscriptionId: id, at: now });
  if (sub.cancelAtPeriodEnd) {
    await prisma.$transaction(async (tx) => {
      await tx.subscription.update({ where: { id }, data: { status: 'CANCELED', nextRenewalAt: null, canceledAt: sub.canceledAt ?? now } });
      await writeSystemAudit(tx, { action: 'subscriptions.ended', targetType: 'Subscription', targetId: id, reason: `Canceled at the end of period ${sub.periodNumber}: ${sub.cancelReason ?? 'cancel at period end'}`, before: { status: sub.status }, after: { status: 'CANCELED' } });
    });
    return 'canceled';
  }
  if (sub.failedRenewalAttempts >= MAX_RENEWAL_ATTEMPTS) return 'skipped';
  if (!sub.stripeCustomerId || !sub.stripePaymentMethodId) throw new Error(`Subscription ${id} has no saved card to renew with`);
  const period = sub.periodNumber + 1;
  const attempt = sub.failedRenewalAttempts + 1;
  const purchaseId = renewalPurchaseIdFor(id, period);
  const key = `subscription:${id}:period:${period}`;
  let purchase = await prisma.purchase.findUnique({ where: { id: purchaseId }, select: { paymentIntentId: true } });
  if (!purchase) {
    const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: sub.pluginId }, select: { id: true, name: true, creatorId: true, priceAmount: true, currency: true } });
    // The tier's price now, less the proration credit (renewal-price.ts); a credit that pays it all renews with no charge.
    const price = await renewalPriceOf(prisma, sub, plugin);
    if (price.charge === 0) {
      await renewWithCredit(prisma, { subscriptionId: id, period, creditUsed: price.creditUsed, at: now });
      return 'charged';
    }
    const fee = platformFee(price.charge, deps.config.platformFeePercent);
    const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
    // Created unconfirmed and stored before it is charged, so that its webhook always finds the purchase.
    const pi = await stripe.paymentIntents.create(
      {
        amount: price.charge, currency: plugin.currency, customer: sub.stripeCustomerId, receipt_email: sub.buyerEmail, description: `${plugin.name} (renewal, period ${period})`,
        application_fee_amount: fee, transfer_data: { destination }, payment_method: sub.stripePaymentMethodId,
        metadata: { purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, subscription_id: id, subscription_period: String(period), proration_credit_used: String(price.creditUsed) },
      },
      { idempotencyKey: `${key}:payment-intent` },
    );
    await prisma.purchase.createMany({
      data: [{
        id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: sub.buyerEmail, stripeCustomerId: sub.stripeCustomerId, paymentIntentId: pi.id,
        amount: price.charge, currency: plugin.currency, applicationFeeAmount: fee, subscriptionId: id, kind: 'SUBSCRIPTION', tierId: price.tierId, createdAt: new Date(pi.created * 1000),
      }],
      skipDuplicates: true,
    });
    purchase = { paymentIntentId: pi.id };
  }
  try {
    await stripe.paymentIntents.confirm(purchase.paymentIntentId, { payment_method: sub.stripePaymentMethodId, off_session: true }, { idempotencyKey: `${key}:attempt:${attempt}:confirm` });
  } catch (error) {
    if ((error as { type?: string }).type !== 'StripeCardError') throw error;
  }
  reachFaultPoint('renewal.after-charge');
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
  return 'charged';
}

/**
 * Marks EXPIRED the licenses of CANCELED subscriptions whose expiry is ≤ `now` and that are
 * ACTIVE or suspended by a failed renewal (a suspension by support stays), with an audit row.
 * (Validation already answers EXPIRED from `expiresAt`; the status makes it visible to support
 * and takes precedence over the renewal suspension.)
 * @returns how many it marked.
 */
async function expireLapsedLicenses(prisma: PrismaClient, now: Date): Promise<number> {
  const due = await prisma.license.findMany({
    where: {
      subscription: { status: 'CANCELED' }, expiresAt: { lte: now },
      OR: [{ status: 'ACTIVE' }, { status: 'SUSPENDED', statusChangedById: null, statusReason: { startsWith: RENEWAL_SUSPENSION_PREFIX } }],
    },
    select: { id: true, status: true, expiresAt: true, subscriptionId: true },
    take: 1000,
  });
  for (const license of due) {
    await prisma.$transaction(async (tx) => {
      const reason = `Subscription ${license.subscriptionId} canceled; paid period and grace ended ${license.expiresAt!.toISOString()}`;
      const changed = await tx.license.updateMany({ where: { id: license.id, status: license.status }, data: { status: 'EXPIRED', statusReason: reason, statusChangedAt: now, statusChangedById: null } });
      if (changed.count === 1) await writeSystemAudit(tx, { action: 'licenses.subscription.expired', targetType: 'License', targetId: license.id, reason, before: { status: license.status }, after: { status: 'EXPIRED' } });
    });
  }
  return due.length;
}

const SUBSCRIPTION_SELECT = { id: true, status: true, cancelAtPeriodEnd: true, canceledAt: true, cancelReason: true, currentPeriodStart: true, currentPeriodEnd: true, periodNumber: true } as const;
export type SubscriptionSummary = Prisma.SubscriptionGetPayload<{ select: typeof SUBSCRIPTION_SELECT }>;

/**
 * Cancels subscription `input.subscriptionId` at the end of its paid period (`input.actor`, support
 * or finance, with `input.reason`): no renewal is charged; the renewal job marks it CANCELED at the
 * period end; its license now expires at the period end (no grace: nothing will be retried).
 * `canceledAt` is `deps.clock`'s now (a seed passes its story's clock). Audited in the same transaction.
 * @returns the subscription's summary after the change.
 * @throws AppError NOT_FOUND for an unknown subscription; CONFLICT when it is already canceled
 *   or set to cancel.
 */
export async function cancelSubscriptionAtPeriodEnd(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: { actor: Actor; subscriptionId: string; reason: string }): Promise<SubscriptionSummary> {
  const { actor, subscriptionId: id, reason } = input;
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Subscription" WHERE id = ${id} FOR UPDATE`;
    const before = await tx.subscription.findUnique({ where: { id }, select: SUBSCRIPTION_SELECT });
    if (!before) throw new AppError('NOT_FOUND', { message: `No subscription ${id}` });
    if (before.status === 'CANCELED' || before.cancelAtPeriodEnd) {
      throw new AppError('CONFLICT', { message: `Subscription ${id} is ${before.status === 'CANCELED' ? 'canceled' : 'already set to cancel at period end'}`, userMessage: 'This subscription is already canceled or set to cancel' });
    }
    const after = await tx.subscription.update({ where: { id }, data: { cancelAtPeriodEnd: true, canceledAt: now, cancelReason: reason }, select: SUBSCRIPTION_SELECT });
    await updateSubscriptionLicenses(tx, { subscriptionId: id, expiresAt: before.currentPeriodEnd, status: null, reason, at: now });
    await writeAudit(tx, { actor, action: 'subscriptions.cancel', targetType: 'Subscription', targetId: id, reason, before, after });
    return after;
  });
}
