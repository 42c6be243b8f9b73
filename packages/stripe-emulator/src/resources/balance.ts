/**
 * Balance transactions — every movement of money on an account's Stripe balance — and the balance
 * they add up to. `net = amount − fee`, all minor units, in the currency the account settles in
 * (`exchange_rate` set when converted; settlement.ts). Funds are available at `available_on`:
 * at once, unless `availabilityDelaySeconds` holds a charge's funds (with its transfer, destination
 * payment and application fee) pending for a while — and what a reversal or fee refund gives back
 * of them as long; `status` is `pending` until then, as read at each request.
 *
 * Types written (platform / connected account):
 *   charge (+amount, Stripe fee) · transfer (−) · application_fee (+) · refund (−) ·
 *   refund_failure (+) · transfer_refund (+, a transfer reversal) · application_fee_refund (−) ·
 *   adjustment (dispute: −amount with the dispute fee; reinstated: +amount, fee returned)
 *   / payment (+, application fee as its fee) · payment_refund (−) · application_fee_refund (+) ·
 *   payout (−) · payout_failure (+) · payout_cancel (+).
 *
 * The balance (`GET /v1/balance`) is per currency: `available` is the sum of `net` of transactions
 * whose `available_on` has come, `pending` the sum of the others; `connect_reserved` is always 0 (no reserve held for connected accounts'
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
import { settle, type Settled } from '../settlement.ts';
import type { Store } from '../store.ts';

export interface BalanceTransactionInput {
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  source: string;
  description?: string | null;
  /** The rate `amount` was converted at from the charge's currency (settlement.ts); null or absent when not converted. */
  exchangeRate?: number | null;
  /**
   * Whether the funds wait `availabilityDelaySeconds` (settlement.ts): a charge's, and what a
   * destination charge moves with them (its transfer, the connected account's payment, the application fee).
   */
  isHeldPending?: boolean;
  /** Unix seconds before which the funds cannot be available: money given back from funds still pending (a transfer reversal, a fee refund) stays pending as long. */
  availableNotBefore?: number;
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
  const availableOn = Math.max(input.isHeldPending ? created + tx.settings.availabilityDelaySeconds : created, input.availableNotBefore ?? created);
  const transaction: Stripe.BalanceTransaction = {
    id: tx.newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: availableOn,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description ?? null,
    exchange_rate: input.exchangeRate ?? null,
    fee,
    fee_details: feeDetails,
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: availableOn <= created ? 'available' : 'pending',
    type: input.type,
  };
  return tx.store.insert('balance_transaction', account, transaction);
}

/**
 * `amount` minor units of `charge`'s currency as they settle where the charge settled (its balance
 * transaction's currency: settlement.ts) — for its refunds and disputes, whatever the settings
 * are now. @throws StripeApiError 400 without a rate.
 */
export function settleAsCharge(tx: Tx, charge: Stripe.Charge, amount: number): Settled {
  const settledIn = tx.store.get('balance_transaction', String(charge.balance_transaction))?.currency ?? charge.currency;
  return settle(amount, charge.currency, settledIn);
}

/** When the funds of balance transaction `id` are available (its `available_on`), or undefined for an unknown id. */
export function availableOnOf(store: Store, id: unknown): number | undefined {
  return typeof id === 'string' ? store.get('balance_transaction', id)?.available_on : undefined;
}

/** Sum of `net` of `account`'s balance transactions in `currency` available at `now` (Unix seconds), minor units. */
export function availableBalance(store: Store, account: string | null, currency: string, now: number): number {
  return store.all('balance_transaction', account).reduce((sum, record) => (record.data.currency === currency && isAvailableAt(record.data, now) ? sum + record.data.net : sum), 0);
}

/**
 * Whether `transaction`'s funds are available at `now` (Unix seconds): at its `available_on`, or
 * always when it was never held (available_on = created) — so a clock set into the past (a seed's
 * backdated history) does not make funds pending.
 */
function isAvailableAt(transaction: Stripe.BalanceTransaction, now: number): boolean {
  return transaction.available_on <= transaction.created || transaction.available_on <= now;
}

/** A copy of `transaction` with `status` as of `now`: `pending` until its `available_on`. */
function withStatusAt(transaction: Stripe.BalanceTransaction, now: number): Stripe.BalanceTransaction {
  const status = isAvailableAt(transaction, now) ? 'available' : 'pending';
  return transaction.status === status ? transaction : { ...transaction, status };
}

function retrieveBalance(tx: Tx, account: string | null): Stripe.Balance {
  const now = tx.now();
  const totals = new Map<string, { available: number; pending: number }>();
  for (const { data } of tx.store.all('balance_transaction', account)) {
    const total = totals.get(data.currency) ?? { available: 0, pending: 0 };
    if (isAvailableAt(data, now)) total.available += data.net;
    else total.pending += data.net;
    totals.set(data.currency, total);
  }
  if (totals.size === 0) totals.set(tx.settings.settlementCurrency ?? 'usd', { available: 0, pending: 0 });
  const currencies = [...totals.keys()].sort();
  return {
    object: 'balance',
    available: currencies.map((currency) => ({ amount: totals.get(currency)!.available, currency, source_types: { card: totals.get(currency)!.available } })),
    // No reserve is held for connected accounts' negative balances: always 0, in each currency.
    connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: currencies.map((currency) => ({ amount: totals.get(currency)!.pending, currency, source_types: { card: totals.get(currency)!.pending } })),
  };
}

export const balanceRoutes: Route[] = [
  { method: 'GET', path: '/v1/balance', params: [], handle: (tx, { account }) => retrieveBalance(tx, account) },
  {
    method: 'GET',
    path: '/v1/balance_transactions/:id',
    params: [],
    handle: (tx, { account, path }) => withStatusAt(orMissing(tx.store.getOwned('balance_transaction', path.id!, account), 'balance transaction', path.id!), tx.now()),
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
      const now = tx.now();
      return paginate(records.map((record) => ({ ...record, data: withStatusAt(record.data, now) })), params, '/v1/balance_transactions', 'balance transaction');
    },
  },
];
