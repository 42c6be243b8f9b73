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
 *
 * The balance (`GET /v1/balance`) is per currency: `available` is the sum of `net`, `pending` and
 * `connect_reserved` are always 0 (no availability delay; no reserve held for connected accounts'
 * negative balances). `connect_reserved` is on every balance, the platform's (a Connect platform,
 * to which Stripe sends it) and connected accounts' alike, as in Stripe's sample object.
 *
 * Lists filter by `type`, `source`, `currency`, `created` and `payout`. Stripe documents `payout`
 * for automatic payouts only: the transactions that payout paid out. The emulator makes only
 * manual payouts (payouts.ts) and funds are available at once, so no transaction records which
 * payout took its funds, just as Stripe keeps no such link for a manual payout. `payout=po_…`
 * therefore returns that payout's own movements: the transactions whose `source` is the payout —
 * its `payout` transaction, plus `payout_failure` or `payout_cancel` once it failed or was
 * canceled. A payout id the account does not own is refused (400 `resource_missing`, param `payout`).
 */
import type Stripe from 'stripe';
import type { Tx } from '../core.ts';
import { orMissing, referencedResourceMissing } from '../errors.ts';
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
    // No reserve is held for connected accounts' negative balances: always 0, in each currency.
    connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
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
      const payout = params.string('payout');
      if (payout && !tx.store.getOwned('payout', payout, account)) throw referencedResourceMissing('payout', payout, 'payout');
      const records = tx.store.all('balance_transaction', account).filter((record) =>
        (!type || record.data.type === type) && (!source || record.data.source === source) && (!currency || record.data.currency === currency)
        // The payout's own movements (see the module comment).
        && (!payout || record.data.source === payout));
      return paginate(records, params, '/v1/balance_transactions', 'balance transaction');
    },
  },
];
