/**
 * Overage billing: metered usage beyond a tier's included quantity that credits did not pay
 * (UsageCounter.overageQuantity / overageAmount, written by the usage reports) is billed in
 * arrears at the period end, as Stripe bills metered prices on the invoice after the period
 * (docs.stripe.com/billing/subscriptions/usage-based). One OVERAGE purchase per (subscription,
 * period): a destination charge, off-session on the saved card, with the platform fee like any
 * sale, so its payment sync posts it to the ledger with stream OVERAGE and the creator's
 * earnings include it.
 *
 * Called by the renewal job (subscriptions.ts) for each subscription it claims, before that
 * subscription's renewal (or its end), so two runs never bill the same subscription at once
 * (the claim), and every Stripe write carries a key derived from (subscription, period start).
 * Stripe first (the PaymentIntent, unconfirmed), then the Purchase row and the counters'
 * billedPurchaseId in one transaction, then the confirmation and the sync.
 *
 * A period whose overage is below Stripe's minimum charge is carried: it is billed with the next
 * period's (the counters of both point to that purchase). A declined charge leaves the purchase
 * FAILED; it is tried again on the renewal retry schedule — each time the renewal job takes the
 * subscription up again (the renewal retries RENEWAL_RETRY_DAYS after a declined renewal, else
 * the next period end) — at most MAX_RENEWAL_ATTEMPTS charges in all, then it stays FAILED for
 * finance.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { minimumChargeAmount } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { ensureConnectedAccount, platformFee, syncPurchase } from '../payments/index.ts';
import { MAX_RENEWAL_ATTEMPTS } from './sync-subscription.ts';

export type OverageDeps = Pick<AppDeps, 'prisma' | 'stripe' | 'config' | 'clock'>;

/** The deterministic OVERAGE Purchase id of subscription `subscriptionId`'s period starting `periodStart`. */
export const overagePurchaseIdFor = (subscriptionId: string, periodStart: Date) =>
  `pur_${createHash('sha256').update(`overage:${subscriptionId}:${periodStart.toISOString()}`).digest('hex').slice(0, 24)}`;

export interface OverageRun {
  /** OVERAGE purchases created in this call. */
  billed: string[];
  /** Charge attempts made (new purchases and retries of declined ones). */
  attempts: number;
}

type Counter = { licenseId: string; metric: string; periodStart: Date; overageQuantity: number; overageAmount: number };

/**
 * Bills the overage of subscription `input.subscriptionId` whose periods ended by `input.at`
 * (Stripe's clock) and retries its declined overage charges (see the file's header).
 * @returns the purchases created and the charge attempts made.
 * @throws AppError PRECONDITION_FAILED without Stripe; Error when there is overage to bill and
 *   no saved card, or when the counters changed between the charge's creation and its row
 *   (retried by the next run); Stripe errors other than a decline.
 */
export async function billSubscriptionOverage(deps: OverageDeps, input: { subscriptionId: string; at: Date }): Promise<OverageRun> {
  const { prisma } = deps;
  const run: OverageRun = { billed: [], attempts: 0 };
  const counters = await prisma.usageCounter.findMany({
    where: { license: { subscriptionId: input.subscriptionId }, periodEnd: { lte: input.at }, overageAmount: { gt: 0 }, billedPurchaseId: null },
    select: { licenseId: true, metric: true, periodStart: true, overageQuantity: true, overageAmount: true },
    orderBy: [{ periodStart: 'asc' }, { licenseId: 'asc' }, { metric: 'asc' }],
  });
  const open = await prisma.purchase.findMany({ where: { subscriptionId: input.subscriptionId, kind: 'OVERAGE', status: { in: ['PENDING', 'FAILED'] } }, select: { id: true } });
  if (counters.length === 0 && open.length === 0) return run;
  const stripe = requireStripe(deps);
  const sub = await prisma.subscription.findUniqueOrThrow({ where: { id: input.subscriptionId }, select: { id: true, pluginId: true, buyerEmail: true, stripeCustomerId: true, stripePaymentMethodId: true } });
  const plugin = await prisma.plugin.findUniqueOrThrow({ where: { id: sub.pluginId }, select: { id: true, name: true, creatorId: true, currency: true } });
  let batch: Counter[] = [];
  for (const [index, counter] of counters.entries()) {
    batch.push(counter);
    const isPeriodEnd = counters[index + 1]?.periodStart.getTime() !== counter.periodStart.getTime();
    if (!isPeriodEnd || sum(batch) < minimumChargeAmount(plugin.currency)) continue;
    run.billed.push(await createOveragePurchase(deps, stripe, { sub, plugin, counters: batch }));
    batch = [];
  }
  const unpaid = await prisma.purchase.findMany({ where: { subscriptionId: sub.id, kind: 'OVERAGE', status: { in: ['PENDING', 'FAILED'] } }, select: { id: true, paymentIntentId: true, usagePeriodStart: true }, orderBy: { createdAt: 'asc' } });
  for (const purchase of unpaid) {
    if (await chargeOverage(deps, stripe, sub, purchase)) run.attempts += 1;
  }
  return run;
}

const sum = (counters: Counter[]) => counters.reduce((total, c) => total + c.overageAmount, 0);

/** `metric=quantity` per metric, comma-separated, within Stripe's 500 characters of a metadata value. */
function quantitiesOf(counters: Counter[]): string {
  const byMetric = new Map<string, number>();
  for (const c of counters) byMetric.set(c.metric, (byMetric.get(c.metric) ?? 0) + c.overageQuantity);
  const text = [...byMetric].map(([metric, quantity]) => `${metric}=${quantity}`).join(',');
  return text.length <= 500 ? text : `${text.slice(0, 497)}...`;
}

/** The PaymentIntent (unconfirmed), then in one transaction the Purchase row and the counters' billedPurchaseId. @returns the purchase id. */
async function createOveragePurchase(
  deps: OverageDeps, stripe: Stripe,
  { sub, plugin, counters }: { sub: { id: string; buyerEmail: string; stripeCustomerId: string | null; stripePaymentMethodId: string | null }; plugin: { id: string; name: string; creatorId: string; currency: string }; counters: Counter[] },
): Promise<string> {
  if (!sub.stripeCustomerId || !sub.stripePaymentMethodId) throw new Error(`Subscription ${sub.id} has overage to bill and no saved card`);
  const periodStart = counters.at(-1)!.periodStart;
  const purchaseId = overagePurchaseIdFor(sub.id, periodStart);
  const amount = sum(counters);
  const fee = platformFee(amount, deps.config.platformFeePercent);
  const destination = await ensureConnectedAccount(deps, { creatorId: plugin.creatorId });
  const pi = await stripe.paymentIntents.create(
    {
      amount, currency: plugin.currency, customer: sub.stripeCustomerId, receipt_email: sub.buyerEmail, description: `${plugin.name} (usage beyond the included quantity, period from ${periodStart.toISOString().slice(0, 10)})`,
      application_fee_amount: fee, transfer_data: { destination }, payment_method: sub.stripePaymentMethodId,
      metadata: { purchase_id: purchaseId, plugin_id: plugin.id, creator_id: plugin.creatorId, overage_subscription_id: sub.id, usage_period_start: periodStart.toISOString(), overage_quantities: quantitiesOf(counters) },
    },
    { idempotencyKey: `overage:${sub.id}:${periodStart.toISOString()}:payment-intent` },
  );
  await deps.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ licenseId: string; metric: string; periodStart: Date; overageAmount: number; billedPurchaseId: string | null }[]>`
      SELECT c."licenseId", c.metric, c."periodStart", c."overageAmount", c."billedPurchaseId" FROM "UsageCounter" c JOIN "License" l ON l.id = c."licenseId"
       WHERE l."subscriptionId" = ${sub.id} AND c."periodStart" <= ${periodStart} AND c."overageAmount" > 0 AND c."billedPurchaseId" IS NULL
       ORDER BY c."licenseId", c.metric, c."periodStart" FOR UPDATE OF c`;
    const isSame = locked.length === counters.length && locked.every((row) => counters.some((c) => c.licenseId === row.licenseId && c.metric === row.metric && c.periodStart.getTime() === new Date(row.periodStart).getTime() && c.overageAmount === Number(row.overageAmount)));
    if (!isSame) throw new Error(`Overage counters of subscription ${sub.id} changed while period ${periodStart.toISOString()} was billed; retried by the next run`);
    await tx.purchase.create({
      data: {
        id: purchaseId, pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: sub.buyerEmail, stripeCustomerId: sub.stripeCustomerId, paymentIntentId: pi.id, kind: 'OVERAGE', usagePeriodStart: periodStart,
        amount, currency: plugin.currency, applicationFeeAmount: fee, subscriptionId: sub.id, createdAt: new Date(pi.created * 1000),
      },
    });
    for (const c of counters) {
      await tx.usageCounter.update({ where: { licenseId_metric_periodStart: { licenseId: c.licenseId, metric: c.metric, periodStart: c.periodStart } }, data: { billedPurchaseId: purchaseId } });
    }
  });
  return purchaseId;
}

/**
 * Confirms an unpaid OVERAGE purchase's PaymentIntent off-session (attempt n = its charges so
 * far + 1, at most MAX_RENEWAL_ATTEMPTS) and syncs it; a decline is left to the sync (FAILED).
 * @returns whether it made an attempt.
 */
async function chargeOverage(deps: OverageDeps, stripe: Stripe, sub: { id: string; stripePaymentMethodId: string | null }, purchase: { id: string; paymentIntentId: string; usagePeriodStart: Date | null }): Promise<boolean> {
  const charges = await stripe.charges.list({ payment_intent: purchase.paymentIntentId, limit: 100 });
  if (charges.data.some((c) => c.status === 'succeeded')) {
    await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
    return false;
  }
  const attempt = charges.data.length + 1;
  if (attempt > MAX_RENEWAL_ATTEMPTS || !sub.stripePaymentMethodId) return false;
  try {
    await stripe.paymentIntents.confirm(purchase.paymentIntentId, { payment_method: sub.stripePaymentMethodId, off_session: true }, { idempotencyKey: `overage:${sub.id}:${purchase.usagePeriodStart?.toISOString()}:attempt:${attempt}:confirm` });
  } catch (error) {
    if ((error as { type?: string }).type !== 'StripeCardError') throw error;
  }
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
  return true;
}
