/**
 * Refunds issued by finance. The cap is captured − refunded (pending and succeeded, including
 * refunds not yet confirmed by Stripe), and nothing once a chargeback that was not won exists
 * (Stripe refuses any refund then: `charge_disputed`; packages/shared's refundableAmount); a
 * purchase with an open dispute, inquiries included, cannot be refunded either. Every refund reverses
 * the creator's transfer and refunds the application fee proportionally (Stripe's
 * `reverse_transfer` + `refund_application_fee`), so creator and platform give back their shares;
 * the preview computes them with `splitRefund` (packages/shared), the rule the emulator applies.
 * After a failed refund Stripe keeps its reversal and fee refund, and Marketdesk gave the creator's
 * share back by a separate transfer (sync-purchase.ts): the charge's transfer then has less left
 * to reverse than the usual split takes. The part Stripe's reversal no longer covers is taken back
 * by reversing those restoring transfers, so a retry splits as the preview said.
 * A refund that leaves nothing refundable of a subscription's payment cancels the subscription at
 * once (the sync does it) unless finance sets `keepSubscription`; the preview says which.
 * A credit pack (kind CREDIT_PACK) is a platform charge: its refund reverses no transfer and
 * refunds no application fee, gives back only unused credits — at most the license's available
 * credits (packages/shared creditPackRefundable), checked under the license's row lock — and
 * never touches the license (not even a full refund revokes it). Its PENDING row reserves the
 * credits until the sync posts CREDIT_LIABILITY −R (credit-balance.ts availableCreditsOf).
 *
 * Exactly once: the Refund row is written (with the audit row) before Stripe is called, keyed by
 * a deterministic idempotency key `refund:<purchaseId>:<requestKey>` (the console makes one
 * request key per refund dialog). The same request again — a double-click, a retry after a
 * timeout or 5xx — finds the row and calls Stripe with the same key, so Stripe makes one refund;
 * the ledger posting is keyed by the Stripe refund id. A refund Stripe refuses is marked FAILED.
 * A refund Stripe did not answer (down, timed out, or the process died before the answer was
 * recorded) stays PENDING without a Stripe id; the resend job sends it again with the same key
 * without anyone asking (resend-pending-refunds.ts).
 */
import type Stripe from 'stripe';
import { AppError, CHARGEBACK_WITHHELD_STATUSES, checkStripeAmount, creditPackRefundable, formatMoney, isPaidPurchase, OPEN_DISPUTE_STATUSES, REFUND_STATUSES_HOLDING_MONEY, refundableAmount, roundDownToAmountStep, splitRefund } from '@marketdesk/shared';
import type { Prisma, PrismaClient, RefundReason } from '../../generated/prisma/client.ts';
import { writeAudit, writeSystemAudit, type Actor } from '../audit/index.ts';
import { reachFaultPoint } from '../../platform/faults.ts';
import { isRetryableStripeError, requireStripe } from '../../platform/stripe/access.ts';
import { pendingCreditRefundsOf } from './credit-balance.ts';
import type { PaymentsDeps } from './deps.ts';
import { creditBalanceOf } from './ledger.ts';
import { FROM_RESTORES_METADATA_KEY, restoreTransferGroup, syncPurchase } from './sync-purchase.ts';



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
  /** A full refund of a subscription's payment keeps the subscription (by default it is canceled at once). */
  keepSubscription?: boolean;
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
  /** The purchase's subscription, and whether this refund cancels it at once (a full refund, unless kept); null without one. */
  subscription: { id: string; status: string; willCancel: boolean } | null;
  /** The split in the settlement currency, estimated at the charge's rate, when the charge settled in another currency; absent otherwise. */
  settlement?: { currency: string; amount: number; creatorShare: number; platformShare: number };
  /** A credit pack: its license and the credits it may still refund (minor units, before this refund); absent otherwise. */
  creditPack?: { licenseId: string; availableCredits: number };
}

type Db = PrismaClient | Prisma.TransactionClient;

/** What was refunded (pending + succeeded), what can still be refunded (packages/shared's refundableAmount), and whether a dispute is open, minor units. */
async function readRefundable(db: Db, purchaseId: string) {
  const purchase = await db.purchase.findUnique({
    where: { id: purchaseId },
    select: {
      id: true, status: true, kind: true, creditLicenseId: true, amount: true, currency: true, applicationFeeAmount: true, chargeId: true, settlementCurrency: true, settlementAmount: true,
      subscription: { select: { id: true, status: true } },
    },
  });
  if (!purchase) throw new AppError('NOT_FOUND', { message: `No purchase ${purchaseId}`, field: 'purchaseId' });
  const [refunded, chargebacks, open] = await Promise.all([
    db.refund.aggregate({ where: { purchaseId, status: { in: [...REFUND_STATUSES_HOLDING_MONEY] } }, _sum: { amount: true } }),
    db.dispute.count({ where: { purchaseId, status: { in: [...CHARGEBACK_WITHHELD_STATUSES] } } }),
    db.dispute.count({ where: { purchaseId, status: { in: [...OPEN_DISPUTE_STATUSES] } } }),
  ]);
  const alreadyRefunded = refunded._sum.amount ?? 0;
  let refundable = isPaidPurchase(purchase.status) ? refundableAmount({ captured: purchase.amount, refunded: alreadyRefunded, isChargedBack: chargebacks > 0 }) : 0;
  let creditPack: { licenseId: string; availableCredits: number } | undefined;
  if (purchase.kind === 'CREDIT_PACK' && purchase.creditLicenseId) {
    // Only unused credits go back. Locked: a usage draw of the same credits waits (or ran first and is counted).
    const creditBalance = await creditBalanceOf(db, purchase.creditLicenseId, { isLocking: true });
    const pendingCreditRefunds = await pendingCreditRefundsOf(db, purchase.creditLicenseId);
    refundable = creditPackRefundable({ purchaseRefundable: refundable, creditBalance, pendingCreditRefunds });
    creditPack = { licenseId: purchase.creditLicenseId, availableCredits: Math.max(0, creditBalance - pendingCreditRefunds) };
  }
  return { purchase, alreadyRefunded, refundable, hasOpenDispute: open > 0, creditPack };
}

/**
 * Checks a refund `{ purchaseId, amount, currency }` (minor units of the purchase's currency) and
 * computes who gives back what (for the confirmation dialog). `deps.prisma` may be a transaction
 * client: createRefund runs the same check under the purchase's row lock.
 * @returns the split in minor units (buyer's amount, creator's and platform's shares) and what was refundable.
 * @throws AppError NOT_FOUND (no purchase), INVALID_INPUT (unpaid purchase, wrong currency, amount
 *   ≤ 0 or over the cap — the message names the refundable amount), CONFLICT (open dispute).
 */
export async function previewRefund(deps: { prisma: Db }, input: Pick<RefundRequest, 'purchaseId' | 'amount' | 'currency' | 'keepSubscription'>): Promise<RefundSplit> {
  const { purchase, alreadyRefunded, refundable, hasOpenDispute, creditPack } = await readRefundable(deps.prisma, input.purchaseId);
  if (!isPaidPurchase(purchase.status)) throw new AppError('INVALID_INPUT', { message: `Purchase ${purchase.id} is ${purchase.status.toLowerCase()}, not paid: nothing to refund`, field: 'purchaseId' });
  if (input.currency.toLowerCase() !== purchase.currency) throw new AppError('INVALID_INPUT', { message: `The purchase was paid in ${purchase.currency.toUpperCase()}, not ${input.currency.toUpperCase()}`, field: 'currency' });
  if (hasOpenDispute) throw new AppError('CONFLICT', { message: `Purchase ${purchase.id} has an open dispute: it cannot be refunded until the dispute is closed` });
  const isCreditPack = purchase.kind === 'CREDIT_PACK';
  const remaining = `${formatMoney(refundable, purchase.currency)} (${refundable} minor units) remains refundable${isCreditPack ? ' (only unused credits of the license are refundable)' : ''}`;
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError('INVALID_INPUT', { message: `The amount must be a positive whole number of minor units; ${remaining}`, field: 'amount' });
  const stepRefusal = checkStripeAmount(input.amount, purchase.currency, 'refund');
  if (stepRefusal) throw new AppError('INVALID_INPUT', { message: stepRefusal, field: 'amount' });
  if (input.amount > refundable) throw new AppError('INVALID_INPUT', { message: `${formatMoney(input.amount, purchase.currency)} is more than can be refunded: ${remaining}`, field: 'amount' });
  // A destination charge transfers the whole amount; Stripe reverses it and refunds the fee in proportion. A credit pack has neither: the platform gives it all back.
  const { creatorShare, platformShare } = splitRefund({ amount: input.amount, alreadyRefunded, chargeAmount: purchase.amount, transferAmount: isCreditPack ? 0 : purchase.amount, applicationFee: isCreditPack ? 0 : purchase.applicationFeeAmount });
  // Full: it refunds everything still refundable (the purchase ends fully refunded and its license is revoked), not "amount = price".
  const isFullRefund = input.amount === refundable;
  const { subscription: sub } = purchase;
  const subscription = sub ? { id: sub.id, status: sub.status, willCancel: isFullRefund && sub.status !== 'CANCELED' && !input.keepSubscription } : null;
  const settlement = isCreditPack ? null : await settlementSplit(deps.prisma, purchase, { amount: input.amount, alreadyRefunded });
  return { amount: input.amount, currency: purchase.currency, creatorShare, platformShare, refundable, isFullRefund, subscription, ...(settlement ? { settlement } : {}), ...(creditPack ? { creditPack } : {}) };
}

/**
 * The split of a refund of `amount` (presentment minor units) in the currency the charge settled
 * in, or null when it settled in its own: the transfer is the settled amount, the application
 * fee what the ledger posted for it, and the refund's settled amount `amount` at the charge's rate
 * (settlementAmount / amount, rounded half up). An estimate: Stripe converts at its own rate.
 */
async function settlementSplit(db: Db, purchase: { id: string; amount: number; currency: string; settlementCurrency: string | null; settlementAmount: number | null }, input: { amount: number; alreadyRefunded: number }) {
  const { settlementCurrency, settlementAmount } = purchase;
  if (!settlementCurrency || settlementAmount === null || settlementCurrency === purchase.currency) return null;
  const fee = await db.ledgerEntry.aggregate({ where: { accountType: 'PLATFORM_FEES', transaction: { purchaseId: purchase.id, kind: 'application_fee' } }, _sum: { amount: true } });
  const { creatorShare } = splitRefund({ amount: input.amount, alreadyRefunded: input.alreadyRefunded, chargeAmount: purchase.amount, transferAmount: settlementAmount, applicationFee: Number(fee._sum.amount ?? 0n) });
  const settled = Number((BigInt(input.amount) * BigInt(settlementAmount) * 2n + BigInt(purchase.amount)) / (BigInt(purchase.amount) * 2n));
  return { currency: settlementCurrency, amount: settled, creatorShare, platformShare: settled - creatorShare };
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
 *   timed out or failed (the refund stays PENDING: the resend job — resend-pending-refunds.ts — or the same request again completes it); INVALID_INPUT when
 *   Stripe refused it (marked FAILED).
 */
export async function createRefund(deps: PaymentsDeps, input: RefundRequest): Promise<RefundResult> {
  requireStripe(deps);
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
    const { kind } = await tx.purchase.findUniqueOrThrow({ where: { id: input.purchaseId }, select: { kind: true } });
    const created = await tx.refund.create({
      data: {
        purchaseId: input.purchaseId, amount: input.amount, currency: input.currency.toLowerCase(), reason: input.reason, note: input.note,
        // A credit pack's refund never touches the license (the credits were extra, the license was paid for elsewhere).
        revokeLicense: kind === 'CREDIT_PACK' ? false : input.revokeLicense, keepSubscription: input.keepSubscription ?? false, idempotencyKey, requestedById: actor.userId,
      },
      select: { ...RESULT_SELECT, purchaseId: true },
    });
    await writeAudit(tx, { actor, action: 'refunds.create', targetType: 'Purchase', targetId: input.purchaseId, reason: input.note, after: { refundId: created.id, amount: input.amount, currency: input.currency, reason: input.reason, revokeLicense: input.revokeLicense, keepSubscription: input.keepSubscription ?? false } });
    return created;
  }, { timeout: 30_000, maxWait: 30_000 });
  if (row.stripeRefundId || row.status !== 'PENDING') return toResult(row);
  return sendRefundToStripe(deps, { refundId: row.id, purchaseId: input.purchaseId, amount: row.amount, reason: input.reason, idempotencyKey, auditAs: { actor } });
}

/** Whom a refund's outcome at Stripe is audited as: the finance user who asked, or the system (the resend job, with its reason). */
export type RefundAuditor = { actor: Actor } | { systemReason: string };

/**
 * Sends stored PENDING refund `input.refundId` (`amount` minor units of purchase `purchaseId`) to
 * Stripe with its idempotency key — the first time, or again after Stripe did not answer (the
 * same key makes one refund) — then syncs the purchase, which audits the confirmation as `auditAs` (or as the system, had the webhook's sync seen the refund first: exactly one `refunds.confirmed` either way).
 * @throws AppError UPSTREAM_FAILED when Stripe timed out or failed (the refund stays PENDING; the
 *   resend job or the same request again completes it); INVALID_INPUT when Stripe refused it (marked FAILED).
 */
export async function sendRefundToStripe(deps: PaymentsDeps, input: { refundId: string; purchaseId: string; amount: number; reason: RefundReason; idempotencyKey: string; auditAs: RefundAuditor }): Promise<RefundResult> {
  const stripe = requireStripe(deps);
  const { refundId, idempotencyKey, auditAs } = input;
  const audit = (tx: Prisma.TransactionClient, record: Omit<Parameters<typeof writeSystemAudit>[1], 'reason'> & { reason?: string }) =>
    'actor' in auditAs ? writeAudit(tx, { ...record, actor: auditAs.actor }) : writeSystemAudit(tx, { ...record, reason: record.reason ?? auditAs.systemReason });
  const purchase = await deps.prisma.purchase.findUniqueOrThrow({ where: { id: input.purchaseId }, select: { chargeId: true, paymentIntentId: true, kind: true } });
  // A credit pack is a platform charge: nothing was transferred, no application fee taken.
  const isDestinationCharge = purchase.kind !== 'CREDIT_PACK';
  try {
    const fromRestores = isDestinationCharge ? await creatorShareFromRestores(stripe, purchase.chargeId!, input.amount) : 0;
    const refund = await stripe.refunds.create(
      {
        charge: purchase.chargeId!, amount: input.amount, reason: input.reason.toLowerCase() as 'duplicate' | 'fraudulent' | 'requested_by_customer',
        ...(isDestinationCharge ? { reverse_transfer: true, refund_application_fee: true } : {}),
        metadata: { refund_id: refundId, purchase_id: input.purchaseId, ...(fromRestores > 0 ? { [FROM_RESTORES_METADATA_KEY]: String(fromRestores) } : {}) },
      },
      { idempotencyKey },
    );
    // A replay answers the first refund, with the share it was made with.
    await reverseRestoringTransfers(deps, stripe, { refund, refundId, purchaseId: input.purchaseId, idempotencyKey });
  } catch (error) {
    if (isRetryableStripeError(error)) {
      throw new AppError('UPSTREAM_FAILED', { message: `Stripe did not confirm refund ${refundId}: ${(error as Error).message}`, userMessage: 'Stripe did not answer; the refund is pending and is sent again until Stripe confirms it (it will not be refunded twice)', cause: error });
    }
    const message = (error as Error).message;
    await deps.prisma.$transaction(async (tx) => {
      await tx.refund.update({ where: { id: refundId }, data: { status: 'FAILED', failureReason: message } });
      await audit(tx, { action: 'refunds.failed', targetType: 'Refund', targetId: refundId, reason: message, before: { status: 'PENDING' }, after: { status: 'FAILED' } });
    });
    throw new AppError('INVALID_INPUT', { message: `Stripe refused the refund: ${message}`, cause: error });
  }
  // Dying here leaves the row PENDING without Stripe's id: the webhook's sync matches Stripe's refund by metadata.refund_id.
  reachFaultPoint('refund.after-stripe-call');
  // Audited `refunds.confirmed` by the sync that first sees the refund at Stripe: this one, or the webhook's had it been first.
  const confirmation = { refundId, audit: (tx: Prisma.TransactionClient, after: object) => audit(tx, { action: 'refunds.confirmed', targetType: 'Refund', targetId: refundId, after }) };
  await syncPurchase(deps, { paymentIntentId: purchase.paymentIntentId, confirmation });
  return toResult(await deps.prisma.refund.findUniqueOrThrow({ where: { id: refundId }, select: RESULT_SELECT }));
}

/**
 * The part of a refund of `amount` on `chargeId` that Stripe's `reverse_transfer` +
 * `refund_application_fee` will not take from the creator, although the usual split does: the
 * usual creator share (splitRefund with what earlier standing refunds took) less the share
 * Stripe computes from what was actually reversed and refunded (failed refunds keep theirs).
 * 0 on a charge without failed refunds. Minor units.
 * @throws Stripe errors (the refund stays PENDING and is sent again).
 */
async function creatorShareFromRestores(stripe: Stripe, chargeId: string, amount: number): Promise<number> {
  const charge = await stripe.charges.retrieve(chargeId, { expand: ['transfer', 'application_fee'] });
  const transfer = typeof charge.transfer === 'object' ? charge.transfer : null;
  const fee = typeof charge.application_fee === 'object' ? charge.application_fee : null;
  if (!transfer) return 0;
  const base = { amount, alreadyRefunded: charge.amount_refunded, chargeAmount: charge.amount, transferAmount: transfer.amount, applicationFee: fee?.amount ?? 0 };
  const usual = splitRefund(base);
  const atStripe = splitRefund({ ...base, transferReversed: transfer.amount_reversed, applicationFeeRefunded: fee?.amount_refunded ?? 0 });
  return Math.max(0, usual.creatorShare - atStripe.creatorShare);
}

/**
 * Takes the creator's share that `input.refund`'s metadata says Stripe's reversal did not cover
 * back from the transfers that gave failed refunds' shares back, oldest first, as transfer
 * reversals tagged with the refund (`metadata.refund_id`) — each posts itself to the ledger.
 * What earlier attempts of the same request reversed counts, so a replay reverses nothing twice.
 * A share whose restoring transfer was not made yet (the platform's balance could not cover it)
 * is not transferred at all: the restore job leaves it with the platform (creatorShareOwed).
 * @throws Stripe errors (the request is sent again with the same key).
 */
async function reverseRestoringTransfers(deps: PaymentsDeps, stripe: Stripe, input: { refund: Stripe.Refund; refundId: string; purchaseId: string; idempotencyKey: string }): Promise<void> {
  let remaining = Number(input.refund.metadata?.[FROM_RESTORES_METADATA_KEY] ?? 0);
  if (!(remaining > 0)) return;
  const failed = await deps.prisma.refund.findMany({ where: { purchaseId: input.purchaseId, status: { in: ['FAILED', 'CANCELED'] }, stripeRefundId: { not: null } }, select: { stripeRefundId: true }, orderBy: { createdAt: 'asc' } });
  const restores: Stripe.Transfer[] = [];
  for (const { stripeRefundId } of failed) restores.push(...(await stripe.transfers.list({ transfer_group: restoreTransferGroup(stripeRefundId!), limit: 10 })).data);
  for (const transfer of restores) {
    const reversals = await stripe.transfers.listReversals(transfer.id, { limit: 100 }).autoPagingToArray({ limit: 10_000 });
    remaining -= reversals.filter((r) => r.metadata?.refund_id === input.refundId).reduce((sum, r) => sum + r.amount, 0);
  }
  for (const transfer of restores) {
    const take = roundDownToAmountStep(Math.min(remaining, transfer.amount - transfer.amount_reversed), transfer.currency, 'transfer');
    if (take <= 0) continue;
    await stripe.transfers.createReversal(
      transfer.id,
      { amount: take, description: `Creator share of refund ${input.refundId}`, metadata: { refund_id: input.refundId, purchase_id: input.purchaseId } },
      { idempotencyKey: `${input.idempotencyKey}:restore:${transfer.id}:${take}` },
    );
    remaining -= take;
  }
}
