/** One stored Stripe event as the event page reads it: the inbox row, its payload, its object and its processing attempts. */
import { AppError, type StripeEventObjectLink } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';

const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'object' && value && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null);

/**
 * Our row for Stripe object `object` (an event's `data.object`), as a console link: the purchase
 * of a payment_intent, charge, refund, dispute, application fee, transfer (or its reversal),
 * Checkout session or subscription (its latest purchase); the creator of a payout or of a
 * connected account. Looked up by the Stripe ids our rows keep.
 * @returns null when none of our rows names it.
 */
async function findObjectLink(deps: Pick<AppDeps, 'prisma'>, object: Record<string, unknown>): Promise<StripeEventObjectLink | null> {
  const { prisma } = deps;
  const id = idOf(object);
  if (!id) return null;
  const purchase = async (where: Prisma.PurchaseWhereInput) => {
    const row = await prisma.purchase.findFirst({ where, select: { id: true }, orderBy: { createdAt: 'desc' } });
    return row ? { kind: 'purchase' as const, purchaseId: row.id } : null;
  };
  const creator = async (where: { stripeAccountId: string } | { payouts: { some: { stripePayoutId: string } } }) => {
    const row = await prisma.creatorAccount.findFirst({ where, select: { id: true, displayName: true } });
    return row ? { kind: 'creator' as const, creatorId: row.id, creatorName: row.displayName } : null;
  };
  const charge = idOf(object.charge);
  const pi = idOf(object.payment_intent);
  switch (object.object) {
    case 'payment_intent': return purchase({ paymentIntentId: id });
    case 'charge': return purchase({ OR: [{ chargeId: id }, ...(pi ? [{ paymentIntentId: pi }] : [])] });
    case 'refund': return (await purchase({ refunds: { some: { stripeRefundId: id } } })) ?? (charge ? purchase({ chargeId: charge }) : null);
    case 'dispute': return (await purchase({ disputes: { some: { stripeDisputeId: id } } })) ?? (charge ? purchase({ chargeId: charge }) : null);
    case 'application_fee': return purchase({ OR: [{ applicationFeeId: id }, ...(idOf(object.originating_transaction) ? [{ chargeId: idOf(object.originating_transaction)! }] : [])] });
    case 'transfer': return purchase({ OR: [{ transferId: id }, { transfers: { some: { stripeTransferId: id } } }] });
    case 'transfer_reversal': {
      const transfer = idOf(object.transfer);
      return transfer ? purchase({ OR: [{ transferId: transfer }, { transfers: { some: { stripeTransferId: transfer } } }] }) : null;
    }
    case 'checkout.session': return purchase({ OR: [{ checkoutSessionId: id }, ...(pi ? [{ paymentIntentId: pi }] : [])] });
    case 'subscription': return purchase({ subscription: { stripeSubscriptionId: id } });
    case 'payout': return creator({ payouts: { some: { stripePayoutId: id } } });
    case 'account': return creator({ stripeAccountId: id });
    default: return null;
  }
}

/**
 * Stored Stripe event `input.id` (`evt_…`) with its payload, the object it is about
 * (`data.object`'s type and id, linked to our row for it) and its processing attempts, oldest first.
 * @throws AppError NOT_FOUND when no such event is stored.
 */
export async function getStripeEvent(deps: Pick<AppDeps, 'prisma'>, input: { id: string }) {
  const event = await deps.prisma.stripeEvent.findUnique({
    where: { id: input.id },
    select: {
      id: true, type: true, account: true, status: true, attempts: true, lastError: true, stripeCreatedAt: true, receivedAt: true, processedAt: true, nextAttemptAt: true, payload: true,
      processingAttempts: { select: { attempt: true, worker: true, startedAt: true, finishedAt: true, outcome: true, error: true }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!event) throw new AppError('NOT_FOUND', { message: `No Stripe event ${input.id} is stored`, userMessage: 'This Stripe event is not stored.' });
  const data = (event.payload as { data?: { object?: unknown } } | null)?.data?.object;
  const object = typeof data === 'object' && data !== null ? data as Record<string, unknown> : null;
  const objectId = object ? idOf(object) : null;
  return {
    ...event,
    object: object && objectId ? { type: typeof object.object === 'string' ? object.object : 'unknown', id: objectId, link: await findObjectLink(deps, object) } : null,
  };
}
