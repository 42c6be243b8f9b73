/** The reconciliation's matching rule (finance/rules.ts), pure: balance transactions against ledger postings. */
import { describe, expect, it } from 'vitest';
import { balanceTypeOfLedgerKind, expectedLedgerKey, matchReconciliation, type LedgerPostingSummary, type PlatformBalanceTransaction } from '../../src/modules/finance/rules.ts';

const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), currency: 'usd' };
const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
const bt = (id: string, type: string, source: string | null, net: number, created = at('2026-11-10T10:00:00Z')): PlatformBalanceTransaction => ({ id, type, source, net, currency: 'usd', created });
const posting = (externalKey: string, kind: string, platformNet: number, overrides: Partial<LedgerPostingSummary> = {}): LedgerPostingSummary => ({
  id: `ltx_${externalKey}`, externalKey, kind, platformNet, purchaseId: 'pur_1', occurredAt: new Date('2026-11-10T10:00:00Z'), currency: 'usd', ...overrides,
});

/** One sale of 2000 with a 200 fee, Stripe fee 88: both sides. */
const sale = {
  balanceTransactions: [bt('txn_1', 'charge', 'ch_1', 1912), bt('txn_2', 'transfer', 'tr_1', -2000), bt('txn_3', 'application_fee', 'fee_1', 200)],
  ledgerTransactions: [posting('charge:ch_1', 'payment', 1912), posting('transfer:tr_1', 'transfer', -2000), posting('application_fee:fee_1', 'application_fee', 200)],
};

describe('expectedLedgerKey', () => {
  it('names the posting of each type the ledger posts, keyed by the source (a dispute by its balance transaction too)', () => {
    expect(expectedLedgerKey(bt('txn_a', 'charge', 'ch_1', 0))).toBe('charge:ch_1');
    expect(expectedLedgerKey(bt('txn_a', 'refund', 're_1', 0))).toBe('refund:re_1');
    expect(expectedLedgerKey(bt('txn_a', 'refund_failure', 're_1', 0))).toBe('refund_failure:re_1');
    expect(expectedLedgerKey(bt('txn_a', 'transfer_refund', 'trr_1', 0))).toBe('transfer_reversal:trr_1');
    expect(expectedLedgerKey(bt('txn_a', 'application_fee_refund', 'fr_1', 0))).toBe('fee_refund:fr_1');
    expect(expectedLedgerKey(bt('txn_9', 'adjustment', 'dp_1', 0))).toBe('dispute:dp_1:txn_9');
  });
  it('has no key for what the ledger never posts', () => {
    expect(expectedLedgerKey(bt('txn_a', 'adjustment', 'adj_1', 0))).toBeNull();
    expect(expectedLedgerKey(bt('txn_a', 'stripe_fee', 'sf_1', 0))).toBeNull();
    expect(expectedLedgerKey(bt('txn_a', 'charge', null, 0))).toBeNull();
    expect(balanceTypeOfLedgerKind('payout')).toBeNull();
    expect(balanceTypeOfLedgerKind('dispute')).toBe('adjustment');
  });
});

describe('matchReconciliation', () => {
  it('finds no difference when every balance transaction has its posting, and totals agree per type', () => {
    const match = matchReconciliation({ ...sale, period });
    expect(match.differences).toEqual([]);
    expect(match.ledgerPlatformNet).toBe(112);
    expect(match.stripePlatformNet).toBe(112);
    expect(match.byType).toEqual([
      { type: 'application_fee', stripeCount: 1, stripeNet: 200, ledgerCount: 1, ledgerNet: 200 },
      { type: 'charge', stripeCount: 1, stripeNet: 1912, ledgerCount: 1, ledgerNet: 1912 },
      { type: 'transfer', stripeCount: 1, stripeNet: -2000, ledgerCount: 1, ledgerNet: -2000 },
    ]);
  });

  it('lists a balance transaction with no posting, naming its source and the key it expects', () => {
    const match = matchReconciliation({ balanceTransactions: [...sale.balanceTransactions, bt('txn_4', 'refund', 're_1', -500, at('2026-11-11T00:00:00Z'))], ledgerTransactions: sale.ledgerTransactions, period });
    expect(match.differences).toEqual([{
      kind: 'MISSING_IN_LEDGER', expectedKey: 'refund:re_1', difference: 500, purchaseId: null, ledger: null,
      stripe: { balanceTransactionId: 'txn_4', type: 'refund', sourceId: 're_1', net: -500, created: new Date('2026-11-11T00:00:00Z') },
    }]);
    expect(match.stripePlatformNet - match.ledgerPlatformNet).toBe(-500);
  });

  it('lists a posting with another amount or currency, and one dated in another period', () => {
    const ledgerTransactions = [
      posting('charge:ch_1', 'payment', 1900),
      posting('transfer:tr_1', 'transfer', -2000, { currency: 'eur' }),
      posting('application_fee:fee_1', 'application_fee', 200, { occurredAt: new Date('2026-12-01T00:00:00Z') }),
    ];
    const match = matchReconciliation({ balanceTransactions: sale.balanceTransactions, ledgerTransactions, period });
    expect(match.differences.map((d) => [d.kind, d.stripe?.sourceId, d.ledger?.externalKey, d.difference])).toEqual([
      ['AMOUNT_DIFFERS', 'ch_1', 'charge:ch_1', -12],
      ['AMOUNT_DIFFERS', 'tr_1', 'transfer:tr_1', 2000],
      ['OTHER_PERIOD_IN_LEDGER', 'fee_1', 'application_fee:fee_1', 0],
    ]);
    expect(match.differences[0]!.purchaseId).toBe('pur_1');
  });

  it('lists a posting of the platform balance Stripe has no balance transaction for, but never a creator payout', () => {
    const ledgerTransactions = [...sale.ledgerTransactions, posting('refund:re_9', 'refund', -300, { occurredAt: new Date('2026-11-05T00:00:00Z') }), posting('payout:po_1:created', 'payout', 0)];
    const match = matchReconciliation({ balanceTransactions: sale.balanceTransactions, ledgerTransactions, period });
    expect(match.differences).toHaveLength(1);
    expect(match.differences[0]).toMatchObject({ kind: 'MISSING_AT_STRIPE', stripe: null, difference: -300, purchaseId: 'pur_1', ledger: { externalKey: 'refund:re_9', platformNet: -300 } });
    expect(match.ledgerPlatformNet).toBe(112 - 300);
  });

  it('leaves other currencies and ledger postings outside the period out of the totals', () => {
    const ledgerTransactions = [...sale.ledgerTransactions, posting('charge:ch_eur', 'payment', 5000, { currency: 'eur' }), posting('charge:ch_old', 'payment', 700, { occurredAt: new Date('2026-10-31T23:59:59Z') })];
    const match = matchReconciliation({ balanceTransactions: sale.balanceTransactions, ledgerTransactions, period });
    expect(match.differences).toEqual([]);
    expect(match.ledgerPlatformNet).toBe(112);
  });
});
