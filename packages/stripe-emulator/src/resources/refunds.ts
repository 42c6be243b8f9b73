/**
 * Refunds of charges (by `charge` or `payment_intent`), full or partial, with Connect's
 * `reverse_transfer` and `refund_application_fee` (shares by proportionalRefundShare,
 * packages/shared/src/money/refund-split.ts).
 *
 * Status: `succeeded` at once, unless forced otherwise —
 *   metadata `emulator_refund_status=pending` → stays `pending` until `/_emulator/refunds/:id/succeed|fail`;
 *   metadata `emulator_refund_status=failed`, or a charge paid with `pm_card_refundFail` →
 *   `pending`, then `failed` a moment later (refund.updated + refund.failed).
 * A failed or canceled refund gives the money back to the platform (`refund_failure` balance
 * transaction) and frees the amount for another refund. As at Stripe, a transfer reversal or
 * application-fee refund made with it is not undone: the platform must transfer again.
 * The refundable cap is the charge amount − refunded (pending and succeeded); a charge with a
 * chargeback that is not won cannot be refunded (`charge_disputed`).
 * A metadata update through the API emits `refund.updated` with `previous_attributes` (not
 * `charge.refund.updated`, which Stripe sends for status changes).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import { disputeStatusFromStripe, isChargebackWithheld, proportionalRefundShare } from '@marketdesk/shared';
import { formatAmount } from '../fees.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import { applyChanges, applyMetadata, assertStripeAmountStep, type Params } from '../params.ts';
import { TEST_CARDS } from '../test-cards.ts';
import { refundApplicationFee } from './application-fees.ts';
import { recordBalanceTransaction, settleAsCharge } from './balance.ts';
import { reverseTransfer } from './transfers.ts';

/** Metadata key that forces a refund's status (`pending` or `failed`). */
export const REFUND_STATUS_METADATA_KEY = 'emulator_refund_status';

function createRefund(tx: Tx, { params, account }: ApiRequest): Stripe.Refund {
  const charge = readCharge(tx, params, account);
  const disputed = tx.store.all('dispute', account).find((record) => record.data.charge === charge.id && isChargebackWithheld(disputeStatusFromStripe(record.data.status)));
  if (disputed) throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed', param: 'charge' });
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', param: 'charge' });
  const amount = params.integer('amount', { min: 1 }) ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`, { code: 'amount_too_large', param: 'amount' });
  }
  // Also when defaulted to the rest: Stripe refuses refunding an old fractional ISK charge in full.
  assertStripeAmountStep(amount, charge.currency, 'refund', 'amount');
  const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const isTransferReversed = params.boolean('reverse_transfer') ?? false;
  const isFeeRefunded = params.boolean('refund_application_fee') ?? false;
  if (isTransferReversed && !charge.transfer) throw invalidRequest('This charge has no transfer to reverse.', { param: 'reverse_transfer' });
  if (isFeeRefunded && !charge.application_fee) throw invalidRequest('This charge has no application fee to refund.', { param: 'refund_application_fee' });
  const metadata = applyMetadata({}, params.metadata());
  params.string('instructions_email');

  const forced = metadata[REFUND_STATUS_METADATA_KEY];
  const isFailing = forced === 'failed' || Boolean(TEST_CARDS[charge.payment_method ?? '']?.isRefundFailing);
  const isPending = isFailing || forced === 'pending';
  const id = tx.newId('re');
  // The refund leaves the balance in its settlement currency (settlement.ts); the Refund keeps the charge's.
  const settled = settleAsCharge(tx, charge, -amount);
  const transaction = recordBalanceTransaction(tx, account, { amount: settled.amount, currency: settled.currency, exchangeRate: settled.exchangeRate, type: 'refund', reportingCategory: 'refund', source: id, description: `REFUND FOR CHARGE (${charge.description ?? charge.id})` });
  const alreadyRefunded = charge.amount_refunded;

  let reversalId: string | null = null;
  if (isTransferReversed) {
    const transfer = tx.store.get('transfer', charge.transfer as string)!;
    const share = proportionalRefundShare({ amount, alreadyRefunded, chargeAmount: charge.amount, total: transfer.amount, alreadyReturned: transfer.amount_reversed });
    if (share > 0) reversalId = reverseTransfer(tx, transfer, share, { sourceRefund: id }).id;
  }
  if (isFeeRefunded) {
    const fee = tx.store.get('application_fee', charge.application_fee as string)!;
    const share = proportionalRefundShare({ amount, alreadyRefunded, chargeAmount: charge.amount, total: fee.amount, alreadyReturned: fee.amount_refunded });
    if (share > 0) refundApplicationFee(tx, fee, share);
  }

  const refund: Stripe.Refund = {
    id, object: 'refund', amount, balance_transaction: transaction.id, charge: charge.id, created: tx.now(), currency: charge.currency,
    customer: charge.customer as string | null, customer_account: null,
    destination_details: { type: 'card', card: { reference_status: isPending ? 'pending' : 'available', reference_type: 'acquirer_reference_number', type: 'refund', ...(isPending ? {} : { reference: tx.newId('arn', 16).slice(4) }) } } as Stripe.Refund.DestinationDetails,
    metadata, payment_intent: charge.payment_intent as string | null, payment_method: charge.payment_method, reason, receipt_number: null,
    source_transfer_reversal: null, status: isPending ? 'pending' : 'succeeded', transfer_reversal: reversalId,
    ...(isPending ? { pending_reason: 'processing' as const } : {}),
  };
  tx.store.insert('refund', account, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  tx.store.save(charge);
  tx.emit('refund.created', refund, { account });
  tx.emit('charge.refunded', charge, { account, previous });
  if (isFailing) tx.later((next) => failRefund(next, id, 'expired_or_canceled_card'));
  return refund;
}

/** Completes a pending refund; emits refund.updated and charge.refund.updated. @throws unless pending. */
export function succeedRefund(tx: Tx, refundId: string): Stripe.Refund {
  const refund = pendingRefund(tx, refundId);
  const account = tx.store.getAny(refund.id)?.account ?? null;
  const previous = { status: refund.status };
  refund.status = 'succeeded';
  delete refund.pending_reason;
  const card = refund.destination_details?.card;
  if (card) Object.assign(card, { reference_status: 'available', reference: tx.newId('arn', 16).slice(4) });
  tx.store.save(refund);
  tx.emit('refund.updated', refund, { account, previous });
  tx.emit('charge.refund.updated', refund, { account, previous });
  return refund;
}

/**
 * Fails (or, with `isCanceled`, cancels) a pending refund: money back to the platform with a
 * `refund_failure` balance transaction, the charge's refundable amount restored.
 * Emits refund.updated, charge.refund.updated and (when failed) refund.failed. @throws unless pending.
 */
export function failRefund(tx: Tx, refundId: string, failureReason = 'expired_or_canceled_card', isCanceled = false): Stripe.Refund {
  const refund = pendingRefund(tx, refundId);
  const account = tx.store.getAny(refund.id)?.account ?? null;
  const charge = tx.store.get('charge', refund.charge as string)!;
  const previous = { status: refund.status };
  // What the refund took from the balance comes back, in the same currency.
  const taken = tx.store.get('balance_transaction', refund.balance_transaction as string);
  const reversal = recordBalanceTransaction(tx, account, { amount: taken ? -taken.amount : refund.amount, currency: taken?.currency ?? refund.currency, exchangeRate: taken?.exchange_rate ?? null, type: 'refund_failure', reportingCategory: 'refund_failure', source: refund.id, description: `REFUND FAILURE FOR CHARGE (${charge.id})` });
  refund.status = isCanceled ? 'canceled' : 'failed';
  delete refund.pending_reason;
  if (!isCanceled) refund.failure_reason = failureReason;
  refund.failure_balance_transaction = reversal.id;
  charge.amount_refunded -= refund.amount;
  charge.refunded = false;
  tx.store.save(refund);
  tx.store.save(charge);
  tx.emit('refund.updated', refund, { account, previous });
  tx.emit('charge.refund.updated', refund, { account, previous });
  if (!isCanceled) tx.emit('refund.failed', refund, { account });
  return refund;
}

function pendingRefund(tx: Tx, refundId: string): Stripe.Refund {
  const refund = orMissing(tx.store.get('refund', refundId), 'refund', refundId);
  if (refund.status !== 'pending' && refund.status !== 'requires_action') {
    throw invalidRequest(`Refund ${refund.id} has status ${String(refund.status)}; only a pending refund can change status.`, { param: 'refund' });
  }
  return refund;
}

function readCharge(tx: Tx, params: Params, account: string | null): Stripe.Charge {
  const chargeId = params.string('charge');
  const paymentIntentId = params.string('payment_intent');
  if (chargeId && paymentIntentId) throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', { code: 'parameters_exclusive', param: 'charge' });
  if (!chargeId && !paymentIntentId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing', param: 'charge' });
  if (paymentIntentId) {
    const pi = tx.store.getOwned('payment_intent', paymentIntentId, account);
    if (!pi) throw referencedResourceMissing('payment_intent', paymentIntentId, 'payment_intent');
    const charge = pi.latest_charge ? tx.store.get('charge', pi.latest_charge as string) : undefined;
    if (!charge || charge.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'payment_intent_unexpected_state', param: 'payment_intent' });
    }
    return charge;
  }
  const charge = tx.store.getOwned('charge', chargeId!, account);
  if (!charge) throw referencedResourceMissing('charge', chargeId!, 'charge');
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed and cannot be refunded.`, { param: 'charge' });
  return charge;
}

export const refundRoutes: Route[] = [
  { method: 'POST', path: '/v1/refunds', params: ['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'reverse_transfer', 'refund_application_fee', 'instructions_email'], handle: createRefund },
  { method: 'GET', path: '/v1/refunds/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('refund', path.id!, account), 'refund', path.id!) },
  {
    method: 'POST',
    path: '/v1/refunds/:id',
    params: ['metadata'],
    handle: (tx, { params, account, path }) => {
      const refund = orMissing(tx.store.getOwned('refund', path.id!, account), 'refund', path.id!);
      const previous = params.has('metadata') ? applyChanges(refund, { metadata: applyMetadata(refund.metadata, params.metadata()) }) : {};
      tx.store.save(refund);
      if (Object.keys(previous).length > 0) tx.emit('refund.updated', refund, { account, previous });
      return refund;
    },
  },
  {
    method: 'POST',
    path: '/v1/refunds/:id/cancel',
    params: [],
    handle: (tx, { account, path }) => failRefund(tx, orMissing(tx.store.getOwned('refund', path.id!, account), 'refund', path.id!).id, undefined, true),
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    params: [...LIST_PARAMS, 'charge', 'payment_intent'],
    handle: (tx, { account, params }) => {
      const charge = params.string('charge');
      const paymentIntent = params.string('payment_intent');
      const records = tx.store.all('refund', account).filter((record) => (!charge || record.data.charge === charge) && (!paymentIntent || record.data.payment_intent === paymentIntent));
      return paginate(records, params, '/v1/refunds', 'refund');
    },
  },
];
