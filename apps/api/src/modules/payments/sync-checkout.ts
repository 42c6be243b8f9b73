/**
 * The Checkout side of a purchase, in front of the payment sync (sync-purchase.ts):
 * - Stripe makes a Checkout Session's PaymentIntent only when the buyer pays, so the Purchase
 *   holds the session id in `paymentIntentId` until then; the first event naming the
 *   PaymentIntent (checkout.session.*, payment_intent.*, charge.*) links it, by the session's
 *   `payment_intent` or the PaymentIntent's `metadata.purchase_id`.
 * - While the session is open, a PaymentIntent that has not succeeded (a declined card, a failed
 *   3-D Secure challenge) is not synced: the buyer may still pay on the page, so the purchase
 *   stays PENDING. Once the session is complete or expired, the payment sync runs.
 * - An expired session whose purchase was not paid makes the purchase CANCELED (Stripe cancels
 *   the session's PaymentIntent too, if there is one; this does not depend on it).
 * Everything is read back from Stripe; the event only says which session or PaymentIntent.
 */
import type Stripe from 'stripe';
import { requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { syncPurchase, type SyncOutcome } from './sync-purchase.ts';

/**
 * Syncs the purchase paid (or to be paid) through `input.paymentIntentId` (`pi_…`), honouring its
 * Checkout Session when it has one.
 * @returns 'not-ours' for a PaymentIntent Marketdesk did not make.
 * @throws Stripe's errors; Error when the PaymentIntent names a purchase not stored yet (retried).
 */
export async function syncPaymentIntent(deps: PaymentsDeps, input: { paymentIntentId: string }): Promise<SyncOutcome> {
  const { prisma } = deps;
  const { paymentIntentId } = input;
  const known = await prisma.purchase.findUnique({ where: { paymentIntentId }, select: { id: true, checkoutSessionId: true } });
  if (known && !known.checkoutSessionId) return syncPurchase(deps, { paymentIntentId, purchaseId: known.id });
  let sessionId = known?.checkoutSessionId ?? null;
  if (!sessionId) {
    const pi = await requireStripe(deps).paymentIntents.retrieve(paymentIntentId);
    const purchaseId = pi.metadata?.purchase_id;
    const purchase = purchaseId ? await prisma.purchase.findUnique({ where: { id: purchaseId }, select: { checkoutSessionId: true } }) : null;
    sessionId = purchase?.checkoutSessionId ?? null;
    if (!sessionId) return syncPurchase(deps, { paymentIntentId });
  }
  return syncCheckoutSession(deps, { sessionId });
}

/**
 * Syncs the purchase of Checkout Session `input.sessionId` (`cs_…`): links its PaymentIntent,
 * syncs the payment unless the session is open and unpaid, and cancels the purchase when the
 * session expired unpaid.
 * @returns 'not-ours' for a session that no purchase was made with.
 * @throws Stripe's errors.
 */
export async function syncCheckoutSession(deps: PaymentsDeps, input: { sessionId: string }): Promise<SyncOutcome> {
  const { prisma } = deps;
  const purchase = await prisma.purchase.findUnique({ where: { checkoutSessionId: input.sessionId }, select: { id: true, paymentIntentId: true } });
  if (!purchase) return 'not-ours';
  const session = await requireStripe(deps).checkout.sessions.retrieve(input.sessionId, { expand: ['payment_intent'] });
  const pi = typeof session.payment_intent === 'object' ? session.payment_intent : null;
  if (pi && purchase.paymentIntentId !== pi.id) {
    // Only from the placeholder: a purchase never moves from one PaymentIntent to another.
    await prisma.purchase.updateMany({ where: { id: purchase.id, paymentIntentId: input.sessionId }, data: { paymentIntentId: pi.id } });
  }
  if (pi && (pi.status === 'succeeded' || session.status !== 'open')) await syncPurchase(deps, { paymentIntentId: pi.id });
  if (session.status === 'expired' && !isPaid(pi)) {
    await prisma.purchase.updateMany({ where: { id: purchase.id, status: 'PENDING' }, data: { status: 'CANCELED' } });
  }
  return 'synced';
}

const isPaid = (pi: Stripe.PaymentIntent | null) => pi?.status === 'succeeded';
