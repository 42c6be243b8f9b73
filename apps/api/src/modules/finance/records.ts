/**
 * Finance records: purchase search and timeline, disputes, payouts, Stripe events. Lists are
 * newest first with an opaque cursor (the last row's id; `take: limit + 1` tells whether more exist).
 */
import { AppError, FAILED_REFUND_STATUSES, isChargebackWithheld, isDisputeOpen, isPaidPurchase, isRefundHoldingMoney, refundableAmount, type TimelineKind } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { cursorArgs, page } from '../../platform/db/pagination.ts';
import type { FinanceDeps } from './deps.ts';
import { SUBSCRIPTION_WITH_PURCHASES_SELECT } from '../subscriptions/index.ts';

const PURCHASE_SELECT = {
  id: true, buyerEmail: true, pluginId: true, creatorId: true, amount: true, currency: true, applicationFeeAmount: true, status: true,
  paymentIntentId: true, chargeId: true, createdAt: true, paidAt: true, plugin: { select: { name: true } }, creator: { select: { displayName: true } },
} as const satisfies Prisma.PurchaseSelect;

type PurchaseRow = Prisma.PurchaseGetPayload<{ select: typeof PURCHASE_SELECT }>;
const toSummary = ({ plugin, creator, ...p }: PurchaseRow) => ({ ...p, pluginName: plugin.name, creatorName: creator.displayName });

/**
 * Purchases whose buyer email contains `query`, or whose PaymentIntent, charge, refund or own id
 * is `query` — with `refunds: 'failed'`, only those with a failed or canceled refund
 * (FAILED_REFUND_STATUSES); with `pluginId` / `creatorId`, only that plugin's / creator's; newest
 * first, `limit` after `cursor` (a purchase id). @returns `{ items, nextCursor }`.
 */
export async function searchPurchases(deps: FinanceDeps, input: { query: string; refunds?: 'failed'; pluginId?: string; creatorId?: string; limit: number; cursor?: string }) {
  const { prisma } = deps;
  const q = input.query.trim();
  let where: Prisma.PurchaseWhereInput = {};
  if (q.startsWith('pi_')) where = { paymentIntentId: q };
  else if (/^(ch|py)_/.test(q)) where = { chargeId: q };
  else if (q.startsWith('re_')) where = { refunds: { some: { stripeRefundId: q } } };
  else if (/^(pur_|c[a-z0-9]{20,})/.test(q)) where = { id: q };
  else if (q) where = { buyerEmail: { contains: q.toLowerCase() } };
  if (input.refunds === 'failed') where = { AND: [where, { refunds: { some: { status: { in: [...FAILED_REFUND_STATUSES] } } } }] };
  if (input.pluginId) where = { AND: [where, { pluginId: input.pluginId }] };
  if (input.creatorId) where = { AND: [where, { creatorId: input.creatorId }] };
  const rows = await prisma.purchase.findMany({ where, select: PURCHASE_SELECT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...cursorArgs(input.cursor) });
  const result = page(rows, input.limit);
  return { items: result.items.map(toSummary), nextCursor: result.nextCursor };
}

const REFUND_SELECT = { id: true, purchaseId: true, stripeRefundId: true, amount: true, currency: true, reason: true, note: true, status: true, failureReason: true, revokeLicense: true, createdAt: true } as const;
const DISPUTE_SELECT = { id: true, purchaseId: true, stripeDisputeId: true, amount: true, currency: true, reason: true, status: true, evidenceDueBy: true, createdAt: true, closedAt: true } as const;

/**
 * Purchase `{ purchaseId }` with its refunds, disputes and a timeline built from the ledger
 * (each posting's effect on the creator, the platform and Stripe fees, minor units) plus the
 * steps that moved no money, and the subscription it paid for with all of that subscription's
 * purchases (null when one-time).
 * @throws AppError NOT_FOUND when there is no such purchase.
 */
export async function readPurchaseTimeline(deps: FinanceDeps, { purchaseId }: { purchaseId: string }) {
  const { prisma } = deps;
  const row = await prisma.purchase.findUnique({ where: { id: purchaseId }, select: { ...PURCHASE_SELECT, subscription: { select: SUBSCRIPTION_WITH_PURCHASES_SELECT } } });
  if (!row) throw new AppError('NOT_FOUND', { message: `No purchase ${purchaseId}` });
  const { subscription, ...purchase } = row;
  const [refunds, disputes, transactions, licenses] = await Promise.all([
    prisma.refund.findMany({ where: { purchaseId }, select: REFUND_SELECT, orderBy: { createdAt: 'asc' } }),
    prisma.dispute.findMany({ where: { purchaseId }, select: DISPUTE_SELECT, orderBy: { createdAt: 'asc' } }),
    prisma.ledgerTransaction.findMany({ where: { purchaseId }, select: { kind: true, description: true, occurredAt: true, entries: { select: { accountType: true, amount: true } } }, orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }] }),
    prisma.license.findMany({ where: { purchaseId }, select: { status: true, statusReason: true, issuedAt: true, statusChangedAt: true } }),
  ]);
  type Event = { at: Date; kind: TimelineKind; description: string; amount: number | null; ledger: { creator: number; platform: number; stripeFees: number } | null };
  const timeline: Event[] = [{ at: purchase.createdAt, kind: 'purchase_created', description: `Checkout started by ${purchase.buyerEmail}`, amount: purchase.amount, ledger: null }];
  for (const t of transactions) {
    const sum = (account: string) => t.entries.filter((e) => e.accountType === account).reduce((s, e) => s + Number(e.amount), 0);
    const buyer = -sum('BUYER_PAYMENTS') || sum('REFUNDS') || sum('DISPUTES');
    const kind = t.kind as Event['kind'];
    timeline.push({ at: t.occurredAt, kind, description: t.description, amount: buyer, ledger: { creator: sum('CREATOR_PAYABLE'), platform: sum('PLATFORM_FEES') + sum('STRIPE_BALANCE'), stripeFees: sum('STRIPE_FEES') } });
  }
  if (purchase.status === 'FAILED') timeline.push({ at: purchase.createdAt, kind: 'payment_failed', description: 'The payment failed', amount: null, ledger: null });
  for (const l of licenses) {
    timeline.push({ at: l.issuedAt, kind: 'license', description: 'License issued', amount: null, ledger: null });
    if (l.status !== 'ACTIVE' && l.statusChangedAt) timeline.push({ at: l.statusChangedAt, kind: 'license', description: `License ${l.status.toLowerCase()}${l.statusReason ? `: ${l.statusReason}` : ''}`, amount: null, ledger: null });
  }
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
  const refunded = refunds.filter((r) => isRefundHoldingMoney(r.status)).reduce((s, r) => s + r.amount, 0);
  return {
    purchase: toSummary(purchase),
    refundable: isPaidPurchase(purchase.status) ? refundableAmount({ captured: purchase.amount, refunded, isChargedBack: disputes.some((d) => isChargebackWithheld(d.status)) }) : 0,
    hasOpenDispute: disputes.some((d) => isDisputeOpen(d.status)),
    refunds, disputes, timeline, subscription,
  };
}

/**
 * Disputes, optionally of one `status`: `limit` after `cursor` (a dispute id). Open ones (a
 * status awaiting a response or a decision) come by evidence due date, soonest first, as finance
 * works them; the others newest first. @returns `{ items, nextCursor }`.
 */
export async function listDisputes(deps: FinanceDeps, input: { status?: Prisma.DisputeWhereInput['status']; limit: number; cursor?: string }) {
  const isByDueDate = typeof input.status === 'string' && isDisputeOpen(input.status);
  const rows = await deps.prisma.dispute.findMany({
    where: input.status ? { status: input.status } : {},
    select: { ...DISPUTE_SELECT, purchase: { select: { buyerEmail: true, plugin: { select: { name: true } } } } },
    orderBy: isByDueDate ? [{ evidenceDueBy: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1, ...cursorArgs(input.cursor),
  });
  const result = page(rows, input.limit);
  return { items: result.items.map(({ purchase, ...d }) => ({ ...d, buyerEmail: purchase.buyerEmail, pluginName: purchase.plugin.name })), nextCursor: result.nextCursor };
}

/** Creator payouts, newest first, optionally of one `status` or `creatorId`: `limit` after `cursor` (a payout id). @returns `{ items, nextCursor }`. */
export async function listPayouts(deps: FinanceDeps, input: { status?: Prisma.PayoutWhereInput['status']; creatorId?: string; limit: number; cursor?: string }) {
  const rows = await deps.prisma.payout.findMany({
    where: { ...(input.status ? { status: input.status } : {}), ...(input.creatorId ? { creatorId: input.creatorId } : {}) },
    select: { id: true, stripePayoutId: true, creatorId: true, amount: true, currency: true, status: true, arrivalDate: true, failureMessage: true, createdAt: true, creator: { select: { displayName: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: input.limit + 1, ...cursorArgs(input.cursor),
  });
  const result = page(rows, input.limit);
  return { items: result.items.map(({ creator, ...p }) => ({ ...p, creatorName: creator.displayName })), nextCursor: result.nextCursor };
}

