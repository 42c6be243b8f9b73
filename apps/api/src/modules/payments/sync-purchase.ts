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
import { disputeStatusFromStripe, isDisputeClosed, paidPurchaseStatus, roundDownToAmountStep, splitRefund } from '@marketdesk/shared';
import type { PrismaClient, Prisma, RefundReason, RefundStatus } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { reachFaultPoint } from '../../platform/faults.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { postLedgerTransaction, purchasePostings, revenueStreamOf, type PurchaseMoneyObjects } from './ledger.ts';
import { storeTransfer } from './sync-connect.ts';
import { syncPurchaseLicense } from '../licenses/index.ts';
import { cancelFullyRefundedSubscription, syncPurchaseSubscription } from '../subscriptions/index.ts';

export type SyncOutcome = 'synced' | 'not-ours';

const REFUND_STATUS: Record<string, RefundStatus> = {
  pending: 'PENDING', requires_action: 'REQUIRES_ACTION', succeeded: 'SUCCEEDED', failed: 'FAILED', canceled: 'CANCELED',
};
const REFUND_REASON: Record<string, RefundReason> = { duplicate: 'DUPLICATE', fraudulent: 'FRAUDULENT', requested_by_customer: 'REQUESTED_BY_CUSTOMER' };


interface StripeSnapshot {
  pi: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  /** The succeeded charge's balance transaction: what the platform's balance got, in its settlement currency. */
  chargeTransaction: Stripe.BalanceTransaction | null;
  /** Refunds, each with its balance transaction expanded (what left the balance, in the settlement currency). */
  refunds: Stripe.Refund[];
  /** The charge's transfer (a destination charge's), with its reversals; null before payment. */
  transfer: Stripe.Transfer | null;
  transferReversals: Stripe.TransferReversal[];
  /** The charge's application fee, with its refunds. */
  applicationFee: Stripe.ApplicationFee | null;
  feeRefunds: Stripe.FeeRefund[];
  disputes: Stripe.Dispute[];
  /** Failed or canceled refund id → the transfer that gave its creator share back, with that transfer's reversals. */
  restores: Map<string, { transfer: Stripe.Transfer; reversals: Stripe.TransferReversal[] }>;
  /** Failed or canceled refund id → what came back and when: its failure balance transaction's `amount` (settlement currency) and `created` (Unix seconds). */
  failures: Map<string, { amount: number; created: number }>;
  /** Declined charges of a subscription renewal's PaymentIntent (its attempts); 0 otherwise. */
  failedCharges: number;
}

/** An embedded Stripe list whole: its data, or every page when it says `has_more`. */
const whole = <T>(embedded: Stripe.ApiList<T> | null | undefined, list: () => Promise<T[]>): Promise<T[]> => (embedded && !embedded.has_more ? Promise.resolve(embedded.data) : list());

/** Refund metadata: the part of the creator's share (minor units) Marketdesk takes back from restoring transfers (refunds.ts). */
export const FROM_RESTORES_METADATA_KEY = 'creator_share_from_restores';

const isFailed = (refund: Stripe.Refund) => refund.status === 'failed' || refund.status === 'canceled';

/**
 * Stripe's state of one purchase, in as few requests as Stripe allows: the PaymentIntent with its
 * latest charge, and the charge's balance transaction, refunds, transfer (with its reversals) and
 * application fee (with its refunds) expanded, and each refund's balance transaction (docs.stripe.com/expand).
 * Balance transactions carry the amounts in the platform's settlement currency (ledger.ts). Lists are fetched whole
 * only when an embedded one says `has_more`, disputes only for a charge marked `disputed`, and a
 * failed refund's failure balance transaction and restoring transfer only for failed refunds.
 */
async function fetchSnapshot(stripe: Stripe, paymentIntentId: string): Promise<StripeSnapshot> {
  const pi = await stripe.paymentIntents.retrieve(paymentIntentId, {
    expand: ['latest_charge.balance_transaction', 'latest_charge.refunds.data.balance_transaction', 'latest_charge.transfer', 'latest_charge.application_fee'],
  });
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const snapshot: StripeSnapshot = {
    pi, charge, chargeTransaction: null, refunds: [], transfer: null, transferReversals: [], applicationFee: null, feeRefunds: [], disputes: [], restores: new Map(), failures: new Map(), failedCharges: 0,
  };
  if (pi.metadata?.subscription_id && pi.status !== 'succeeded' && charge) {
    const charges = await stripe.charges.list({ payment_intent: pi.id, limit: 100 }).autoPagingToArray({ limit: 1000 });
    snapshot.failedCharges = charges.filter((c) => c.status === 'failed').length;
  }
  if (!charge || charge.status !== 'succeeded') return snapshot;
  const bt = charge.balance_transaction;
  snapshot.chargeTransaction = typeof bt === 'object' ? bt : bt ? await stripe.balanceTransactions.retrieve(bt) : null;
  const transfer = typeof charge.transfer === 'object' ? charge.transfer : null;
  const fee = typeof charge.application_fee === 'object' ? charge.application_fee : null;
  snapshot.transfer = transfer;
  snapshot.applicationFee = fee;
  const [refunds, disputes, reversals, feeRefunds] = await Promise.all([
    whole(charge.refunds, () => stripe.refunds.list({ charge: charge.id, limit: 100, expand: ['data.balance_transaction'] }).autoPagingToArray({ limit: 10_000 })),
    charge.disputed ? stripe.disputes.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 1000 }) : [],
    transfer ? whole(transfer.reversals, () => stripe.transfers.listReversals(transfer.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 })) : [],
    fee ? whole(fee.refunds, () => stripe.applicationFees.listRefunds(fee.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 })) : [],
  ]);
  snapshot.refunds = refunds;
  snapshot.disputes = disputes;
  snapshot.transferReversals = reversals;
  snapshot.feeRefunds = feeRefunds;
  for (const refund of refunds.filter(isFailed)) {
    const failure = refund.failure_balance_transaction;
    const failureBt = typeof failure === 'string' ? await stripe.balanceTransactions.retrieve(failure) : failure;
    snapshot.failures.set(refund.id, { amount: failureBt?.amount ?? settledAmount(refund), created: failureBt?.created ?? refund.created });
    const [restore] = (await stripe.transfers.list({ transfer_group: restoreTransferGroup(refund.id), limit: 1 })).data;
    if (restore) {
      const restoreReversals = await whole(restore.reversals, () => stripe.transfers.listReversals(restore.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 }));
      snapshot.restores.set(refund.id, { transfer: restore, reversals: restoreReversals });
    }
  }
  return snapshot;
}

const money = (object: { id: string; amount: number; currency: string; created: number }) => ({ id: object.id, amount: object.amount, currency: object.currency, created: object.created });

/** What `refund` took from the platform's balance, in the settlement currency: its balance transaction's amount, negated (the refund's own amount when it has none). */
const settledAmount = (refund: Stripe.Refund) => (typeof refund.balance_transaction === 'object' && refund.balance_transaction ? -refund.balance_transaction.amount : refund.amount);
const settledCurrency = (refund: Stripe.Refund) => (typeof refund.balance_transaction === 'object' && refund.balance_transaction ? refund.balance_transaction.currency : refund.currency);

/** The snapshot's money objects, as the ledger posts them (ledger.ts purchasePostings). */
function moneyObjects(s: StripeSnapshot): PurchaseMoneyObjects {
  const { charge, transfer, applicationFee } = s;
  if (!charge || charge.status !== 'succeeded') return { charge: null, transfers: [], applicationFee: null, refunds: [], disputes: [] };
  const transfers = transfer ? [{ ...money(transfer), reversals: s.transferReversals.map(money) }] : [];
  for (const restore of s.restores.values()) transfers.push({ ...money(restore.transfer), reversals: restore.reversals.map(money) });
  return {
    charge: s.chargeTransaction
      ? { id: charge.id, amount: s.chargeTransaction.amount, currency: s.chargeTransaction.currency, created: charge.created, stripeFee: s.chargeTransaction.fee }
      : { ...money(charge), stripeFee: 0 },
    transfers,
    applicationFee: applicationFee ? { ...money(applicationFee), refunds: s.feeRefunds.map(money) } : null,
    refunds: s.refunds.map((refund) => ({
      id: refund.id, amount: settledAmount(refund), currency: settledCurrency(refund), created: refund.created, status: refund.status ?? 'pending', failure: s.failures.get(refund.id) ?? null,
    })),
    disputes: s.disputes.map((dispute) => ({
      id: dispute.id,
      balanceTransactions: (dispute.balance_transactions ?? []).map((bt) => ({ ...money(bt), fee: bt.fee, reportingCategory: bt.reporting_category })),
    })),
  };
}

const at = (seconds: number) => new Date(seconds * 1000);

/**
 * Syncs the purchase paid by `input.paymentIntentId` (`pi_…`) from Stripe. `input.purchaseId`,
 * when the caller already read it, is that purchase's id (saves looking it up).
 * Then gives failed refunds' creator shares back (restoreCreatorShares) and, when it made such a
 * transfer, syncs once more to post it. Times the sync itself decides (a dispute's `closedAt`, a
 * license's `statusChangedAt`) come from `deps.clock`; everything posted is dated by Stripe.
 * A refund of ours seen at Stripe for the first time (matched by `metadata.refund_id`) is audited
 * `refunds.confirmed` in the same transaction, under the purchase's lock, so exactly once whichever
 * sync sees it first: by `input.confirmation.audit` when it is `input.confirmation.refundId` (the
 * request that sent it: sendRefundToStripe), else as the system (the webhook's sync, when that
 * request stopped before recording Stripe's answer).
 * @returns 'not-ours' when the PaymentIntent was not made by Marketdesk (no purchase row and no
 *   `purchase_id` metadata).
 * @throws AppError PRECONDITION_FAILED without Stripe; Error when the PaymentIntent names a
 *   purchase not stored yet (retried later), or Stripe fails.
 */
export async function syncPurchase(deps: PaymentsDeps, input: { paymentIntentId: string; purchaseId?: string; confirmation?: RefundConfirmation }): Promise<SyncOutcome> {
  return syncPurchaseFrom(deps, requireStripe(deps), input.paymentIntentId, input.purchaseId ?? null, true, input.confirmation ?? null);
}

/** Who audits the confirmation of refund `refundId` when a sync first sees it at Stripe: `audit`, in the sync's transaction. */
export interface RefundConfirmation {
  refundId: string;
  audit: (tx: Prisma.TransactionClient, after: { stripeRefundId: string; status: RefundStatus }) => Promise<void>;
}

/** {@link syncPurchase}; `isRestoring` false on the second pass, which only posts the transfer the first made. */
async function syncPurchaseFrom(deps: PaymentsDeps, stripe: Stripe, paymentIntentId: string, purchaseId: string | null, isRestoring: boolean, confirmation: RefundConfirmation | null): Promise<SyncOutcome> {
  const { prisma, clock } = deps;
  const known = purchaseId ? { id: purchaseId } : await prisma.purchase.findUnique({ where: { paymentIntentId }, select: { id: true } });
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
    await applySnapshot(tx, purchase, snapshot, clock.now(), confirmation);
    reachFaultPoint('purchase-sync.before-commit');
    return { purchase, snapshot };
  }, { timeout: 60_000, maxWait: 60_000 });
  // A transfer made just now is in the next snapshot, and posted from there.
  if (isRestoring && (await restoreCreatorShares(prisma, stripe, purchase, snapshot, clock.now()))) return syncPurchaseFrom(deps, stripe, paymentIntentId, known.id, false, confirmation);
  return 'synced';
}

/**
 * How long a creator share refused for an insufficient platform balance waits before the restore
 * job tries again, ms (one hour). Stripe makes pending funds available at each balance
 * transaction's `available_on` (docs.stripe.com/payouts#payout-schedule), days rather than minutes.
 */
export const RESTORE_RETRY_MS = 60 * 60_000;

/** The transfer group that marks the transfer giving a failed refund's creator share back. */
export const restoreTransferGroup = (refundId: string) => `refund_restore_${refundId}`;

/**
 * A refund that fails or is canceled at Stripe returns the buyer's money to the platform, but its
 * transfer reversal and application-fee refund stay (docs.stripe.com/refunds#failed-refunds):
 * the creator's share sits in the platform's balance. It goes back to the creator's connected
 * account as a transfer, at most once per failed refund — marked by its `transfer_group`, looked
 * for in the snapshot, and made with an idempotency key.
 *
 * How much: what the creator should hold for this purchase — the transfer less the application
 * fee, less the creator's share (packages/shared's splitRefund) of the refunds still standing
 * that took money from the creator — minus what Stripe's objects say the creator holds (transfers
 * − reversals − application fee + fee refunds). No fee refund has to be matched to its refund
 * (Stripe does not link them). Refunds made without a reversal (the platform paid them, e.g. in
 * Stripe's Dashboard) are left out of both sides.
 * When the platform's balance cannot cover it yet (`balance_insufficient`), the scheduled
 * restore job tries again (restorePendingCreatorShares); the ledger shows the share with the
 * platform until then, as Stripe does.
 * @returns true when it made a transfer.
 * @throws Stripe errors other than an insufficient balance (the event is retried).
 */
async function restoreCreatorShares(prisma: PrismaClient, stripe: Stripe, purchase: PurchaseRow, s: StripeSnapshot, now: Date): Promise<boolean> {
  // Whatever waited is tried now; a refusal below schedules it again. Only a failed refund ever waits.
  if (!s.refunds.some(isFailed)) return false;
  await prisma.refund.updateMany({ where: { purchaseId: purchase.id, restoreRetryAt: { not: null } }, data: { restoreRetryAt: null } });
  const waiting = s.refunds.filter((refund) => isFailed(refund) && takesFromCreator(refund) && !s.restores.has(refund.id)).sort((a, b) => a.created - b.created);
  if (waiting.length === 0 || !s.charge || !s.transfer) return false;
  let owed = creatorShareOwed(s);
  let isMade = false;
  for (const refund of waiting) {
    // ISK and UGX transfers are whole units (shared amountStepFor): a remainder stays with the platform.
    const share = roundDownToAmountStep(Math.min(owed, takenFromCreator(refund, s)), s.transfer.currency, 'transfer');
    if (share <= 0) continue;
    const creator = await prisma.creatorAccount.findUniqueOrThrow({ where: { id: purchase.creatorId }, select: { stripeAccountId: true } });
    if (!creator.stripeAccountId) throw new Error(`Creator ${purchase.creatorId} of purchase ${purchase.id} has no connected account to give refund ${refund.id}'s share back to`);
    const group = restoreTransferGroup(refund.id);
    try {
      // One key per share and retry slot: racing syncs make one transfer; a refused attempt (which
      // Stripe remembers under its key) does not block the next slot's.
      const slot = Math.floor(now.getTime() / RESTORE_RETRY_MS);
      await stripe.transfers.create(
        // In the transfer's currency: the platform's settlement currency, in which `share` is counted.
        { amount: share, currency: s.transfer.currency, destination: creator.stripeAccountId, transfer_group: group, description: `Creator share of failed refund ${refund.id}`, metadata: { purchase_id: purchase.id, refund_id: refund.id } },
        { idempotencyKey: `${group}:${share}:${slot}` },
      );
      owed -= share;
      isMade = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'balance_insufficient') throw error;
      const ours = await prisma.refund.findUnique({ where: { stripeRefundId: refund.id }, select: { id: true } });
      if (ours) await prisma.refund.update({ where: { id: ours.id }, data: { restoreRetryAt: new Date(now.getTime() + RESTORE_RETRY_MS) } });
    }
  }
  return isMade;
}

/** Σ amount of `objects`, minor units. */
const sumAmounts = (objects: { amount: number }[]) => objects.reduce((total, o) => total + o.amount, 0);

/** Every reversal of the transfers that gave failed refunds' creator shares back. */
const restoreReversalsOf = (s: Pick<StripeSnapshot, 'restores'>) => [...s.restores.values()].flatMap((r) => r.reversals);

/** True when `refund` was made to take the creator's share back: it reversed the charge's transfer, or Marketdesk takes it from restoring transfers. */
const takesFromCreator = (refund: Stripe.Refund) => Boolean(refund.transfer_reversal) || Number(refund.metadata?.[FROM_RESTORES_METADATA_KEY] ?? 0) > 0;

/** What `refund` took from the creator's connected account, minor units: its transfer reversal and the restoring transfers' reversals made for it. */
function takenFromCreator(refund: Stripe.Refund, s: StripeSnapshot): number {
  const reversalId = typeof refund.transfer_reversal === 'string' ? refund.transfer_reversal : refund.transfer_reversal?.id;
  const reversed = s.transferReversals.find((r) => r.id === reversalId)?.amount ?? 0;
  const ourId = refund.metadata?.refund_id;
  const fromRestores = ourId ? sumAmounts(restoreReversalsOf(s).filter((r) => r.metadata?.refund_id === ourId)) : 0;
  return reversed + fromRestores;
}

/**
 * What the platform owes the creator of the snapshot's purchase, minor units (≤ 0: nothing): see
 * restoreCreatorShares. A standing refund took money from the creator when it reversed the
 * charge's transfer, or when Marketdesk reversed a restoring transfer for it (metadata `refund_id`).
 */
export function creatorShareOwed(s: Pick<StripeSnapshot, 'charge' | 'transfer' | 'transferReversals' | 'applicationFee' | 'feeRefunds' | 'refunds' | 'restores'>): number {
  const { charge, transfer } = s;
  if (!charge || !transfer) return 0;
  const fee = s.applicationFee?.amount ?? 0;
  const standing = sumAmounts(s.refunds.filter((refund) => !isFailed(refund) && takesFromCreator(refund)));
  const standingShare = standing > 0 ? splitRefund({ amount: standing, alreadyRefunded: 0, chargeAmount: charge.amount, transferAmount: transfer.amount, applicationFee: fee }).creatorShare : 0;
  const shouldHold = transfer.amount - fee - standingShare;
  const restoringTransfers = [...s.restores.values()].map((r) => r.transfer);
  const holds = transfer.amount - sumAmounts(s.transferReversals) - fee + sumAmounts(s.feeRefunds) + sumAmounts(restoringTransfers) - sumAmounts(restoreReversalsOf(s));
  return shouldHold - holds;
}

type PurchaseRow = Prisma.PurchaseGetPayload<object>;

/**
 * Writes the snapshot's rows, then posts its ledger transactions last: posting locks the hour's
 * and day's ledger total rows (the insert trigger of migration ledger_hourly_totals) until commit,
 * so every other sync of that story hour waits behind whatever runs after it. `now`: the clock's
 * time of this sync, for what Stripe does not date.
 */
async function applySnapshot(tx: Prisma.TransactionClient, purchase: PurchaseRow, s: StripeSnapshot, now: Date, confirmation: RefundConfirmation | null): Promise<void> {
  const { pi, charge } = s;
  if (pi.status === 'succeeded' && charge?.status === 'succeeded') {
    const status = paidPurchaseStatus(charge.amount, charge.amount_refunded);
    await tx.purchase.update({
      where: { id: purchase.id },
      data: {
        status, amountRefunded: charge.amount_refunded, chargeId: charge.id, paidAt: at(charge.created),
        settlementCurrency: s.chargeTransaction?.currency ?? null, settlementAmount: s.chargeTransaction?.amount ?? null,
        applicationFeeId: s.applicationFee?.id ?? (typeof charge.application_fee === 'string' ? charge.application_fee : null),
        transferId: s.transfer?.id ?? (typeof charge.transfer === 'string' ? charge.transfer : null),
      },
    });
    // The charge's transfer to the creator (its transfer.* events sync this purchase: readEventTarget).
    if (s.transfer) await storeTransfer(tx, s.transfer, { creatorId: purchase.creatorId, purchaseId: purchase.id });
    await applyRefunds(tx, purchase, s.refunds, confirmation);
    await applyDisputes(tx, purchase, s.disputes, now);
    // The subscription first (created, or renewed), so that the license follows its period.
    await syncPurchaseSubscription(tx, { purchase, pi, charge, failedCharges: s.failedCharges, now });
    // Only a purchase refunded in full ends its subscription.
    if (status === 'REFUNDED') await cancelFullyRefundedSubscription(tx, { purchaseId: purchase.id, now, isTierChange: Boolean(pi.metadata?.tier_change) });
    // Issue / revoke / suspend the license from the state just stored, in the same transaction.
    await syncPurchaseLicense(tx, { purchaseId: purchase.id, now });
  } else {
    if (purchase.status === 'PENDING' && pi.status === 'canceled') await tx.purchase.update({ where: { id: purchase.id }, data: { status: 'CANCELED' } });
    else if (purchase.status === 'PENDING' && (pi.last_payment_error || charge?.status === 'failed')) await tx.purchase.update({ where: { id: purchase.id }, data: { status: 'FAILED' } });
    // A declined renewal attempt (each one a new failed charge of the same PaymentIntent).
    await syncPurchaseSubscription(tx, { purchase, pi, charge, failedCharges: s.failedCharges, now });
  }
  const sale = { purchaseId: purchase.id, creatorId: purchase.creatorId, pluginId: purchase.pluginId, stream: revenueStreamOf(purchase.kind), licenseId: purchase.creditLicenseId };
  for (const posting of purchasePostings(sale, moneyObjects(s))) await postLedgerTransaction(tx, posting);
}

/**
 * Stores each of Stripe's refunds of the purchase: ours (by Stripe id or `metadata.refund_id`)
 * updated, others (e.g. made in Stripe's Dashboard) created. One of ours seen at Stripe for the
 * first time (matched by metadata) is audited `refunds.confirmed` (syncPurchase says by whom).
 */
async function applyRefunds(tx: Prisma.TransactionClient, purchase: PurchaseRow, refunds: Stripe.Refund[], confirmation: RefundConfirmation | null): Promise<void> {
  for (const refund of refunds) {
    const status = REFUND_STATUS[refund.status ?? 'pending'] ?? 'PENDING';
    const data = { status, failureReason: refund.failure_reason ?? null, stripeRefundId: refund.id };
    const byStripeId = await tx.refund.findUnique({ where: { stripeRefundId: refund.id }, select: { id: true } });
    const ourId = byStripeId?.id ?? refund.metadata?.refund_id;
    const ours = ourId ? await tx.refund.findFirst({ where: { id: ourId, purchaseId: purchase.id }, select: { id: true } }) : null;
    if (ours) {
      // Stripe's moment of the refund (ours was written a moment before we asked Stripe for it).
      await tx.refund.update({ where: { id: ours.id }, data: { ...data, createdAt: at(refund.created) } });
      if (!byStripeId) {
        const after = { stripeRefundId: refund.id, status };
        if (ours.id === confirmation?.refundId) await confirmation.audit(tx, after);
        else {
          await writeSystemAudit(tx, {
            action: 'refunds.confirmed', targetType: 'Refund', targetId: ours.id, after,
            reason: 'Stripe reported the refund before Marketdesk recorded its answer (the request that sent it stopped): confirmed from Stripe\'s report',
          });
        }
      }
    } else {
      await tx.refund.create({
        data: {
          ...data, purchaseId: purchase.id, amount: refund.amount, currency: refund.currency, idempotencyKey: `stripe:${refund.id}`,
          reason: REFUND_REASON[refund.reason ?? ''] ?? 'REQUESTED_BY_CUSTOMER', note: 'Refunded at Stripe', createdAt: at(refund.created),
        },
      });
    }
  }
}

async function applyDisputes(tx: Prisma.TransactionClient, purchase: PurchaseRow, disputes: Stripe.Dispute[], now: Date): Promise<void> {
  for (const dispute of disputes) {
    const status = disputeStatusFromStripe(dispute.status);
    const isClosed = isDisputeClosed(status);
    const fields = {
      amount: dispute.amount, currency: dispute.currency, reason: dispute.reason, status,
      evidenceDueBy: dispute.evidence_details?.due_by ? at(dispute.evidence_details.due_by) : null,
      // Stripe's evidence_details as reported; the evidence itself is kept as the console sent it.
      hasEvidence: dispute.evidence_details?.has_evidence ?? false,
      evidenceSubmissionCount: dispute.evidence_details?.submission_count ?? 0,
      isEvidencePastDue: dispute.evidence_details?.past_due ?? false,
    };
    const existing = await tx.dispute.findUnique({ where: { stripeDisputeId: dispute.id }, select: { closedAt: true } });
    const closedAt = isClosed ? (existing?.closedAt ?? now) : null;
    await tx.dispute.upsert({
      where: { stripeDisputeId: dispute.id },
      create: { ...fields, closedAt, stripeDisputeId: dispute.id, purchaseId: purchase.id, createdAt: at(dispute.created) },
      update: { ...fields, closedAt },
    });
  }
}

/**
 * The restore job: syncs each purchase with a failed refund whose creator share Stripe refused
 * for an insufficient balance and whose `restoreRetryAt` has come (at most `input.limit`, oldest
 * first), so the share is transferred once the platform's funds are available. Refunds are claimed
 * with `FOR UPDATE SKIP LOCKED` and their retry time pushed one RESTORE_RETRY_MS ahead, so any
 * number of processes can run it; the sync clears or reschedules it.
 * @returns how many purchases were synced.
 * @throws AppError PRECONDITION_FAILED without Stripe; the first sync error after the others ran.
 */
export async function restorePendingCreatorShares(deps: PaymentsDeps, input: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const limit = input.limit ?? 50;
  const claimed = await deps.prisma.$queryRaw<{ purchaseId: string; paymentIntentId: string }[]>`
    WITH due AS (
      SELECT id FROM "Refund" WHERE "restoreRetryAt" <= ${now} ORDER BY "restoreRetryAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE "Refund" r SET "restoreRetryAt" = ${new Date(now.getTime() + RESTORE_RETRY_MS)}
      FROM due, "Purchase" p WHERE r.id = due.id AND p.id = r."purchaseId"
    RETURNING r."purchaseId", p."paymentIntentId"`;
  const paymentIntents = [...new Set(claimed.map((row) => row.paymentIntentId))];
  const errors: unknown[] = [];
  for (const paymentIntentId of paymentIntents) {
    await syncPurchase(deps, { paymentIntentId }).catch((error: unknown) => errors.push(error));
  }
  if (errors.length > 0) throw errors[0];
  return paymentIntents.length;
}
