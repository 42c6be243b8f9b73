/**
 * Transfers from the platform to connected accounts — made by destination charges or through the
 * API — and their reversals. A transfer lands on the connected account as a payment (`py_…`, a
 * charge object owned by that account); a reversal refunds that payment (`pyr_…`).
 * Events: transfer.created, transfer.reversed, and transfer.updated (description or metadata
 * changed through the API, with `previous_attributes`).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { MAX_AMOUNT, proportionalRefundShare } from '@marketdesk/shared';
import { formatAmount } from '../fees.ts';
import { invalidRequest, orMissing, referencedResourceMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, listOf, paginate } from '../lists.ts';
import { applyChanges, applyMetadata, assertStripeAmountStep } from '../params.ts';
import { requireDestination } from './accounts.ts';
import { refundApplicationFee } from './application-fees.ts';
import { availableBalance, availableOnOf, recordBalanceTransaction } from './balance.ts';

export interface TransferInput {
  amount: number;
  currency: string;
  destination: string;
  sourceTransaction: string | null;
  transferGroup: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  /** For a destination charge with `application_fee_amount`: the fee taken from the payment. */
  applicationFee?: { id: string; amount: number };
  /** A destination charge's: the payment's funds wait as long as the charge's (settlement.ts). */
  isHeldPending?: boolean;
}

/**
 * Moves `amount` from the platform to `destination`: the transfer (`transfer` balance transaction,
 * negative, on the platform) and the connected account's payment (`payment`, positive, with the
 * application fee as its fee). Emits `transfer.created`.
 */
export function createTransfer(tx: Tx, input: TransferInput): { transfer: Stripe.Transfer; payment: Stripe.Charge } {
  const transferId = tx.newId('tr');
  const paymentId = tx.newId('py');
  const created = tx.now();
  const feeAmount = input.applicationFee?.amount ?? 0;
  const paymentTransaction = recordBalanceTransaction(tx, input.destination, {
    amount: input.amount,
    currency: input.currency,
    type: 'payment',
    reportingCategory: 'charge',
    source: paymentId,
    isHeldPending: input.isHeldPending,
    fees: [{ amount: feeAmount, type: 'application_fee', description: 'Application fee', application: tx.store.meta.applicationId }],
  });
  const payment: Stripe.Charge = {
    id: paymentId, object: 'charge', amount: input.amount, amount_captured: input.amount, amount_refunded: 0, application: null,
    application_fee: input.applicationFee?.id ?? null, application_fee_amount: input.applicationFee?.amount ?? null,
    balance_transaction: paymentTransaction.id,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: null, captured: true, created, currency: input.currency, customer: null, description: null, disputed: false,
    failure_balance_transaction: null, failure_code: null, failure_message: null, fraud_details: {}, livemode: false, metadata: {}, on_behalf_of: null,
    outcome: null, paid: true, payment_intent: null, payment_method: null,
    payment_method_details: { type: 'stripe_account', stripe_account: {} },
    receipt_email: null, receipt_number: null, receipt_url: null, refunded: false, review: null, shipping: null, source: null,
    source_transfer: transferId, statement_descriptor: null, statement_descriptor_suffix: null, status: 'succeeded', transfer_data: null,
    transfer_group: input.transferGroup,
  };
  tx.store.insert('charge', input.destination, payment);
  const platformTransaction = recordBalanceTransaction(tx, null, { amount: -input.amount, currency: input.currency, type: 'transfer', reportingCategory: 'transfer', source: transferId, isHeldPending: input.isHeldPending });
  const transfer: Stripe.Transfer = {
    id: transferId, object: 'transfer', amount: input.amount, amount_reversed: 0, balance_transaction: platformTransaction.id, created,
    currency: input.currency, description: input.description ?? null, destination: input.destination, destination_payment: paymentId,
    livemode: false, metadata: input.metadata ?? {}, reversals: listOf([], `/v1/transfers/${transferId}/reversals`), reversed: false,
    source_transaction: input.sourceTransaction, source_type: 'card', transfer_group: input.transferGroup,
  };
  tx.store.insert('transfer', null, transfer);
  tx.emit('transfer.created', transfer);
  return { transfer, payment };
}

/**
 * Reverses `amount` of `transfer`: a `transfer_refund` (+) on the platform, and on the connected
 * account a refund of its payment (`payment_refund`, −). Emits `transfer.reversed`.
 * @throws StripeApiError `amount_too_large` when more than the unreversed amount is asked for.
 */
export function reverseTransfer(
  tx: Tx,
  transfer: Stripe.Transfer,
  amount: number,
  options: { sourceRefund?: string | null; metadata?: Record<string, string>; description?: string | null } = {},
): Stripe.TransferReversal {
  const remaining = transfer.amount - transfer.amount_reversed;
  if (amount > remaining) {
    throw invalidRequest(`Amount to reverse (${formatAmount(amount, transfer.currency)}) is greater than the unreversed amount of the transfer (${formatAmount(remaining, transfer.currency)}).`, { code: 'amount_too_large', param: 'amount' });
  }
  const reversalId = tx.newId('trr');
  const destination = transfer.destination as string;
  const payment = tx.store.get('charge', transfer.destination_payment as string)!;
  const paymentRefundId = tx.newId('pyr');
  const paymentRefundTransaction = recordBalanceTransaction(tx, destination, {
    amount: -amount, currency: transfer.currency, type: 'payment_refund', reportingCategory: 'refund', source: paymentRefundId, availableNotBefore: availableOnOf(tx.store, payment.balance_transaction),
  });
  const paymentRefund: Stripe.Refund = {
    id: paymentRefundId, object: 'refund', amount, balance_transaction: paymentRefundTransaction.id, charge: payment.id, created: tx.now(),
    currency: transfer.currency, customer: null, customer_account: null, metadata: {}, payment_intent: null, payment_method: null, reason: null,
    receipt_number: null, source_transfer_reversal: reversalId, status: 'succeeded', transfer_reversal: null,
  };
  tx.store.insert('refund', destination, paymentRefund);
  payment.amount_refunded += amount;
  payment.refunded = payment.amount_refunded === payment.amount;
  tx.store.save(payment);

  // Funds given back from a transfer still pending stay pending as long (settlement.ts).
  const platformTransaction = recordBalanceTransaction(tx, null, {
    amount, currency: transfer.currency, type: 'transfer_refund', reportingCategory: 'transfer_reversal', source: reversalId, availableNotBefore: availableOnOf(tx.store, transfer.balance_transaction),
  });
  const reversal: Stripe.TransferReversal = {
    id: reversalId, object: 'transfer_reversal', amount, balance_transaction: platformTransaction.id, created: tx.now(), currency: transfer.currency,
    destination_payment_refund: paymentRefundId, metadata: options.metadata ?? {}, source_refund: options.sourceRefund ?? null, transfer: transfer.id,
  };
  tx.store.insert('transfer_reversal', null, reversal);
  const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(reversal);
  tx.store.save(transfer);
  tx.emit('transfer.reversed', transfer, { previous });
  return reversal;
}

function createTransferFromApi(tx: Tx, { params, account }: ApiRequest): Stripe.Transfer {
  if (account) throw invalidRequest('Transfers are created by the platform; remove the Stripe-Account header.', { param: 'Stripe-Account' });
  const amount = params.requiredInteger('amount', { min: 1, max: MAX_AMOUNT });
  const currency = params.requiredCurrency();
  assertStripeAmountStep(amount, currency, 'transfer', 'amount');
  const destination = requireDestination(tx, params.requiredString('destination'), 'destination').id;
  const sourceTransaction = params.string('source_transaction') ?? null;
  if (sourceTransaction) {
    const charge = tx.store.getOwned('charge', sourceTransaction, null);
    if (!charge || charge.status !== 'succeeded') throw referencedResourceMissing('charge', sourceTransaction, 'source_transaction');
    // The charge's funds are in the currency its balance transaction settled in (settlement.ts).
    const settled = tx.store.get('balance_transaction', charge.balance_transaction as string)?.currency ?? charge.currency;
    if (settled !== currency) throw invalidRequest(`The currency of source_transaction's balance transaction (${settled}) must be the same as the transfer currency (${currency}).`, { param: 'currency' });
  } else if (availableBalance(tx.store, null, currency, tx.now()) < amount) {
    throw invalidRequest('You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.', { code: 'balance_insufficient' });
  }
  return createTransfer(tx, {
    amount, currency, destination, sourceTransaction,
    transferGroup: params.string('transfer_group') ?? null,
    description: params.string('description') ?? null,
    metadata: applyMetadata({}, params.metadata()),
  }).transfer;
}

function createReversalFromApi(tx: Tx, { params, account, path }: ApiRequest): Stripe.TransferReversal {
  const transfer = orMissing(tx.store.getOwned('transfer', path.id!, account), 'transfer', path.id!);
  const remaining = transfer.amount - transfer.amount_reversed;
  if (remaining === 0) throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`, { code: 'transfer_already_reversed' });
  const amount = params.integer('amount', { min: 1 }) ?? remaining;
  assertStripeAmountStep(amount, transfer.currency, 'transfer', 'amount');
  const isFeeRefunded = params.boolean('refund_application_fee') ?? false;
  const metadata = applyMetadata({}, params.metadata());
  const description = params.string('description') ?? null;
  const alreadyReversed = transfer.amount_reversed;
  const reversal = reverseTransfer(tx, transfer, amount, { metadata, description });
  const payment = tx.store.get('charge', transfer.destination_payment as string);
  const fee = payment?.application_fee ? tx.store.get('application_fee', payment.application_fee as string) : undefined;
  if (isFeeRefunded && fee) {
    const share = proportionalRefundShare({ amount, alreadyRefunded: alreadyReversed, chargeAmount: transfer.amount, total: fee.amount, alreadyReturned: fee.amount_refunded });
    if (share > 0) refundApplicationFee(tx, fee, share);
  }
  return reversal;
}

export const transferRoutes: Route[] = [
  { method: 'POST', path: '/v1/transfers', params: ['amount', 'currency', 'destination', 'source_transaction', 'transfer_group', 'description', 'metadata'], handle: createTransferFromApi },
  { method: 'GET', path: '/v1/transfers/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('transfer', path.id!, account), 'transfer', path.id!) },
  {
    method: 'POST',
    path: '/v1/transfers/:id',
    params: ['description', 'metadata'],
    handle: (tx, { params, account, path }) => {
      const transfer = orMissing(tx.store.getOwned('transfer', path.id!, account), 'transfer', path.id!);
      const previous = applyChanges(transfer, {
        description: params.string('description'),
        metadata: params.has('metadata') ? applyMetadata(transfer.metadata, params.metadata()) : undefined,
      });
      tx.store.save(transfer);
      if (Object.keys(previous).length > 0) tx.emit('transfer.updated', transfer, { account, previous });
      return transfer;
    },
  },
  {
    method: 'GET',
    path: '/v1/transfers',
    params: [...LIST_PARAMS, 'destination', 'transfer_group'],
    handle: (tx, { account, params }) => {
      const destination = params.string('destination');
      const group = params.string('transfer_group');
      const records = tx.store.all('transfer', account).filter((record) => (!destination || record.data.destination === destination) && (!group || record.data.transfer_group === group));
      return paginate(records, params, '/v1/transfers', 'transfer');
    },
  },
  { method: 'POST', path: '/v1/transfers/:id/reversals', params: ['amount', 'description', 'metadata', 'refund_application_fee'], handle: createReversalFromApi },
  {
    method: 'GET',
    path: '/v1/transfers/:id/reversals',
    params: [...LIST_PARAMS],
    handle: (tx, { account, params, path }) => {
      orMissing(tx.store.getOwned('transfer', path.id!, account), 'transfer', path.id!);
      return paginate(tx.store.all('transfer_reversal', account).filter((record) => record.data.transfer === path.id), params, `/v1/transfers/${path.id!}/reversals`, 'transfer reversal');
    },
  },
  {
    method: 'GET',
    path: '/v1/transfers/:transfer/reversals/:id',
    params: [],
    handle: (tx, { account, path }) => {
      const reversal = tx.store.getOwned('transfer_reversal', path.id!, account);
      return orMissing(reversal?.transfer === path.transfer ? reversal : undefined, 'transfer reversal', path.id!);
    },
  },
];
