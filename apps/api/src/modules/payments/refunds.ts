/**
 * Refunds issued by finance. The cap is captured − refunded (pending and succeeded, including
 * refunds not yet confirmed by Stripe), and nothing once a chargeback that was not won exists
 * (Stripe refuses any refund then: `charge_disputed`; packages/shared's refundableAmount); a
 * purchase with an open dispute, inquiries included, cannot be refunded either. Every refund reverses
 * the creator's transfer and refunds the application fee proportionally (Stripe's
 * `reverse_transfer` + `refund_application_fee`), so creator and platform give back their shares;
 * the preview computes them with `splitRefund` (packages/shared), the rule the emulator applies.
 *
 * Exactly once: the Refund row is written (with the audit row) before Stripe is called, keyed by
 * a deterministic idempotency key `refund:<purchaseId>:<requestKey>` (the console makes one
 * request key per refund dialog). The same request again — a double-click, a retry after a
 * timeout or 5xx — finds the row and calls Stripe with the same key, so Stripe makes one refund;
 * the ledger posting is keyed by the Stripe refund id. A refund Stripe refuses is marked FAILED.
 */
import { AppError, CHARGEBACK_WITHHELD_STATUSES, formatMoney, OPEN_DISPUTE_STATUSES, REFUND_STATUSES_HOLDING_MONEY, refundableAmount, splitRefund } from '@marketdesk/shared';
import type { Prisma, PrismaClient, RefundReason } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { isRetryableStripeError, requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { syncPurchase } from './sync-purchase.ts';



export interface RefundRequest {
  /** Who issues it (finance), for the refund row and its audit rows. */
  actor: Actor;
  purchaseId: string;
  /** Minor units of `currency`. */
  amount: number;
  /** Must be the purchase's currency. */
  currency: string;
  reason: RefundReason;
  note: string;
  revokeLicense: boolean;
  /** One per refund dialog: the same key is the same refund. */
  requestKey: string;
}

export interface RefundSplit {
  /** Minor units given back to the buyer. */
  amount: number;
  currency: string;
  /** Taken back from the creator's share (transfer reversal − fee refunded). */
  creatorShare: number;
  /** Application fee the platform gives back. */
  platformShare: number;
  /** What is left refundable before this refund. */
  refundable: number;
  isFullRefund: boolean;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** What was refunded (pending + succeeded), what can still be refunded (packages/shared's refundableAmount), and whether a dispute is open, minor units. */
async function readRefundable(db: Db, purchaseId: string) {
  const purchase = await db.purchase.findUnique({ where: { id: purchaseId }, select: { id: true, status: true, amount: true, currency: true, applicationFeeAmount: true, chargeId: true } });
  if (!purchase) throw new AppError('NOT_FOUND', { message: `No purchase ${purchaseId}`, field: 'purchaseId' });
  const [refunded, chargebacks, open] = await Promise.all([
    db.refund.aggregate({ where: { purchaseId, status: { in: [...REFUND_STATUSES_HOLDING_MONEY] } }, _sum: { amount: true } }),
    db.dispute.count({ where: { purchaseId, status: { in: [...CHARGEBACK_WITHHELD_STATUSES] } } }),
    db.dispute.count({ where: { purchaseId, status: { in: [...OPEN_DISPUTE_STATUSES] } } }),
  ]);
  const alreadyRefunded = refunded._sum.amount ?? 0;
  const refundable = purchase.status === 'SUCCEEDED' ? refundableAmount({ captured: purchase.amount, refunded: alreadyRefunded, isChargedBack: chargebacks > 0 }) : 0;
  return { purchase, alreadyRefunded, refundable, hasOpenDispute: open > 0 };
}

/**
 * Checks a refund `{ purchaseId, amount, currency }` (minor units of the purchase's currency) and
 * computes who gives back what (for the confirmation dialog). `deps.prisma` may be a transaction
 * client: createRefund runs the same check under the purchase's row lock.
 * @returns the split in minor units (buyer's amount, creator's and platform's shares) and what was refundable.
 * @throws AppError NOT_FOUND (no purchase), INVALID_INPUT (unpaid purchase, wrong currency, amount
 *   ≤ 0 or over the cap — the message names the refundable amount), CONFLICT (open dispute).
 */
export async function previewRefund(deps: { prisma: Db }, input: Pick<RefundRequest, 'purchaseId' | 'amount' | 'currency'>): Promise<RefundSplit> {
  const { purchase, alreadyRefunded, refundable, hasOpenDispute } = await readRefundable(deps.prisma, input.purchaseId);
  if (purchase.status !== 'SUCCEEDED') throw new AppError('INVALID_INPUT', { message: `Purchase ${purchase.id} is ${purchase.status.toLowerCase()}, not paid: nothing to refund`, field: 'purchaseId' });
  if (input.currency.toLowerCase() !== purchase.currency) throw new AppError('INVALID_INPUT', { message: `The purchase was paid in ${purchase.currency.toUpperCase()}, not ${input.currency.toUpperCase()}`, field: 'currency' });
  if (hasOpenDispute) throw new AppError('CONFLICT', { message: `Purchase ${purchase.id} has an open dispute: it cannot be refunded until the dispute is closed` });
  const remaining = `${formatMoney(refundable, purchase.currency)} (${refundable} minor units) remains refundable`;
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError('INVALID_INPUT', { message: `The amount must be a positive whole number of minor units; ${remaining}`, field: 'amount' });
  if (input.amount > refundable) throw new AppError('INVALID_INPUT', { message: `${formatMoney(input.amount, purchase.currency)} is more than can be refunded: ${remaining}`, field: 'amount' });
  // A destination charge transfers the whole amount; Stripe reverses it and refunds the fee in proportion.
  const { creatorShare, platformShare } = splitRefund({ amount: input.amount, alreadyRefunded, chargeAmount: purchase.amount, transferAmount: purchase.amount, applicationFee: purchase.applicationFeeAmount });
  // Full: it refunds everything still refundable (the purchase ends fully refunded and its license is revoked), not "amount = price".
  return { amount: input.amount, currency: purchase.currency, creatorShare, platformShare, refundable, isFullRefund: input.amount === refundable };
}

export interface RefundResult {
  refundId: string;
  stripeRefundId: string | null;
  status: 'PENDING' | 'REQUIRES_ACTION' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';
  amount: number;
  currency: string;
  failureReason: string | null;
}

const RESULT_SELECT = { id: true, stripeRefundId: true, status: true, amount: true, currency: true, failureReason: true } as const;
const toResult = (r: { id: string; stripeRefundId: string | null; status: RefundResult['status']; amount: number; currency: string; failureReason: string | null }): RefundResult => ({
  refundId: r.id, stripeRefundId: r.stripeRefundId, status: r.status, amount: r.amount, currency: r.currency, failureReason: r.failureReason,
});

/**
 * Issues (or completes) the refund `input` describes — `{ actor, purchaseId, amount (minor units),
 * currency, reason, note, revokeLicense, requestKey }` — audited as `actor`; see the module comment
 * for exactly-once. Then syncs the purchase from Stripe (syncPurchase).
 * @throws AppError as {@link previewRefund} for a new refund; CONFLICT when the request key was
 *   used for a different refund; PRECONDITION_FAILED without Stripe; UPSTREAM_FAILED when Stripe
 *   timed out or failed (the refund stays PENDING: send the same request again); INVALID_INPUT when
 *   Stripe refused it (marked FAILED).
 */
export async function createRefund(deps: PaymentsDeps, input: RefundRequest): Promise<RefundResult> {
  const stripe = requireStripe(deps);
  const { actor } = input;
  const idempotencyKey = `refund:${input.purchaseId}:${input.requestKey}`;
  const row = await deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Purchase" WHERE id = ${input.purchaseId} FOR UPDATE`;
    const existing = await tx.refund.findUnique({ where: { idempotencyKey }, select: { ...RESULT_SELECT, purchaseId: true } });
    if (existing) {
      if (existing.purchaseId !== input.purchaseId || existing.amount !== input.amount) throw new AppError('CONFLICT', { message: 'This refund request key was already used for another refund; open the refund dialog again' });
      return existing;
    }
    await previewRefund({ prisma: tx }, input);
    const created = await tx.refund.create({
      data: { purchaseId: input.purchaseId, amount: input.amount, currency: input.currency.toLowerCase(), reason: input.reason, note: input.note, revokeLicense: input.revokeLicense, idempotencyKey, requestedById: actor.userId },
      select: { ...RESULT_SELECT, purchaseId: true },
    });
    await writeAudit(tx, { actor, action: 'refunds.create', targetType: 'Purchase', targetId: input.purchaseId, reason: input.note, after: { refundId: created.id, amount: input.amount, currency: input.currency, reason: input.reason, revokeLicense: input.revokeLicense } });
    return created;
  }, { timeout: 30_000, maxWait: 30_000 });
  if (row.stripeRefundId || row.status !== 'PENDING') return toResult(row);

  const purchase = await deps.prisma.purchase.findUniqueOrThrow({ where: { id: input.purchaseId }, select: { chargeId: true, paymentIntentId: true } });
  try {
    await stripe.refunds.create(
      {
        charge: purchase.chargeId!, amount: row.amount, reason: input.reason.toLowerCase() as 'duplicate' | 'fraudulent' | 'requested_by_customer',
        reverse_transfer: true, refund_application_fee: true, metadata: { refund_id: row.id, purchase_id: input.purchaseId },
      },
      { idempotencyKey },
    );
  } catch (error) {
    if (isRetryableStripeError(error)) {
      throw new AppError('UPSTREAM_FAILED', { message: `Stripe did not confirm refund ${row.id}: ${(error as Error).message}`, userMessage: 'Stripe did not answer; the refund is pending — send it again to complete it (it will not be refunded twice)', cause: error });
    }
    const message = (error as Error).message;
    await deps.prisma.$transaction(async (tx) => {
      await tx.refund.update({ where: { id: row.id }, data: { status: 'FAILED', failureReason: message } });
      await writeAudit(tx, { actor, action: 'refunds.failed', targetType: 'Refund', targetId: row.id, reason: message, before: { status: 'PENDING' }, after: { status: 'FAILED' } });
    });
    throw new AppError('INVALID_INPUT', { message: `Stripe refused the refund: ${message}`, cause: error });
  }
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId });
  const done = await deps.prisma.refund.findUniqueOrThrow({ where: { id: row.id }, select: RESULT_SELECT });
  await deps.prisma.$transaction((tx) => writeAudit(tx, { actor, action: 'refunds.confirmed', targetType: 'Refund', targetId: row.id, after: { stripeRefundId: done.stripeRefundId, status: done.status } }));
  return toResult(done);
}
