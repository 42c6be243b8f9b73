/**
 * The subscription side of a purchase, called by the payment sync (sync-purchase.ts) inside its
 * transaction, under the purchase's row lock, from Stripe's state only — so a replayed or
 * reordered webhook, or the renewal job syncing its own charge, cannot apply anything twice:
 * - a paid first purchase of a subscription plugin (its PaymentIntent carries
 *   `metadata.billing_interval`) creates the Subscription once (id derived from the purchase)
 *   with period [paid at, +1 month), the card it saved, and links the purchase to it;
 * - a paid renewal (`metadata.subscription_id`, `subscription_period` = n) moves the period
 *   forward once, from the previous period end: ACTIVE, license ACTIVE with the new expiry;
 * - a declined renewal makes it PAST_DUE with the next retry scheduled (RENEWAL_RETRY_DAYS) and
 *   suspends its license; the last declined attempt cancels it (the license keeps its expiry,
 *   the paid period end + grace, and the renewal job marks it EXPIRED once that passes).
 * Renewals themselves are started by subscriptions.ts.
 */
import type Stripe from 'stripe';
import { isPaidPurchase, type PurchaseStatus } from '@marketdesk/shared';
import type { LicenseStatus, Prisma } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { SUBSCRIPTION_GRACE_DAYS } from '../licenses/index.ts';
import { applyTrialPayment, isTrialPayment } from './trials-renewal.ts';
import { moveSubscriptionToTier } from './tier-licenses.ts';

const DAY_MS = 86_400_000;
/**
 * Days after the period end at which a declined renewal is tried again: 1, 3 and 5, so four
 * attempts in all, the last one inside the license's grace period (SUBSCRIPTION_GRACE_DAYS).
 * Modelled on Stripe Billing's custom retry schedule ("retry N days after the previous
 * attempt", docs.stripe.com/billing/revenue-recovery/smart-retries#custom-retry-schedule);
 * Smart Retries' default of 8 tries in 2 weeks is longer than our 7-day grace.
 */
export const RENEWAL_RETRY_DAYS = [1, 3, 5] as const;
/** The first attempt at the period end plus one per retry. */
export const MAX_RENEWAL_ATTEMPTS = 1 + RENEWAL_RETRY_DAYS.length;
/** The prefix of a license status reason set by a failed renewal (only these are lifted by a payment). */
export const RENEWAL_SUSPENSION_PREFIX = 'Subscription renewal failed';

/**
 * The end of period `n` (1-based) of a monthly subscription anchored at `anchor`: n calendar
 * months later in UTC, on the anchor's day or the month's last day when it is shorter (Stripe's
 * billing cycle anchor: a subscription started on Jan 31 renews on Feb 28/29, then Mar 31).
 */
export function periodEnd(anchor: Date, n: number): Date {
  const month = anchor.getUTCMonth() + n;
  const year = anchor.getUTCFullYear() + Math.floor(month / 12);
  const monthOfYear = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, monthOfYear + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthOfYear, Math.min(anchor.getUTCDate(), lastDay), anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
}

/** The license expiry for a paid period ending at `end`: the end plus the grace period. */
export const licenseExpiryFor = (end: Date) => new Date(end.getTime() + SUBSCRIPTION_GRACE_DAYS * DAY_MS);

/** The deterministic Subscription id of the first purchase `purchaseId`: a replay finds it. */
export const subscriptionIdFor = (purchaseId: string) => `sub_${purchaseId}`;

export interface SubscriptionPayment {
  /** `tierId`: the tier bought, which the subscription's first payment makes the subscription's (null: a plugin without tiers). */
  purchase: { id: string; pluginId: string; buyerEmail: string; subscriptionId: string | null; tierId?: string | null; status?: PurchaseStatus };
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  /** Declined charges of this PaymentIntent so far (each a renewal attempt). */
  failedCharges: number;
  /** The caller's clock (`deps.clock.now()` of the sync): when a declined attempt has no charge to date it. */
  now: Date;
}

const at = (seconds: number) => new Date(seconds * 1000);
const idOf = (value: string | { id: string } | null) => (typeof value === 'string' ? value : value?.id ?? null);

/**
 * Applies `payment` (`{ purchase, pi, charge, failedCharges, now }`) to its subscription, if it
 * has one, with `tx`. Call under the purchase's row lock. Periods are dated by Stripe's charges.
 * @throws Error when the PaymentIntent's metadata names no renewal period, or an interval other than month.
 */
export async function syncPurchaseSubscription(tx: Prisma.TransactionClient, payment: SubscriptionPayment): Promise<void> {
  const { pi, charge } = payment;
  const isPaid = pi.status === 'succeeded' && charge?.status === 'succeeded';
  const renewalOf = pi.metadata?.subscription_id;
  // Period 1 of a subscription that began as a trial: its conversion (trials-renewal.ts).
  if (isTrialPayment(pi)) return applyTrialPayment(tx, payment);
  // An upgrade's prorated charge (change-tier.ts): the tier changes once, when it is first seen paid.
  if (pi.metadata?.tier_change_subscription_id) {
    if (isPaid && payment.purchase.status !== undefined && !isPaidPurchase(payment.purchase.status)) await applyPaidUpgrade(tx, pi, at(charge!.created));
    return;
  }
  // An overage charge (overage.ts) is a sale of usage: nothing changes on the subscription.
  if (pi.metadata?.overage_subscription_id) return;
  if (renewalOf) {
    const period = Number(pi.metadata?.subscription_period);
    if (!Number.isInteger(period) || period < 2) throw new Error(`PaymentIntent ${pi.id} renews ${renewalOf} but names no period`);
    if (isPaid) await applyPaidRenewal(tx, renewalOf, period, at(charge!.created), Number(pi.metadata?.proration_credit_used ?? 0));
    else if (payment.failedCharges > 0) await applyDeclinedRenewal(tx, renewalOf, period, payment.failedCharges, pi, charge ? at(charge.created) : payment.now);
    return;
  }
  if (isPaid && pi.metadata?.billing_interval && !payment.purchase.subscriptionId) await createSubscription(tx, payment, at(charge!.created));
}

async function createSubscription(tx: Prisma.TransactionClient, { purchase, pi }: SubscriptionPayment, paidAt: Date): Promise<void> {
  if (pi.metadata?.billing_interval !== 'month') throw new Error(`PaymentIntent ${pi.id} asks for billing interval ${pi.metadata?.billing_interval}; only month is supported`);
  const id = subscriptionIdFor(purchase.id);
  const end = periodEnd(paidAt, 1);
  await tx.subscription.upsert({
    where: { id },
    create: {
      id, buyerEmail: purchase.buyerEmail, pluginId: purchase.pluginId, tierId: purchase.tierId ?? null, status: 'ACTIVE', billingAnchor: paidAt, currentPeriodStart: paidAt, currentPeriodEnd: end,
      periodNumber: 1, nextRenewalAt: end, stripeCustomerId: idOf(pi.customer as string | null), stripePaymentMethodId: idOf(pi.payment_method as string | null), createdAt: paidAt,
    },
    update: {},
  });
  await tx.purchase.update({ where: { id: purchase.id }, data: { subscriptionId: id } });
}

type LockedSubscription = { id: string; status: string; periodNumber: number; billingAnchor: Date | null; currentPeriodStart: Date; currentPeriodEnd: Date; failedRenewalAttempts: number };

async function lockSubscription(tx: Prisma.TransactionClient, id: string): Promise<LockedSubscription | null> {
  await tx.$queryRaw`SELECT id FROM "Subscription" WHERE id = ${id} FOR UPDATE`;
  return tx.subscription.findUnique({ where: { id }, select: { id: true, status: true, periodNumber: true, billingAnchor: true, currentPeriodStart: true, currentPeriodEnd: true, failedRenewalAttempts: true } });
}

/**
 * Moves subscription `subscriptionId` to period `period` once (paid at `paidAt`), taking
 * `creditUsed` minor units off its proration credit (renewalAmount's creditUsed: what the credit
 * paid of this period; consumed only here, so only by a paid — or wholly credit-paid — renewal,
 * and once per period).
 */
export async function applyPaidRenewal(tx: Prisma.TransactionClient, subscriptionId: string, period: number, paidAt: Date, creditUsed = 0): Promise<void> {
  const sub = await lockSubscription(tx, subscriptionId);
  if (!sub || sub.periodNumber >= period) return;
  if (creditUsed !== 0) await tx.subscription.update({ where: { id: sub.id }, data: { prorationCreditAmount: { decrement: creditUsed } } });
  const anchor = sub.billingAnchor ?? sub.currentPeriodStart;
  const start = sub.currentPeriodEnd;
  const end = periodEnd(anchor, period);
  await tx.subscription.update({
    where: { id: sub.id },
    data: { status: 'ACTIVE', periodNumber: period, currentPeriodStart: start, currentPeriodEnd: end, failedRenewalAttempts: 0, nextRenewalAt: end, canceledAt: null, cancelReason: null },
  });
  await updateSubscriptionLicenses(tx, { subscriptionId: sub.id, expiresAt: licenseExpiryFor(end), status: 'ACTIVE', reason: `Subscription renewed for period ${period} (paid ${paidAt.toISOString()})`, at: paidAt });
}

async function applyDeclinedRenewal(tx: Prisma.TransactionClient, subscriptionId: string, period: number, failed: number, pi: Stripe.PaymentIntent, failedAt: Date): Promise<void> {
  const sub = await lockSubscription(tx, subscriptionId);
  if (!sub || sub.periodNumber >= period || sub.status === 'CANCELED') return;
  const decline = pi.last_payment_error?.message ?? 'the card was declined';
  const isLast = failed >= MAX_RENEWAL_ATTEMPTS;
  const reason = `${RENEWAL_SUSPENSION_PREFIX}: ${decline} (attempt ${failed} of ${MAX_RENEWAL_ATTEMPTS} for period ${period})`;
  await tx.subscription.update({
    where: { id: sub.id },
    data: isLast
      ? { status: 'CANCELED', failedRenewalAttempts: failed, nextRenewalAt: null, canceledAt: failedAt, cancelReason: `${reason}; canceled after the last attempt` }
      : { status: 'PAST_DUE', failedRenewalAttempts: failed, nextRenewalAt: new Date(sub.currentPeriodEnd.getTime() + RENEWAL_RETRY_DAYS[failed - 1]! * DAY_MS) },
  });
  await updateSubscriptionLicenses(tx, { subscriptionId: sub.id, expiresAt: licenseExpiryFor(sub.currentPeriodEnd), status: 'SUSPENDED', reason, at: failedAt });
}

/** Moves the subscription of upgrade charge `pi` (metadata tier_change_subscription_id, tier_id) to its tier, with its licenses, under its row lock; a canceled subscription is left alone. */
async function applyPaidUpgrade(tx: Prisma.TransactionClient, pi: Stripe.PaymentIntent, paidAt: Date): Promise<void> {
  const sub = await lockSubscription(tx, pi.metadata!.tier_change_subscription_id!);
  const tierId = pi.metadata?.tier_id;
  if (!sub || !tierId || sub.status === 'CANCELED') return;
  const before = await tx.subscription.findUniqueOrThrow({ where: { id: sub.id }, select: { tierId: true } });
  const { licenses } = await moveSubscriptionToTier(tx, { subscriptionId: sub.id, tierId });
  await writeSystemAudit(tx, {
    action: 'subscriptions.tierUpgraded', targetType: 'Subscription', targetId: sub.id, reason: `Upgrade charge ${pi.id} paid ${paidAt.toISOString()}`,
    before: { tierId: before.tierId, licenses }, after: { tierId },
  });
}

/**
 * Sets the expiry of subscription `change.subscriptionId`'s licenses to `change.expiresAt` and
 * moves their status to `change.status` (null: leave it), with `change.reason` and
 * `statusChangedAt` = `change.at`, writing an audit row for each status change, with `tx`. Never
 * out of REVOKED; a suspension is lifted (or an expiry undone by a late payment) only when
 * payments made it, never one by support.
 */
export async function updateSubscriptionLicenses(tx: Prisma.TransactionClient, change: { subscriptionId: string; expiresAt: Date; status: LicenseStatus | null; reason: string; at: Date }): Promise<void> {
  const { subscriptionId, at: now } = change;
  const licenses = await tx.license.findMany({ where: { subscriptionId }, select: { id: true, status: true, statusReason: true, statusChangedById: true, expiresAt: true } });
  for (const license of licenses) {
    const isMoving = change.status !== null && license.status !== change.status && license.status !== 'REVOKED' && (change.status !== 'ACTIVE' || isLiftable(license));
    if (!isMoving && license.expiresAt?.getTime() === change.expiresAt.getTime()) continue;
    await tx.license.update({
      where: { id: license.id },
      data: { expiresAt: change.expiresAt, ...(isMoving ? { status: change.status!, statusReason: change.reason, statusChangedAt: now, statusChangedById: null } : {}) },
    });
    if (isMoving) {
      await writeSystemAudit(tx, {
        action: `licenses.subscription.${change.status!.toLowerCase()}`, targetType: 'License', targetId: license.id, reason: change.reason,
        before: { status: license.status, expiresAt: license.expiresAt }, after: { status: change.status, expiresAt: change.expiresAt },
      });
    }
  }
}

/** A license payments may make ACTIVE again: suspended or expired by the subscription, not by support. */
function isLiftable(license: { status: LicenseStatus; statusReason: string | null; statusChangedById: string | null }): boolean {
  if (license.statusChangedById !== null) return false;
  if (license.status === 'SUSPENDED') return (license.statusReason ?? '').startsWith(RENEWAL_SUSPENSION_PREFIX);
  return license.status === 'EXPIRED';
}

/**
 * Ends the subscription of purchase `input.purchaseId` at once when that payment is fully
 * refunded (status REFUNDED), unless finance kept it (a refund of it with `keepSubscription`):
 * the buyer got everything back, so nothing may renew and the license expires now (status
 * EXPIRED; a REVOKED license stays revoked). Call with `tx` under the purchase's row lock, after
 * the purchase's status was synced; `input.now` is the sync's clock. Audited as the system.
 * Idempotent: a canceled subscription is left alone. Not for an OVERAGE purchase or an upgrade's
 * prorated charge (`input.isTierChange`: its PaymentIntent's metadata `tier_change`).
 */
export async function cancelFullyRefundedSubscription(tx: Prisma.TransactionClient, input: { purchaseId: string; now: Date; isTierChange?: boolean }): Promise<void> {
  const { purchaseId, now } = input;
  const purchase = await tx.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { status: true, subscriptionId: true, kind: true } });
  if (purchase.status !== 'REFUNDED' || !purchase.subscriptionId) return;
  // A refunded overage charge or upgrade charge gives that money back; the subscription goes on.
  if (purchase.kind !== 'SUBSCRIPTION' || input.isTierChange) return;
  if ((await tx.refund.count({ where: { purchaseId, keepSubscription: true } })) > 0) return;
  const sub = await lockSubscription(tx, purchase.subscriptionId);
  if (!sub || sub.status === 'CANCELED') return;
  const reason = `Payment ${purchaseId} was fully refunded: the subscription ends at once`;
  await tx.subscription.update({ where: { id: sub.id }, data: { status: 'CANCELED', nextRenewalAt: null, cancelAtPeriodEnd: false, canceledAt: now, cancelReason: reason } });
  await writeSystemAudit(tx, { action: 'subscriptions.canceledByRefund', targetType: 'Subscription', targetId: sub.id, reason, before: { status: sub.status }, after: { status: 'CANCELED' } });
  await updateSubscriptionLicenses(tx, { subscriptionId: sub.id, expiresAt: now, status: 'EXPIRED', reason, at: now });
}
