/**
 * Payouts from an account's balance to its bank account — for a connected account, made with the
 * `Stripe-Account` header, and its events carry `account`. A payout starts `pending` (`payout`
 * balance transaction, −amount) and is settled by `/_emulator/payouts/:id/paid` or `/fail`
 * (`payout_failure`, +amount), or canceled through the API while pending (`payout_cancel`).
 * The amount must be covered by the available balance (`balance_insufficient`).
 * Every payout is manual (`automatic: false`) and goes to the account's one test bank account
 * (`destination`, bankAccountId); `arrival_date` is two days later at midnight UTC, or at once for
 * `method=instant`. Lists filter by `status`, `arrival_date` (exact or `[gt|gte|lt|lte]`) and
 * `destination`, as Stripe does.
 * Events: payout.created, payout.updated (status changes, and metadata updates through the API,
 * with `previous_attributes`), payout.paid, payout.failed, payout.canceled.
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { invalidRequest, orMissing } from '../errors.ts';
import { MAX_AMOUNT } from '@marketdesk/shared';
import { formatAmount } from '../fees.ts';
import type { ApiRequest, Route } from '../http/router.ts';
import { LIST_PARAMS, paginate, timestampFilter } from '../lists.ts';
import { applyChanges, applyMetadata, assertStripeAmountStep } from '../params.ts';
import { bankAccountId } from './accounts.ts';
import { availableBalance, recordBalanceTransaction } from './balance.ts';

const DAY_SECONDS = 24 * 60 * 60;

/** Stripe's payout failure codes (docs.stripe.com/api/payouts/failures) with their messages. */
export const PAYOUT_FAILURES: Record<string, string> = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account has been frozen.',
  could_not_process: 'The bank could not process this payout.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  invalid_account_number: 'The routing number seems correct, but the account number is invalid.',
  no_account: 'The bank account details on file are probably incorrect.',
};

function createPayout(tx: Tx, { params, account }: ApiRequest): Stripe.Payout {
  const amount = params.requiredInteger('amount', { min: 1, max: MAX_AMOUNT });
  const currency = params.requiredCurrency();
  assertStripeAmountStep(amount, currency, 'payout', 'amount');
  const method = params.oneOf('method', ['standard', 'instant'] as const) ?? 'standard';
  const available = availableBalance(tx.store, account, currency, tx.now());
  if (available < amount) {
    throw invalidRequest(`You have insufficient funds in your Stripe account for this payout: ${formatAmount(available, currency)} is available, ${formatAmount(amount, currency)} was requested.`, { code: 'balance_insufficient', param: 'amount' });
  }
  const id = tx.newId('po');
  const transaction = recordBalanceTransaction(tx, account, { amount: -amount, currency, type: 'payout', reportingCategory: 'payout', source: id, description: 'STRIPE PAYOUT' });
  const created = tx.now();
  const payout: Stripe.Payout = {
    id, object: 'payout', amount, application_fee: null, application_fee_amount: null,
    arrival_date: method === 'instant' ? created : Math.floor(created / DAY_SECONDS) * DAY_SECONDS + 2 * DAY_SECONDS,
    automatic: false, balance_transaction: transaction.id, created, currency, description: params.string('description') ?? null,
    destination: bankAccountId(account ?? tx.platformAccountId), failure_balance_transaction: null, failure_code: null, failure_message: null,
    livemode: false, metadata: applyMetadata({}, params.metadata()), method, original_payout: null, payout_method: null, reconciliation_status: 'not_applicable',
    reversed_by: null, source_type: params.oneOf('source_type', ['card', 'bank_account', 'fpx'] as const) ?? 'card',
    statement_descriptor: params.string('statement_descriptor') ?? null, status: 'pending', trace_id: null, type: 'bank_account',
  };
  tx.store.insert('payout', account, payout);
  tx.emit('payout.created', payout, { account });
  return payout;
}

/**
 * Moves a payout on: `in_transit`, `paid`, `failed` (with a failure code from
 * {@link PAYOUT_FAILURES}) or `canceled`. @throws StripeApiError when the payout is already final.
 */
export function settlePayout(tx: Tx, payoutId: string, next: 'in_transit' | 'paid' | 'failed' | 'canceled', failureCode = 'account_closed'): Stripe.Payout {
  const payout = orMissing(tx.store.get('payout', payoutId), 'payout', payoutId);
  const account = tx.store.getAny(payout.id)?.account ?? null;
  if (payout.status !== 'pending' && payout.status !== 'in_transit') {
    throw invalidRequest(`Payout ${payout.id} has status ${payout.status} and can no longer change.`, { param: 'payout' });
  }
  if (next === 'canceled' && payout.status !== 'pending') throw invalidRequest('Only pending payouts can be canceled.', { param: 'payout' });
  const previous = { status: payout.status };
  payout.status = next;
  if (next === 'failed' || next === 'canceled') {
    const type = next === 'failed' ? 'payout_failure' : 'payout_cancel';
    const transaction = recordBalanceTransaction(tx, account, { amount: payout.amount, currency: payout.currency, type, reportingCategory: type, source: payout.id, description: next === 'failed' ? 'STRIPE PAYOUT FAILURE' : 'STRIPE PAYOUT CANCEL' });
    payout.failure_balance_transaction = transaction.id;
    if (next === 'failed') {
      payout.failure_code = failureCode;
      payout.failure_message = PAYOUT_FAILURES[failureCode] ?? 'The payout failed.';
    }
  }
  if (next === 'paid') payout.reconciliation_status = 'completed';
  tx.store.save(payout);
  tx.emit('payout.updated', payout, { account, previous });
  if (next !== 'in_transit') tx.emit(`payout.${next}`, payout, { account });
  return payout;
}

export const payoutRoutes: Route[] = [
  { method: 'POST', path: '/v1/payouts', params: ['amount', 'currency', 'description', 'metadata', 'method', 'source_type', 'statement_descriptor', 'destination'], handle: createPayout },
  { method: 'GET', path: '/v1/payouts/:id', params: [], handle: (tx, { account, path }) => orMissing(tx.store.getOwned('payout', path.id!, account), 'payout', path.id!) },
  {
    method: 'POST',
    path: '/v1/payouts/:id',
    params: ['metadata'],
    handle: (tx, { params, account, path }) => {
      const payout = orMissing(tx.store.getOwned('payout', path.id!, account), 'payout', path.id!);
      const previous = params.has('metadata') ? applyChanges(payout, { metadata: applyMetadata(payout.metadata, params.metadata()) }) : {};
      tx.store.save(payout);
      if (Object.keys(previous).length > 0) tx.emit('payout.updated', payout, { account, previous });
      return payout;
    },
  },
  {
    method: 'POST',
    path: '/v1/payouts/:id/cancel',
    params: [],
    handle: (tx, { account, path }) => settlePayout(tx, orMissing(tx.store.getOwned('payout', path.id!, account), 'payout', path.id!).id, 'canceled'),
  },
  {
    method: 'GET',
    path: '/v1/payouts',
    params: [...LIST_PARAMS, 'status', 'arrival_date', 'destination'],
    handle: (tx, { account, params }) => {
      const status = params.string('status');
      const matchesArrival = timestampFilter(params, 'arrival_date');
      const destination = params.string('destination');
      const records = tx.store.all('payout', account).filter((record) =>
        (!status || record.data.status === status) && (!matchesArrival || matchesArrival(record.data.arrival_date)) && (!destination || record.data.destination === destination));
      return paginate(records, params, '/v1/payouts', 'payout');
    },
  },
];
