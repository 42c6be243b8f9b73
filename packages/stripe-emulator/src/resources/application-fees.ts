/**
 * Application fees: what the platform keeps from a destination charge made with
 * `application_fee_amount`. The whole charge is transferred to the connected account and the fee
 * comes back to the platform (docs.stripe.com/connect/destination-charges#application-fee), so
 * the fee's `charge` is the connected account's payment (`py_…`) and `originating_transaction`
 * the platform's charge. Fee refunds move money from the platform back to the connected account.
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing } from '../errors.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, listOf, paginate } from '../lists.ts';
import { applyMetadata, assertStripeAmountStep } from '../params.ts';
import { availableOnOf, recordBalanceTransaction } from './balance.ts';

export interface ApplicationFeeInput {
  /** A destination charge's fee: pending as long as the charge's funds (settlement.ts). */
  isHeldPending?: boolean;
  id: string;
  amount: number;
  currency: string;
  /** Connected account the fee is taken from. */
  account: string;
  /** The connected account's payment (`py_…`). */
  payment: string;
  /** The platform's charge (`ch_…`). */
  originatingCharge: string;
}

/** Creates the fee object and the platform's `application_fee` balance transaction. */
export function createApplicationFee(tx: Tx, input: ApplicationFeeInput): Stripe.ApplicationFee {
  const transaction = recordBalanceTransaction(tx, null, { amount: input.amount, currency: input.currency, type: 'application_fee', reportingCategory: 'platform_earning', source: input.id, description: 'Application fee', isHeldPending: input.isHeldPending });
  const fee: Stripe.ApplicationFee = {
    id: input.id,
    object: 'application_fee',
    account: input.account,
    amount: input.amount,
    amount_refunded: 0,
    application: tx.store.meta.applicationId,
    balance_transaction: transaction.id,
    charge: input.payment,
    created: tx.now(),
    currency: input.currency,
    fee_source: { type: 'charge', charge: input.payment },
    livemode: false,
    originating_transaction: input.originatingCharge,
    refunded: false,
    refunds: listOf([], `/v1/application_fees/${input.id}/refunds`),
  };
  tx.store.insert('application_fee', null, fee);
  tx.emit('application_fee.created', fee);
  return fee;
}

/**
 * Refunds `amount` minor units of `fee` to the connected account: a fee refund, `application_fee_refund`
 * balance transactions on both sides, and an `application_fee.refunded` event.
 * @throws StripeApiError `amount_too_large` when more than the unrefunded fee is asked for.
 */
export function refundApplicationFee(tx: Tx, fee: Stripe.ApplicationFee, amount: number, metadata: Record<string, string> = {}): Stripe.FeeRefund {
  const remaining = fee.amount - fee.amount_refunded;
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than the unrefunded amount of the application fee (${remaining}).`, { code: 'amount_too_large', param: 'amount' });
  }
  const id = tx.newId('fr');
  // A refund of a fee still pending is pending as long, on both sides (settlement.ts).
  const availableNotBefore = availableOnOf(tx.store, fee.balance_transaction);
  const platformSide = recordBalanceTransaction(tx, null, { amount: -amount, currency: fee.currency, type: 'application_fee_refund', reportingCategory: 'platform_earning_refund', source: id, description: 'Application fee refund', availableNotBefore });
  recordBalanceTransaction(tx, fee.account as string, { amount, currency: fee.currency, type: 'application_fee_refund', reportingCategory: 'platform_earning_refund', source: id, description: 'Application fee refund', availableNotBefore });
  const feeRefund: Stripe.FeeRefund = {
    id,
    object: 'fee_refund',
    amount,
    balance_transaction: platformSide.id,
    created: tx.now(),
    currency: fee.currency,
    fee: fee.id,
    metadata,
  };
  tx.store.insert('fee_refund', null, feeRefund);
  const previous = { amount_refunded: fee.amount_refunded, refunded: fee.refunded };
  fee.amount_refunded += amount;
  fee.refunded = fee.amount_refunded === fee.amount;
  fee.refunds.data.unshift(feeRefund);
  tx.store.save(fee);
  tx.emit('application_fee.refunded', fee, { previous });
  return feeRefund;
}

function createFeeRefund(tx: Tx, { params, account, path }: ApiRequest): Stripe.FeeRefund {
  const fee = orMissing(tx.store.getOwned('application_fee', path.id!, account), 'application fee', path.id!);
  const amount = params.integer('amount', { min: 1 }) ?? fee.amount - fee.amount_refunded;
  if (amount === 0) throw invalidRequest(`Application fee ${fee.id} has already been refunded.`, { code: 'charge_already_refunded' });
  assertStripeAmountStep(amount, fee.currency, 'transfer', 'amount');
  return refundApplicationFee(tx, fee, amount, applyMetadata({}, params.metadata()));
}

export const applicationFeeRoutes: Route[] = [
  { method: 'GET', path: '/v1/application_fees/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('application_fee', path.id!, account), 'application fee', path.id!) },
  {
    method: 'GET',
    path: '/v1/application_fees',
    params: [...LIST_PARAMS, 'charge'],
    handle: (tx, { account, params }) => {
      const charge = params.string('charge');
      const records = tx.store.all('application_fee', account).filter((record) => !charge || record.data.charge === charge || record.data.originating_transaction === charge);
      return paginate(records, params, '/v1/application_fees', 'application fee');
    },
  },
  { method: 'POST', path: '/v1/application_fees/:id/refunds', params: ['amount', 'metadata'], handle: createFeeRefund },
  {
    method: 'GET',
    path: '/v1/application_fees/:id/refunds',
    params: [...LIST_PARAMS],
    handle: (tx, { account, params, path }) => {
      orMissing(tx.store.getOwned('application_fee', path.id!, account), 'application fee', path.id!);
      return paginate(tx.store.all('fee_refund', account).filter((record) => record.data.fee === path.id), params, `/v1/application_fees/${path.id!}/refunds`, 'fee refund');
    },
  },
  {
    method: 'GET',
    path: '/v1/application_fees/:fee/refunds/:id',
    params: [],
    handle: (tx, { account, path }) => {
      const refund = tx.store.getOwned('fee_refund', path.id!, account);
      return orMissing(refund?.fee === path.fee ? refund : undefined, 'fee refund', path.id!);
    },
  },
];
