/**
 * Brings one purchase in line with Stripe: re-fetches its PaymentIntent, charge, refunds,
 * transfer reversals, application-fee refunds and disputes, updates the Purchase / Refund /
 * Dispute rows and posts every ledger transaction that is missing (see ../../ledger). The
 * outcome depends only on Stripe's current state, never on which event triggered the sync or
 * in what order events came, so duplicate and out-of-order deliveries cannot change it. Rows of
 * one purchase are serialized by a row lock on the purchase (FOR UPDATE). The purchase's license
 * follows in the same transaction (../licenses/sync-purchase-license.ts).
 */
import type Stripe from 'stripe';
import { disputeStatusFromStripe, isDisputeClosed } from '@marketdesk/shared';
import type { PrismaClient, Prisma, RefundReason, RefundStatus } from '../../generated/prisma/client.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { disputeEntries, failedRefundEntries, paymentEntries, postLedgerTransaction, refundEntries, restoredShareEntries, type LedgerPosting, type SaleTags } from './ledger.ts';
import { syncPurchaseLicense } from '../licenses/index.ts';
import { syncPurchaseSubscription } from '../subscriptions/index.ts';

export type SyncOutcome = 'synced' | 'not-ours';

const REFUND_STATUS: Record<string, RefundStatus> = {
  pending: 'PENDING', requires_action: 'REQUIRES_ACTION', succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'CANCELED',
};
const REFUND_REASON: Record<string, RefundReason> = { duplicate: 'DUPLICATE', fraudulent: 'FRAUDULENT', requested_by_customer: 'REQUESTED_BY_CUSTOMER' };


interface StripeSnapshot {
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  stripeFee: number;
  refunds: Stripe.Refund[];
  reversals: Map<string, number>;
  feeRefunds: Stripe.FeeRefund[];
  disputes: Stripe.Dispute[];
  /** Failed or canceled refund id → the transfer that gave its creator share back. */
  restores: Map<string, Stripe.Transfer>;
  /** Declined charges of a subscription renewal's PaymentIntent (its attempts); 0 otherwise. */
  failedCharges: number;
}

/**
 * Stripe's state of one purchase, in as few requests as Stripe allows: the PaymentIntent with its
 * latest charge, and the charge's balance transaction, refunds, transfer (with its reversals) and
 * application fee (with its refunds) expanded (docs.stripe.com/expand). Lists are fetched whole
 * only when an embedded one says `has_more`, and disputes only for a charge marked `disputed`.
 */
async function fetchSnapshot(stripe: Stripe, paymentIntentId: string): Promise<StripeSnapshot> {
  const pi = await stripe.paymentIntents.retrieve(paymentIntentId, {
    expand: ['latest_charge.balance_transaction', 'latest_charge.refunds', 'latest_charge.transfer', 'latest_charge.application_fee'],
  });
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const snapshot: StripeSnapshot = { pi, charge, stripeFee: 0, refunds: [], reversals: new Map(), feeRefunds: [], disputes: [], restores: new Map(), failedCharges: 0 };
  if (pi.metadata?.subscription_id && pi.status !== 'succeeded' && charge) {
    const charges = await stripe.charges.list({ payment_intent: pi.id, limit: 100 }).autoPagingToArray({ limit: 1000 });
    snapshot.failedCharges = charges.filter((c) => c.status === 'failed').length;
  }
  if (!charge || charge.status !== 'succeeded') return snapshot;
  const bt = charge.balance_transaction;
  snapshot.stripeFee = typeof bt === 'object' && bt ? bt.fee : 0;
  const transfer = typeof charge.transfer === 'object' ? charge.transfer : null;
  const fee = typeof charge.application_fee === 'object' ? charge.application_fee : null;
  const whole = <T>(embedded: Stripe.ApiList<T> | null | undefined, list: () => Promise<T[]>): Promise<T[]> => (embedded && !embedded.has_more ? Promise.resolve(embedded.data) : list());
  const [refunds, disputes, reversals, feeRefunds] = await Promise.all([
    whole(charge.refunds, () => stripe.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 10_000 })),
    charge.disputed ? stripe.disputes.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 1000 }) : [],
    transfer ? whole(transfer.reversals, () => stripe.transfers.listReversals(transfer.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 })) : [],
    fee ? whole(fee.refunds, () => stripe.applicationFees.listRefunds(fee.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 })) : [],
  ]);
  snapshot.refunds = refunds;
  snapshot.disputes = disputes;
  snapshot.reversals = new Map(reversals.map((r) => [r.id, r.amount]));
  snapshot.feeRefunds = feeRefunds;
  for (const refund of refunds.filter(isFailedWithReversal)) {
    const [restore] = (await stripe.transfers.list({ transfer_group: restoreTransferGroup(refund.id), limit: 1 })).data;
    if (restore) snapshot.restores.set(refund.id, restore);
  }
  return snapshot;
}

/**
 * Application-fee refunds are not linked to the refund that made them; Stripe makes both in the
 * same request, so they pair up in creation order. Stripe lists newest first, and objects made in
 * the same second keep that order (a tie broken by amount paired 333 + 333 + 334 of a 100 fee as
 * 33 + 33 + 34 instead of Stripe's 33 + 34 + 33), so the lists are reversed and sorted stably by
 * `created`. Still an inference by order: a refund whose fee share rounds to 0 gets no fee refund
 * at Stripe, and every later pairing shifts — posting each fee refund by its own id would end it.
 * @returns refund id → fee refunded with it (minor units).
 */
export function pairFeeRefunds(refunds: Stripe.Refund[], feeRefunds: Stripe.FeeRefund[]): Map<string, number> {
  const withReversal = refunds.filter((r) => r.transfer_reversal).reverse().sort((a, b) => a.created - b.created);
  const fees = [...feeRefunds].reverse().sort((a, b) => a.created - b.created);
  return new Map(withReversal.map((r, i) => [r.id, fees[i]?.amount ?? 0]));
}

const at = (seconds: number) => new Date(seconds * 1000);

const isFailedWithReversal = (refund: Stripe.Refund) => (refund.status === 'failed' || refund.status === 'canceled') && Boolean(refund.transfer_reversal);
/** The amount of `refund`'s transfer reversal (0 without one), minor units. */
const reversedBy = (refund: Stripe.Refund, s: StripeSnapshot) => {
  const reversal = typeof refund.transfer_reversal === 'string' ? refund.transfer_reversal : refund.transfer_reversal?.id;
  return reversal ? (s.reversals.get(reversal) ?? 0) : 0;
};

/**
 * Syncs the purchase paid by `input.paymentIntentId` (`pi_…`) from Stripe.
 * Then gives failed refunds' creator shares back (restoreCreatorShares) and, when it made such a
 * transfer, syncs once more to post it. Times the sync itself decides (a dispute's `closedAt`, a
 * license's `statusChangedAt`) come from `deps.clock`; everything posted is dated by Stripe.
 * @returns 'not-ours' when the PaymentIntent was not made by Marketdesk (no purchase row and no
 *   `purchase_id` metadata).
 * @throws AppError PRECONDITION_FAILED without Stripe; Error when the PaymentIntent names a
 *   purchase not stored yet (retried later), or Stripe fails.
 */
export async function syncPurchase(deps: PaymentsDeps, input: { paymentIntentId: string }): Promise<SyncOutcome> {
  return syncPurchaseFrom(deps, requireStripe(deps), input.paymentIntentId, true);
}

/** {@link syncPurchase}; `isRestoring` false on the second pass, which only posts the transfer the first made. */
async function syncPurchaseFrom(deps: PaymentsDeps, stripe: Stripe, paymentIntentId: string, isRestoring: boolean): Promise<SyncOutcome> {
  const { prisma, clock } = deps;
  const known = await prisma.purchase.findUnique({ where: { paymentIntentId }, select: { id: true } });
  if (!known) {
    const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
    if (!pi.metadata?.purchase_id) return 'not-ours';
    throw new Error(`PaymentIntent ${paymentIntentId} names purchase ${pi.metadata.purchase_id}, which is not stored (yet)`);
  }
  // Fetched under the purchase's row lock: two syncs of one purchase apply Stripe's states in order.
  const { purchase, snapshot } = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Purchase" WHERE id = ${known.id} FOR UPDATE`;
    const snapshot = await fetchSnapshot(stripe, paymentIntentId);
    const purchase = await tx.purchase.findUniqueOrThrow({ where: { id: known.id } });
    await applySnapshot(tx, purchase, snapshot, clock.now());
    return { purchase, snapshot };
  }, { timeout: 60_000, maxWait: 60_000 });
  // A transfer made just now is in the next snapshot, and posted from there.
  if (isRestoring && (await restoreCreatorShares(prisma, stripe, purchase, snapshot))) return syncPurchaseFrom(deps, stripe, paymentIntentId, false);
  return 'synced';
}

/** The transfer group that marks the transfer giving a failed refund's creator share back. */
export const restoreTransferGroup = (refundId: string) => `refund_restore_${refundId}`;

/**
 * A refund that fails or is canceled at Stripe returns the buyer's money to the platform, but its
 * transfer reversal and application-fee refund stay (docs.stripe.com/refunds#failed-refunds):
 * the creator's share (reversed − fee refunded) sits in the platform's balance. It goes back to
 * the creator's connected account as a transfer, once per refund — marked by its
 * `transfer_group`, looked for in the snapshot, and made with an idempotency key. When the
 * platform's balance cannot cover it yet (`balance_insufficient`), it waits for a later sync of
 * the purchase; the ledger shows the share with the platform until then, as Stripe does.
 * @returns true when it made a transfer.
 * @throws Stripe errors other than an insufficient balance (the event is retried).
 */
async function restoreCreatorShares(prisma: PrismaClient, stripe: Stripe, purchase: PurchaseRow, s: StripeSnapshot): Promise<boolean> {
  const feeRefunded = pairFeeRefunds(s.refunds, s.feeRefunds);
  let isMade = false;
  for (const refund of s.refunds.filter(isFailedWithReversal)) {
    const share = reversedBy(refund, s) - (feeRefunded.get(refund.id) ?? 0);
    if (share <= 0 || s.restores.has(refund.id)) continue;
    const creator = await prisma.creatorAccount.findUniqueOrThrow({ where: { id: purchase.creatorId }, select: { stripeAccountId: true } });
    if (!creator.stripeAccountId) throw new Error(`Creator ${purchase.creatorId} of purchase ${purchase.id} has no connected account to give refund ${refund.id}'s share back to`);
    const group = restoreTransferGroup(refund.id);
    try {
      await stripe.transfers.create(
        { amount: share, currency: refund.currency, destination: creator.stripeAccountId, transfer_group: group, description: `Creator share of failed refund ${refund.id}`, metadata: { purchase_id: purchase.id, refund_id: refund.id } },
        { idempotencyKey: group },
      );
      isMade = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'balance_insufficient') throw error;
    }
  }
  return isMade;
}

type PurchaseRow = Prisma.PurchaseGetPayload<object>;

/**
 * Writes the snapshot's rows, then posts its ledger transactions last: posting locks the hour's
 * and day's ledger total rows (the insert trigger of migration ledger_hourly_totals) until commit,
 * so every other sync of that story hour waits behind whatever runs after it. `now`: the clock's
 * time of this sync, for what Stripe does not date.
 */
async function applySnapshot(tx: Prisma.TransactionClient, purchase: PurchaseRow, s: StripeSnapshot, now: Date): Promise<void> {
  const postings: LedgerPosting[] = [];
  await applyRows(tx, purchase, s, postings, now);
  for (const posting of postings) await postLedgerTransaction(tx, posting);
}

async function applyRows(tx: Prisma.TransactionClient, purchase: PurchaseRow, s: StripeSnapshot, postings: LedgerPosting[], now: Date): Promise<void> {
  const { pi, charge } = s;
  const tags: SaleTags = { creatorId: purchase.creatorId, pluginId: purchase.pluginId };
  if (pi.status === 'succeeded' && charge?.status === 'succeeded') {
    await tx.purchase.update({
      where: { id: purchase.id },
      data: {
        status: 'SUCCEEDED', chargeId: charge.id, paidAt: at(charge.created),
        applicationFeeId: typeof charge.application_fee === 'string' ? charge.application_fee : (charge.application_fee?.id ?? null),
        transferId: typeof charge.transfer === 'string' ? charge.transfer : (charge.transfer?.id ?? null),
      },
    });
    const fee = typeof charge.application_fee_amount === 'number' ? charge.application_fee_amount : 0;
    postings.push({
      externalKey: `charge:${charge.id}:captured`, kind: 'payment', purchaseId: purchase.id, currency: charge.currency, occurredAt: at(charge.created),
      description: `Payment ${pi.id}`, entries: paymentEntries(tags, charge.amount, fee, s.stripeFee),
    });
    await applyRefunds(tx, purchase, tags, s, postings);
    await applyDisputes(tx, purchase, tags, s.disputes, postings, now);
    // The subscription first (created, or renewed), so that the license follows its period.
    await syncPurchaseSubscription(tx, { purchase, pi, charge, failedCharges: s.failedCharges, now });
    // Issue / revoke / suspend the license from the state just stored, in the same transaction.
    await syncPurchaseLicense(tx, { purchaseId: purchase.id, now });
  } else {
    if (purchase.status === 'PENDING' && pi.status === 'canceled') await tx.purchase.update({ where: { id: purchase.id }, data: { status: 'CANCELED' } });
    else if (purchase.status === 'PENDING' && (pi.last_payment_error || charge?.status === 'failed')) await tx.purchase.update({ where: { id: purchase.id }, data: { status: 'FAILED' } });
    // A declined renewal attempt (each one a new failed charge of the same PaymentIntent).
    await syncPurchaseSubscription(tx, { purchase, pi, charge, failedCharges: s.failedCharges, now });
  }
}

async function applyRefunds(tx: Prisma.TransactionClient, purchase: PurchaseRow, tags: SaleTags, s: StripeSnapshot, postings: LedgerPosting[]): Promise<void> {
  const feeRefunded = pairFeeRefunds(s.refunds, s.feeRefunds);
  for (const refund of s.refunds) {
    const status = REFUND_STATUS[refund.status ?? 'pending'] ?? 'PENDING';
    const data = { status, failureReason: refund.failure_reason ?? null, stripeRefundId: refund.id };
    const byStripeId = await tx.refund.findUnique({ where: { stripeRefundId: refund.id }, select: { id: true } });
    const ourId = byStripeId?.id ?? refund.metadata?.refund_id;
    const ours = ourId ? await tx.refund.findFirst({ where: { id: ourId, purchaseId: purchase.id }, select: { id: true } }) : null;
    if (ours) {
      // Stripe's moment of the refund (ours was written a moment before we asked Stripe for it).
      await tx.refund.update({ where: { id: ours.id }, data: { ...data, createdAt: at(refund.created) } });
    } else {
      await tx.refund.create({
        data: {
          ...data, purchaseId: purchase.id, amount: refund.amount, currency: refund.currency, idempotencyKey: `stripe:${refund.id}`,
          reason: REFUND_REASON[refund.reason ?? ''] ?? 'REQUESTED_BY_CUSTOMER', note: 'Refunded at Stripe', createdAt: at(refund.created),
        },
      });
    }
    const reversed = reversedBy(refund, s);
    const entries = refundEntries(tags, refund.amount, reversed, feeRefunded.get(refund.id) ?? 0);
    const base = { purchaseId: purchase.id, currency: refund.currency, occurredAt: at(refund.created) };
    postings.push({ ...base, externalKey: `refund:${refund.id}:created`, kind: 'refund', description: `Refund ${refund.id}`, entries });
    if (status === 'FAILED' || status === 'CANCELED') {
      postings.push({ ...base, externalKey: `refund:${refund.id}:reversed`, kind: 'refund_reversal', description: `Refund ${refund.id} ${refund.status}`, entries: failedRefundEntries(tags, refund.amount) });
      const restore = s.restores.get(refund.id);
      if (restore) {
        postings.push({
          ...base, occurredAt: at(restore.created), externalKey: `transfer:${restore.id}:restore`, kind: 'refund_restore',
          description: `Creator share of refund ${refund.id} given back (${restore.id})`, entries: restoredShareEntries(tags, reversed, feeRefunded.get(refund.id) ?? 0),
        });
      }
    }
  }
}

async function applyDisputes(tx: Prisma.TransactionClient, purchase: PurchaseRow, tags: SaleTags, disputes: Stripe.Dispute[], postings: LedgerPosting[], now: Date): Promise<void> {
  for (const dispute of disputes) {
    const status = disputeStatusFromStripe(dispute.status);
    const isClosed = isDisputeClosed(status);
    const fields = {
      amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status,
      evidenceDueBy: dispute.evidence_details?.due_by ? at(dispute.evidence_details.due_by) : null,
    };
    const existing = await tx.dispute.findUnique({ where: { stripeDisputeId: dispute.id }, select: { closedAt: true } });
    const closedAt = isClosed ? (existing?.closedAt ?? now) : null;
    await tx.dispute.upsert({
      where: { stripeDisputeId: dispute.id },
      create: { ...fields, closedAt, stripeDisputeId: dispute.id, purchaseId: purchase.id, createdAt: at(dispute.created) },
      update: { ...fields, closedAt },
    });
    for (const bt of dispute.balance_transactions ?? []) {
      postings.push({
        externalKey: `dispute:${dispute.id}:${bt.id}`, kind: 'dispute', purchaseId: purchase.id, currency: bt.currency, occurredAt: at(bt.created),
        description: `Dispute ${dispute.id} (${bt.reporting_category})`, entries: disputeEntries(tags, bt.amount, bt.fee),
      });
    }
  }
}
