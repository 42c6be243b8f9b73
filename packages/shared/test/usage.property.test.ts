/**
 * The usage rule (pricing/usage.ts): how a report is covered by included units, credits and
 * overage, all or nothing. Fixed seed and bounded runs, like the refund split's properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverUsage, isQuotaSpent, quotaPeriodOf, type CoverUsageInput } from '../src/pricing/usage.ts';

const FC = { seed: 1515, numRuns: 400 } as const;

const arbInput: fc.Arbitrary<CoverUsageInput> = fc.record({
  used: fc.integer({ min: 0, max: 2_000 }),
  quantity: fc.integer({ min: 1, max: 1_000_000 }),
  included: fc.integer({ min: 0, max: 2_000 }),
  isHard: fc.boolean(),
  overageUnitAmount: fc.integer({ min: 0, max: 100_000_000 }),
  creditBalance: fc.integer({ min: 0, max: 10_000_000 }),
  canBillOverage: fc.boolean(),
});

describe('coverUsage: worked examples', () => {
  const base = { used: 0, included: 20, isHard: true, overageUnitAmount: 5, creditBalance: 0, canBillOverage: false };

  it('within the included units: all included', () => {
    expect(coverUsage({ ...base, used: 15, quantity: 5 })).toEqual({ accepted: true, includedQuantity: 5, creditQuantity: 0, creditAmount: 0, overageQuantity: 0, overageAmount: 0 });
  });

  it('one unit past a hard quota without credits: refused, 0 remaining; 2 past with 1 left: refused, 1 remaining (all or nothing)', () => {
    expect(coverUsage({ ...base, used: 20, quantity: 1 })).toEqual({ accepted: false, remaining: 0 });
    expect(coverUsage({ ...base, used: 19, quantity: 2 })).toEqual({ accepted: false, remaining: 1 });
  });

  it('credits pay whole units only: 12 minor units at 5 per unit pay 2 units, then a soft quota on a subscription bills the 3rd', () => {
    expect(coverUsage({ ...base, used: 20, quantity: 2, creditBalance: 12 })).toEqual({ accepted: true, includedQuantity: 0, creditQuantity: 2, creditAmount: 10, overageQuantity: 0, overageAmount: 0 });
    expect(coverUsage({ ...base, used: 20, quantity: 3, creditBalance: 12 })).toEqual({ accepted: false, remaining: 0 });
    expect(coverUsage({ ...base, isHard: false, canBillOverage: true, used: 18, quantity: 5, creditBalance: 12 }))
      .toEqual({ accepted: true, includedQuantity: 2, creditQuantity: 2, creditAmount: 10, overageQuantity: 1, overageAmount: 5 });
  });

  it('a soft quota without a subscription to bill is refused like a hard one', () => {
    expect(coverUsage({ ...base, isHard: false, used: 20, quantity: 1 })).toEqual({ accepted: false, remaining: 0 });
  });
});

describe('coverUsage: properties', () => {
  it('accepted: the parts sum to the quantity, the amounts are units × unit price, the credit amount is within the balance', () => {
    fc.assert(fc.property(arbInput, (input) => {
      const result = coverUsage(input);
      if (!result.accepted) return;
      expect(result.includedQuantity + result.creditQuantity + result.overageQuantity).toBe(input.quantity);
      expect(result.creditAmount).toBe(result.creditQuantity * input.overageUnitAmount);
      expect(result.overageAmount).toBe(result.overageQuantity * input.overageUnitAmount);
      expect(result.creditAmount).toBeLessThanOrEqual(input.creditBalance);
      expect(Math.min(result.includedQuantity, result.creditQuantity, result.overageQuantity)).toBeGreaterThanOrEqual(0);
      expect(result.includedQuantity).toBeLessThanOrEqual(Math.max(0, input.included - input.used));
    }), FC);
  });

  it('never accepted beyond the included units for a hard quota without credits, nor overage without a subscription', () => {
    fc.assert(fc.property(arbInput, (input) => {
      const hard = coverUsage({ ...input, isHard: true, creditBalance: 0 });
      if (hard.accepted) expect(input.used + input.quantity).toBeLessThanOrEqual(input.included);
      const unbillable = coverUsage({ ...input, canBillOverage: false });
      if (unbillable.accepted) expect(unbillable.overageQuantity).toBe(0);
    }), FC);
  });

  it('credits are drawn before overage, and included units before credits', () => {
    fc.assert(fc.property(arbInput, (input) => {
      const result = coverUsage(input);
      if (!result.accepted) return;
      if (result.creditQuantity > 0) expect(result.includedQuantity).toBe(Math.max(0, input.included - input.used));
      if (result.overageQuantity > 0 && input.overageUnitAmount > 0) expect(input.creditBalance - result.creditAmount).toBeLessThan(input.overageUnitAmount);
    }), FC);
  });

  it('refused exactly when something is left over that a hard quota or an unbillable license cannot take; remaining is the included units left', () => {
    fc.assert(fc.property(arbInput, (input) => {
      const result = coverUsage(input);
      const left = Math.max(0, input.included - input.used);
      const payable = input.overageUnitAmount > 0 ? Math.floor(input.creditBalance / input.overageUnitAmount) : 0;
      const isCovered = input.quantity <= left + payable || (!input.isHard && input.canBillOverage);
      expect(result.accepted).toBe(isCovered);
      if (!result.accepted) expect(result.remaining).toBe(left);
    }), FC);
  });

  it('a spent hard quota (isQuotaSpent) refuses a report of one unit, and one that is not spent accepts it', () => {
    fc.assert(fc.property(arbInput, (input) => {
      const spent = isQuotaSpent({ isHard: true, included: input.included, overageUnitAmount: input.overageUnitAmount }, input.used, input.creditBalance);
      expect(coverUsage({ ...input, isHard: true, quantity: 1 }).accepted).toBe(!spent);
    }), FC);
  });
});

describe('quotaPeriodOf', () => {
  it('a license without a subscription counts in the UTC calendar month, December rolling into January', () => {
    expect(quotaPeriodOf(new Date('2026-12-31T23:59:59.999Z'))).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    expect(quotaPeriodOf(new Date('2027-01-01T00:00:00Z'))).toEqual({ start: new Date('2027-01-01T00:00:00Z'), end: new Date('2027-02-01T00:00:00Z') });
  });

  it('a subscription license counts in its billing period, also past its end until it renews', () => {
    const period = { start: new Date('2026-11-17T10:00:00Z'), end: new Date('2026-12-17T10:00:00Z') };
    expect(quotaPeriodOf(new Date('2026-12-02T00:00:00Z'), period)).toEqual(period);
    expect(quotaPeriodOf(new Date('2026-12-18T00:00:00Z'), period)).toEqual(period);
  });

  it('every instant lies in its own calendar-month period', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (now) => {
      const { start, end } = quotaPeriodOf(now);
      expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(now.getTime()).toBeLessThan(end.getTime());
      expect(start.getUTCDate()).toBe(1);
      expect(end.getUTCDate()).toBe(1);
    }), FC);
  });
});
