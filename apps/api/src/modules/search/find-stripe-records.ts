/**
 * Payouts, webhook events and subscriptions for the palette, found by Stripe's id (po_, evt_,
 * sub_) or, for a subscription, ours. A payout opens the payouts list of its creator, an event
 * its page (payload, attempts, replay), a subscription the page of its latest purchase
 * (finance) or of its license (support), where its card is shown.
 */
import { formatMoney, hasPermission, type SearchResult } from '@marketdesk/shared';
import type { Finder } from './deps.ts';

/** The payout with Stripe id `po_…` (unique). */
export const findPayouts: Finder = async ({ prisma }, { query }) => {
  if (query.stripePrefix !== 'po') return [];
  const payout = await prisma.payout.findUnique({
    where: { stripePayoutId: query.text },
    select: { id: true, stripePayoutId: true, amount: true, currency: true, status: true, creatorId: true, creator: { select: { displayName: true } } },
  });
  if (!payout) return [];
  const route = `/payouts?${new URLSearchParams({ creatorId: payout.creatorId })}`;
  return [{ kind: 'payout', id: payout.id, title: `Payout ${payout.stripePayoutId}`, subtitle: `${formatMoney(payout.amount, payout.currency)} · ${payout.status} · ${payout.creator.displayName}`, route }];
};

/** The webhook event `evt_…` as the inbox stored it (its id is Stripe's). */
export const findStripeEvents: Finder = async ({ prisma }, { query }) => {
  if (query.stripePrefix !== 'evt') return [];
  const event = await prisma.stripeEvent.findUnique({ where: { id: query.text }, select: { id: true, type: true, status: true, attempts: true } });
  if (!event) return [];
  return [{ kind: 'stripeEvent', id: event.id, title: event.id, subtitle: `${event.type} · ${event.status} · ${event.attempts} attempts`, route: `/stripe-events/${event.id}` }];
};

/** A subscription by Stripe's `sub_…` or our id; none when the caller can open neither of the pages that show it. */
export const findSubscriptions: Finder = async ({ prisma }, { query, roles, limit }) => {
  if (query.stripePrefix !== 'sub' && !query.isOurId) return [];
  const canReadPurchases = hasPermission(roles, 'finance.read');
  const canReadLicenses = hasPermission(roles, 'licenses.read');
  if (!canReadPurchases && !canReadLicenses) return [];
  const rows = await prisma.subscription.findMany({
    // Our own subscription ids also start with sub_ (sub_pur_…).
    where: query.stripePrefix === 'sub' ? { OR: [{ stripeSubscriptionId: query.text }, { id: query.text }] } : { id: query.text },
    take: limit,
    select: {
      id: true, stripeSubscriptionId: true, buyerEmail: true, status: true, periodNumber: true,
      purchases: { select: { id: true }, orderBy: { createdAt: 'desc' }, take: 1 },
      licenses: { select: { id: true }, orderBy: { issuedAt: 'desc' }, take: 1 },
    },
  });
  return rows.flatMap((s): SearchResult[] => {
    const purchaseId = s.purchases[0]?.id;
    const licenseId = s.licenses[0]?.id;
    const route = canReadPurchases && purchaseId ? `/transactions/${purchaseId}` : canReadLicenses && licenseId ? `/licenses/${licenseId}` : null;
    if (!route) return [];
    return [{ kind: 'subscription', id: s.id, title: `Subscription ${s.stripeSubscriptionId ?? s.id}`, subtitle: `${s.buyerEmail} · ${s.status} · period ${s.periodNumber}`, route }];
  });
};
