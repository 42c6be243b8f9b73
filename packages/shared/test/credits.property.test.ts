import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditPackAmountsFor, creditPackRefundable, isCreditPackAmount, maxCreditGrantFor, minimumCreditShareTransfer } from '../src/pricing/credits.ts';
import { minimumChargeAmount } from '../src/money/currency.ts';

/** Fixed seed and bounded runs: reproducible, and the whole shared project stays fast. */
const FC = { seed: 4242, numRuns: 300 } as const;
const CURRENCIES = ['usd', 'eur', 'gbp', 'huf', 'jpy', 'krw', 'clp', 'kwd', 'bhd', 'vnd'] as const;

describe('credit packs', () => {
  it('sells 5 / 10 / 50 of the currency, and JPY its own ladder ¥500 / ¥1,000 / ¥5,000', () => {
    expect(creditPackAmountsFor('usd')).toEqual([500, 1000, 5000]);
    expect(creditPackAmountsFor('EUR')).toEqual([500, 1000, 5000]);
    expect(creditPackAmountsFor('jpy')).toEqual([500, 1000, 5000]);
    expect(creditPackAmountsFor('kwd')).toEqual([5000, 10000, 50000]);
    expect(isCreditPackAmount(1000, 'usd')).toBe(true);
    expect(isCreditPackAmount(999, 'usd')).toBe(false);
    expect(isCreditPackAmount(5, 'jpy')).toBe(false);
  });

  it('every pack of every currency is increasing and at least Stripe’s minimum charge', () => {
    for (const currency of CURRENCIES) {
      const packs = creditPackAmountsFor(currency);
      expect(packs.length).toBe(3);
      expect([...packs].sort((a, b) => a - b)).toEqual(packs);
      expect(packs[0]).toBeGreaterThanOrEqual(minimumChargeAmount(currency));
    }
  });

  it('caps a grant at 20 of the largest pack: $1,000 in USD, ¥100,000 in JPY', () => {
    expect(maxCreditGrantFor('usd')).toBe(100_000);
    expect(maxCreditGrantFor('jpy')).toBe(100_000);
    expect(maxCreditGrantFor('kwd')).toBe(1_000_000);
  });

  it('transfers a creator’s share from one major unit (¥100 in zero-decimal currencies)', () => {
    expect(minimumCreditShareTransfer('usd')).toBe(100);
    expect(minimumCreditShareTransfer('jpy')).toBe(100);
    expect(minimumCreditShareTransfer('kwd')).toBe(1000);
  });
});

describe('creditPackRefundable', () => {
  it('worked example: a pack of 1,000 with 300 used → 700; with a refund of 200 reserved → 500', () => {
    expect(creditPackRefundable({ purchaseRefundable: 1000, creditBalance: 700, pendingCreditRefunds: 0 })).toBe(700);
    expect(creditPackRefundable({ purchaseRefundable: 1000, creditBalance: 700, pendingCreditRefunds: 200 })).toBe(500);
  });

  it('never exceeds what the purchase has left nor the available credits, and is never negative', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: -1000, max: 10_000_000 }), fc.nat(10_000_000), (purchaseRefundable, creditBalance, pendingCreditRefunds) => {
        const refundable = creditPackRefundable({ purchaseRefundable, creditBalance, pendingCreditRefunds });
        expect(refundable).toBeGreaterThanOrEqual(0);
        expect(refundable).toBeLessThanOrEqual(purchaseRefundable);
        expect(refundable).toBeLessThanOrEqual(Math.max(0, creditBalance - pendingCreditRefunds));
        // Tight: it is one of the bounds whenever both are positive.
        expect([purchaseRefundable, creditBalance - pendingCreditRefunds, 0]).toContain(refundable);
      }),
      FC,
    );
  });

  it('refunding what it allows, one part after another, never takes the balance below 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(1_000_000), fc.array(fc.integer({ min: 1, max: 500_000 }), { maxLength: 10 }), (pack, used, asks) => {
        let balance = pack - Math.min(used, pack);
        let purchaseLeft = pack;
        for (const ask of asks) {
          const allowed = creditPackRefundable({ purchaseRefundable: purchaseLeft, creditBalance: balance, pendingCreditRefunds: 0 });
          const refund = Math.min(ask, allowed);
          balance -= refund;
          purchaseLeft -= refund;
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(purchaseLeft).toBeGreaterThanOrEqual(0);
        }
      }),
      FC,
    );
  });

  it('refuses fractions of a minor unit and negative inputs, naming the field', () => {
    expect(() => creditPackRefundable({ purchaseRefundable: 1.5, creditBalance: 0, pendingCreditRefunds: 0 })).toThrow(/purchaseRefundable/);
    expect(() => creditPackRefundable({ purchaseRefundable: 10, creditBalance: 0, pendingCreditRefunds: -1 })).toThrow(/pendingCreditRefunds/);
  });
});
