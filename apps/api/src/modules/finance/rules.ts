/**
 * Pure rules of finance: how a Stripe balance transaction of the platform is matched to the
 * ledger transaction that posts it (payments/ledger.ts, "one transaction per Stripe money object,
 * keyed by its id"), and the differences left over. No I/O.
 */
import type { ReconciliationDifference } from '@marketdesk/shared';

/** A platform balance transaction as the matching reads it (Stripe's fields; `created` in Unix seconds, `net` in minor units). */
export interface PlatformBalanceTransaction {
  id: string;
  type: string;
  source: string | null;
  net: number;
  currency: string;
  created: number;
}

/**
 * The accounts whose sum is the platform's own Stripe balance (payments/ledger.ts): the balance
 * net of fees kept, plus the prepaid credits it holds for buyers (a credit pack's charge lands in
 * CREDIT_LIABILITY, its refund leaves it). Each posting's sum over them is its balance
 * transaction's net; credit use and grants move nothing at Stripe and sum to 0 over them.
 */
export const PLATFORM_BALANCE_ACCOUNTS = ['STRIPE_BALANCE', 'PLATFORM_FEES', 'CREDIT_LIABILITY'] as const;

/** A ledger transaction as the matching reads it: `platformNet` = Σ of its entries over PLATFORM_BALANCE_ACCOUNTS (minor units of `currency`). */
export interface LedgerPostingSummary {
  id: string;
  externalKey: string;
  kind: string;
  purchaseId: string | null;
  occurredAt: Date;
  currency: string;
  platformNet: number;
}

/**
 * The ledger's `externalKey` of the posting of balance transaction `bt`, from its type and
 * `source` (Stripe's balance transaction types, docs.stripe.com/reports/balance-transaction-types):
 * charge → `charge:<ch>`, transfer → `transfer:<tr>`, application_fee → `application_fee:<fee>`,
 * refund → `refund:<re>`, refund_failure → `refund_failure:<re>`, transfer_refund (a reversal) →
 * `transfer_reversal:<trr>`, application_fee_refund → `fee_refund:<fr>`, a dispute's adjustment →
 * `dispute:<dp>:<txn>` (one posting per dispute balance transaction).
 * @returns null for a type the ledger has no posting rule for (a Stripe fee, another adjustment).
 */
export function expectedLedgerKey(bt: Pick<PlatformBalanceTransaction, 'id' | 'type' | 'source'>): string | null {
  const source = bt.source;
  if (!source) return null;
  switch (bt.type) {
    case 'charge':
    case 'payment':
      return `charge:${source}`;
    case 'transfer':
      return `transfer:${source}`;
    case 'application_fee':
      return `application_fee:${source}`;
    case 'refund':
      return `refund:${source}`;
    case 'refund_failure':
      return `refund_failure:${source}`;
    case 'transfer_refund':
      return `transfer_reversal:${source}`;
    case 'application_fee_refund':
      return `fee_refund:${source}`;
    case 'adjustment':
      return source.startsWith('dp_') || source.startsWith('du_') ? `dispute:${source}:${bt.id}` : null;
    default:
      return null;
  }
}

const BALANCE_TYPE_OF_KIND: Readonly<Record<string, string>> = {
  payment: 'charge', transfer: 'transfer', application_fee: 'application_fee', refund: 'refund', refund_failure: 'refund_failure',
  transfer_reversal: 'transfer_refund', fee_refund: 'application_fee_refund', dispute: 'adjustment',
};

/**
 * The balance-transaction type a ledger kind posts (ledger.ts' LedgerKind); null for what never
 * touches the platform's balance at Stripe: connected accounts' payouts, and credit use and
 * grants (moves between the platform's own accounts with no Stripe object), so none of them is
 * ever reported missing at Stripe.
 */
export function balanceTypeOfLedgerKind(kind: string): string | null {
  return BALANCE_TYPE_OF_KIND[kind] ?? null;
}

/** A difference before its console link is resolved: `purchaseId` is the matched posting's, if any. */
export type UnlinkedDifference = Omit<ReconciliationDifference, 'link'> & { purchaseId: string | null };

export interface ReconciliationMatch {
  /** Minor units. */
  ledgerPlatformNet: number;
  stripePlatformNet: number;
  byType: { type: string; stripeCount: number; stripeNet: number; ledgerCount: number; ledgerNet: number }[];
  /** Oldest first (Stripe's created, else the ledger's occurredAt). */
  differences: UnlinkedDifference[];
}

/**
 * Matches the platform's balance transactions of a period to the ledger's postings.
 * @param input.balanceTransactions every platform balance transaction created in [from, to) in
 *   `currency`, the platform's own payouts left out (they post nothing).
 * @param input.ledgerTransactions the ledger transactions dated in [from, to), plus any posting
 *   whose key one of those balance transactions expects (dated elsewhere), in any currency.
 * @param input.period [from, to) and the currency, lower case.
 * @returns the totals of both sides (ledger: transactions dated in the period in `currency`), per
 *   type, and every difference: a balance transaction with no posting (MISSING_IN_LEDGER), with
 *   another platform net or currency (AMOUNT_DIFFERS) or a posting dated outside the period
 *   (OTHER_PERIOD_IN_LEDGER); a posting of the platform's balance with no balance transaction
 *   (MISSING_AT_STRIPE). Payout postings (connected accounts) are never expected at the platform.
 */
export function matchReconciliation(input: {
  balanceTransactions: readonly PlatformBalanceTransaction[];
  ledgerTransactions: readonly LedgerPostingSummary[];
  period: { from: Date; to: Date; currency: string };
}): ReconciliationMatch {
  const { from, to, currency } = input.period;
  const isInPeriod = (at: Date) => at >= from && at < to;
  const byKey = new Map(input.ledgerTransactions.map((t) => [t.externalKey, t]));
  const matchedKeys = new Set<string>();
  const byType = new Map<string, ReconciliationMatch['byType'][number]>();
  const typeRow = (type: string) => {
    const row = byType.get(type) ?? { type, stripeCount: 0, stripeNet: 0, ledgerCount: 0, ledgerNet: 0 };
    byType.set(type, row);
    return row;
  };
  const differences: (UnlinkedDifference & { at: number })[] = [];
  let stripePlatformNet = 0;
  for (const bt of input.balanceTransactions) {
    stripePlatformNet += bt.net;
    const row = typeRow(bt.type);
    row.stripeCount += 1;
    row.stripeNet += bt.net;
    const expectedKey = expectedLedgerKey(bt);
    const posting = expectedKey ? byKey.get(expectedKey) : undefined;
    if (expectedKey && posting) matchedKeys.add(expectedKey);
    const kind = !posting ? 'MISSING_IN_LEDGER'
      : posting.currency !== currency || posting.platformNet !== bt.net ? 'AMOUNT_DIFFERS'
        : !isInPeriod(posting.occurredAt) ? 'OTHER_PERIOD_IN_LEDGER' : null;
    if (!kind) continue;
    const ledgerNet = posting && posting.currency === currency ? posting.platformNet : 0;
    differences.push({
      kind, expectedKey, difference: ledgerNet - bt.net, purchaseId: posting?.purchaseId ?? null, at: bt.created * 1000,
      stripe: { balanceTransactionId: bt.id, type: bt.type, sourceId: bt.source, net: bt.net, created: new Date(bt.created * 1000) },
      ledger: posting ? { id: posting.id, externalKey: posting.externalKey, kind: posting.kind, platformNet: posting.platformNet, occurredAt: posting.occurredAt } : null,
    });
  }
  let ledgerPlatformNet = 0;
  for (const posting of input.ledgerTransactions) {
    if (posting.currency !== currency || !isInPeriod(posting.occurredAt)) continue;
    ledgerPlatformNet += posting.platformNet;
    const type = balanceTypeOfLedgerKind(posting.kind);
    if (type === null) continue;
    const row = typeRow(type);
    row.ledgerCount += 1;
    row.ledgerNet += posting.platformNet;
    if (matchedKeys.has(posting.externalKey)) continue;
    differences.push({
      kind: 'MISSING_AT_STRIPE', stripe: null, expectedKey: null, difference: posting.platformNet, purchaseId: posting.purchaseId, at: posting.occurredAt.getTime(),
      ledger: { id: posting.id, externalKey: posting.externalKey, kind: posting.kind, platformNet: posting.platformNet, occurredAt: posting.occurredAt },
    });
  }
  differences.sort((a, b) => a.at - b.at);
  return {
    ledgerPlatformNet, stripePlatformNet,
    byType: [...byType.values()].sort((a, b) => a.type.localeCompare(b.type)),
    differences: differences.map(({ at: _at, ...difference }) => difference),
  };
}
