/**
 * Balance transactions — every movement of money on an account's Stripe balance — and the balance
 * they add up to. `net = amount − fee`, all minor units; funds are available at once in the
 * emulator (`available_on = created`, status `available`).
 *
 * Types written (platform / connected account):
 *   charge (+amount, Stripe fee) · transfer (−) · application_fee (+) · refund (−) ·
 *   refund_failure (+) · transfer_refund (+, a transfer reversal) · application_fee_refund (−) ·
 *   adjustment (dispute: −amount with the dispute fee; reinstated: +amount, fee returned)
 *   / payment (+, application fee as its fee) · payment_refund (−) · application_fee_refund (+) ·
 *   payout (−) · payout_failure (+) · payout_cancel (+).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { orMissing } from '../errors.ts';
import { LIST_PARAMS, paginate } from '../lists.ts';
import type { Route } from '../http/router.ts';
import type { Store } from '../store.ts';

export interface BalanceTransactionInput {
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  source: string;
  description?: string | null;
  /** Fees deducted from `amount` (Stripe fee, dispute fee, application fee), minor units. */
  fees?: Array<{ amount: number; type: 'stripe_fee' | 'application_fee'; description: string; application?: string | null }>;
}

/** Writes a balance transaction on `account` (null = platform). */
export function recordBalanceTransaction(tx: Tx, account: string | null, input: BalanceTransactionInput): Stripe.BalanceTransaction {
  const created = tx.now();
  const feeDetails = (input.fees ?? []).filter((fee) => fee.amount !== 0).map((fee) => ({
    amount: fee.amount,
    application: fee.application ?? null,
    currency: input.currency,
    description: fee.description,
    type: fee.type,
  }));
  const fee = feeDetails.reduce((sum, detail) => sum + detail.amount, 0);
  const transaction: Stripe.BalanceTransaction = {
    id: tx.newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: feeDetails,
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: 'available',
    type: input.type,
  };
  return tx.store.insert('balance_transaction', account, transaction);
}

/** Sum of `net` of `account`'s balance transactions in `currency`, minor units. */
export function availableBalance(store: Store, account: string | null, currency: string): number {
  return store.all('balance_transaction', account).reduce((sum, record) => (record.data.currency === currency ? sum + record.data.net : sum), 0);
}

function retrieveBalance(tx: Tx, account: string | null): Stripe.Balance {
  const totals = new Map<string, number>();
  for (const record of tx.store.all('balance_transaction', account)) {
    totals.set(record.data.currency, (totals.get(record.data.currency) ?? 0) + record.data.net);
  }
  if (totals.size === 0) totals.set('usd', 0);
  const currencies = [...totals.keys()].sort();
  return {
    object: 'balance',
    available: currencies.map((currency) => ({ amount: totals.get(currency)!, currency, source_types: { card: totals.get(currency)! } })),
    livemode: false,
    pending: currencies.map((currency) => ({ amount: 0, currency, source_types: { card: 0 } })),
  };
}

export const balanceRoutes: Route[] = [
  { method: 'GET', path: '/v1/balance', params: [], handle: (tx, { account }) => retrieveBalance(tx, account) },
  {
    method: 'GET',
    path: '/v1/balance_transactions/:id',
    params: [],
    handle: (tx, { account, path }) => orMissing(tx.store.getOwned('balance_transaction', path.id!, account), 'balance transaction', path.id!),
  },
  {
    method: 'GET',
    path: '/v1/balance_transactions',
    params: [...LIST_PARAMS, 'type', 'source', 'currency', 'payout'],
    handle: (tx, { account, params }) => {
      const type = params.string('type');
      const source = params.string('source');
      const currency = params.currency('currency');
      const records = tx.store.all('balance_transaction', account).filter((record) =>
        (!type || record.data.type === type) && (!source || record.data.source === source) && (!currency || record.data.currency === currency));
      return paginate(records, params, '/v1/balance_transactions', 'balance transaction');
    },
  },
];
