import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountStepFor, minimumChargeAmount } from '../src/money/index.ts';
import { prorateTierChange, renewalAmount } from '../src/pricing/proration.ts';

/** Fixed seed and bounded runs: reproducible, and the whole shared project stays fast. */
const FC = { seed: 1515, numRuns: 300 } as const;
const CURRENCIES = ['usd', 'eur', 'jpy', 'krw', 'kwd', 'bhd', 'isk', 'huf'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 31, 10, 0, 0);

/** A currency, and two tier prices that are whole multiples of its charge step (Stripe accepts them). */
const arbPrices = fc.constantFrom(...CURRENCIES).chain((currency) => {
  const step = amountStepFor(currency, 'charge');
  const price = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n * step);
  return fc.record({ currency: fc.constant(currency), oldAmount: price, newAmount: price });
});
/** A period of 28–31 days (ms) and two moments inside it, as offsets from the start (ms). */
const arbPeriod = fc.integer({ min: 28, max: 31 }).chain((days) => fc.record({
  length: fc.constant(days * DAY), a: fc.integer({ min: 0, max: days * DAY }), b: fc.integer({ min: 0, max: days * DAY }),
}));

const at = (offset: number) => new Date(START + offset);
const prorate = (p: { currency: string; oldAmount: number; newAmount: number }, length: number, offset: number) =>
  prorateTierChange({ ...p, periodStart: at(0), periodEnd: at(length), changeAt: at(offset) });

describe('prorateTierChange: worked examples (Stripe: credit for unused time, charge for the remaining time)', () => {
  it('1000 → 3000 usd half-way through a 30-day period: credit 500, charge 1500, net 1000 charged now', () => {
    expect(prorate({ currency: 'usd', oldAmount: 1000, newAmount: 3000 }, 30 * DAY, 15 * DAY)).toEqual({ unusedCredit: 500, remainingCharge: 1500, net: 1000 });
  });
  it('3000 → 1000 usd with 10 of 30 days left: net −667 credited to the next renewal (666.67 rounds to 667)', () => {
    expect(prorate({ currency: 'usd', oldAmount: 3000, newAmount: 1000 }, 30 * DAY, 20 * DAY)).toEqual({ unusedCredit: 1000, remainingCharge: 333, net: -667 });
  });
  it('kwd rounds to its charge step of 10 (the last digit 0)', () => {
    const result = prorate({ currency: 'kwd', oldAmount: 10_000, newAmount: 20_000 }, 30 * DAY, 10 * DAY);
    expect(result.net).toBe(6670);
    expect(result.remainingCharge % 10).toBe(0);
  });
  it('refuses a change outside the period, naming changeAt', () => {
    expect(() => prorate({ currency: 'usd', oldAmount: 1, newAmount: 2 }, 30 * DAY, 31 * DAY)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'changeAt' }));
  });
  it('refuses a negative amount, naming amount', () => {
    expect(() => prorate({ currency: 'usd', oldAmount: -1, newAmount: 2 }, 30 * DAY, DAY)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'amount' }));
  });
});

describe('prorateTierChange: properties', () => {
  it('no change of price → nothing charged or credited on net', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length, a }) => {
      expect(prorate({ ...p, newAmount: p.oldAmount }, length, a).net).toBe(0);
    }), FC);
  });
  it('at the period start net = new − old; at the period end everything is 0', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length }) => {
      expect(prorate(p, length, 0)).toEqual({ unusedCredit: p.oldAmount, remainingCharge: p.newAmount, net: p.newAmount - p.oldAmount });
      expect(prorate(p, length, length)).toEqual({ unusedCredit: 0, remainingCharge: 0, net: 0 });
    }), FC);
  });
  it('net is monotone in time: a later change never moves further from 0', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length, a, b }) => {
      const [early, late] = [prorate(p, length, Math.min(a, b)).net, prorate(p, length, Math.max(a, b)).net];
      expect(Math.abs(late)).toBeLessThanOrEqual(Math.abs(early));
      expect(Math.sign(late) === 0 || Math.sign(late) === Math.sign(early)).toBe(true);
    }), FC);
  });
  it('|net| ≤ |new − old|, its sign is the sign of new − old (or 0), and net = remainingCharge − unusedCredit', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length, a }) => {
      const result = prorate(p, length, a);
      expect(Math.abs(result.net)).toBeLessThanOrEqual(Math.abs(p.newAmount - p.oldAmount));
      expect(result.net === 0 || Math.sign(result.net) === Math.sign(p.newAmount - p.oldAmount)).toBe(true);
      expect(result.net).toBe(result.remainingCharge - result.unusedCredit);
      expect(result.remainingCharge).toBeGreaterThanOrEqual(0);
      expect(result.remainingCharge).toBeLessThanOrEqual(p.newAmount);
      expect(result.unusedCredit).toBeGreaterThanOrEqual(0);
      expect(result.unusedCredit).toBeLessThanOrEqual(p.oldAmount);
    }), FC);
  });
  it('every amount is a whole number of minor units and a multiple of the currency’s charge step (zero-decimal currencies integral)', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length, a }) => {
      const step = amountStepFor(p.currency, 'charge');
      for (const amount of Object.values(prorate(p, length, a))) {
        expect(Number.isInteger(amount)).toBe(true);
        expect(Math.abs(amount) % step).toBe(0);
      }
    }), FC);
  });
  it('the credit for unused time is the old price prorated, within one charge step', () => {
    fc.assert(fc.property(arbPrices, arbPeriod, (p, { length, a }) => {
      const exact = (p.oldAmount * Math.floor((length - a) / 1000)) / Math.floor(length / 1000);
      expect(Math.abs(prorate(p, length, a).unusedCredit - exact)).toBeLessThanOrEqual(amountStepFor(p.currency, 'charge'));
    }), FC);
  });
});

describe('renewalAmount', () => {
  it('worked examples: credit first, a tiny rest carried, a credit larger than the price kept', () => {
    expect(renewalAmount({ tierPrice: 2000, prorationCredit: 700, currency: 'usd' })).toEqual({ charge: 1300, creditUsed: 700, creditLeft: 0 });
    expect(renewalAmount({ tierPrice: 500, prorationCredit: 700, currency: 'usd' })).toEqual({ charge: 0, creditUsed: 500, creditLeft: 200 });
    expect(renewalAmount({ tierPrice: 2000, prorationCredit: 1980, currency: 'usd' })).toEqual({ charge: 0, creditUsed: 2000, creditLeft: -20 });
    expect(renewalAmount({ tierPrice: 2000, prorationCredit: -20, currency: 'usd' })).toEqual({ charge: 2020, creditUsed: -20, creditLeft: 0 });
  });
  it('charge + creditUsed = price, creditLeft = credit − creditUsed, charge is 0 or at least the minimum charge', () => {
    fc.assert(fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: -10_000, max: 2_000_000 }), (currency, tierPrice, prorationCredit) => {
      const result = renewalAmount({ tierPrice, prorationCredit, currency });
      expect(result.charge + result.creditUsed).toBe(tierPrice);
      expect(result.creditLeft).toBe(prorationCredit - result.creditUsed);
      expect(result.charge === 0 || result.charge >= minimumChargeAmount(currency)).toBe(true);
      // Nothing owed is lost: what is neither charged nor carried was paid by the credit.
      expect(result.creditLeft).toBeGreaterThan(-minimumChargeAmount(currency));
      if (prorationCredit <= 0 && tierPrice - prorationCredit >= minimumChargeAmount(currency)) expect(result.charge).toBe(tierPrice - prorationCredit);
    }), FC);
  });
});
