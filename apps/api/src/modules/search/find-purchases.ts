/**
 * Purchases, refunds and disputes for the palette (finance): a purchase by its id, PaymentIntent
 * (pi_), charge (ch_/py_), Checkout Session (cs_) or part of its buyer email, matched like
 * transactions' search (case-insensitive `contains`); a refund by re_ (opening its purchase, which
 * lists its refunds), a dispute by dp_/du_ (opening the dispute's page: evidence, due date, outcome).
 */
import { formatMoney } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { Finder, FinderInput } from './deps.ts';

function purchaseWhere({ query }: FinderInput): Prisma.PurchaseWhereInput | null {
  switch (query.stripePrefix) {
    case 'pi': return { paymentIntentId: query.text };
    case 'ch': case 'py': return { chargeId: query.text };
    case 'cs': return { checkoutSessionId: query.text };
    case null: break;
    default: return null;
  }
  if (query.isLicenseKey) return null;
  const byEmail: Prisma.PurchaseWhereInput = { buyerEmail: { contains: query.text, mode: 'insensitive' } };
  return query.isOurId ? { OR: [{ id: query.text }, byEmail] } : byEmail;
}

/** Purchases: title the buyer email, subtitle plugin · amount · status. @returns up to `limit`, newest first. */
export const findPurchases: Finder = async ({ prisma }, input) => {
  const where = purchaseWhere(input);
  if (!where) return [];
  const rows = await prisma.purchase.findMany({
    where, take: input.limit, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, buyerEmail: true, amount: true, currency: true, status: true, plugin: { select: { name: true } } },
  });
  return rows.map((p) => ({ kind: 'purchase', id: p.id, title: p.buyerEmail, subtitle: `${p.plugin.name} · ${formatMoney(p.amount, p.currency)} · ${p.status}`, route: `/transactions/${p.id}` }));
};

/** The refund with Stripe id `re_…` (unique), opening its purchase. */
export const findRefunds: Finder = async ({ prisma }, { query }) => {
  if (query.stripePrefix !== 're') return [];
  const refund = await prisma.refund.findUnique({
    where: { stripeRefundId: query.text },
    select: { id: true, stripeRefundId: true, amount: true, currency: true, status: true, purchaseId: true, purchase: { select: { buyerEmail: true } } },
  });
  if (!refund) return [];
  return [{ kind: 'refund', id: refund.id, title: `Refund ${refund.stripeRefundId}`, subtitle: `${formatMoney(refund.amount, refund.currency)} · ${refund.status} · ${refund.purchase.buyerEmail}`, route: `/transactions/${refund.purchaseId}` }];
};

/** The dispute with Stripe id `dp_…` or `du_…` (an inquiry), opening its page. */
export const findDisputes: Finder = async ({ prisma }, { query }) => {
  if (query.stripePrefix !== 'dp' && query.stripePrefix !== 'du') return [];
  const dispute = await prisma.dispute.findUnique({
    where: { stripeDisputeId: query.text },
    select: { id: true, stripeDisputeId: true, amount: true, currency: true, status: true, reason: true, purchase: { select: { buyerEmail: true } } },
  });
  if (!dispute) return [];
  return [{ kind: 'dispute', id: dispute.id, title: `Dispute ${dispute.stripeDisputeId}`, subtitle: `${formatMoney(dispute.amount, dispute.currency)} · ${dispute.status} · ${dispute.reason} · ${dispute.purchase.buyerEmail}`, route: `/disputes/${dispute.id}` }];
};
