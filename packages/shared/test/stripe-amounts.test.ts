import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZRefundCreateInput, ZRefundPreviewInput } from '../src/finance/refunds.schema.ts';
import {
  amountStepFor, checkStripeAmount, currencyExponent, MAX_AMOUNT, roundDownToAmountStep, STRIPE_AMOUNT_USES, toMinorUnits, typedDecimalsFor,
} from '../src/money/index.ts';

/** Fixed seed and bounded runs: reproducible, and the whole shared project stays fast. */
const FC = { seed: 4242, numRuns: 300 } as const;
const SPECIAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd', 'isk', 'ugx', 'huf', 'twd'] as const;
const CURRENCIES = [...SPECIAL, 'usd', 'eur', 'jpy', 'krw', 'gbp'] as const;
const currency = fc.constantFrom(...CURRENCIES);
const use = fc.constantFrom(...STRIPE_AMOUNT_USES);
const amount = fc.integer({ min: 1, max: MAX_AMOUNT });

describe('amountStepFor: Stripe’s currency table, special cases and three-decimal currencies', () => {
  it.each(['bhd', 'jod', 'kwd', 'omr', 'tnd'])('%s: the last digit is 0 for charges, refunds and payouts; transfers (Stripe makes proportional reversals itself) take any amount', (code) => {
    for (const u of STRIPE_AMOUNT_USES) expect(amountStepFor(code, u)).toBe(u === 'transfer' ? 1 : 10);
  });

  it.each(['isk', 'ugx', 'ISK'])('%s: whole units (100 minor units) for every use', (code) => {
    for (const u of STRIPE_AMOUNT_USES) expect(amountStepFor(code, u)).toBe(100);
  });

  it.each(['huf', 'twd'])('%s: any two-decimal amount for charges, refunds and transfers; whole units for payouts', (code) => {
    expect([amountStepFor(code, 'charge'), amountStepFor(code, 'refund'), amountStepFor(code, 'transfer'), amountStepFor(code, 'payout')]).toEqual([1, 1, 1, 100]);
  });

  it.each(['usd', 'eur', 'jpy', 'krw', 'constructor'])('%s: no step', (code) => {
    for (const u of STRIPE_AMOUNT_USES) expect(amountStepFor(code, u)).toBe(1);
  });

  it('keeps the API’s exponents: ISK and UGX are two-decimal (500 is 5 units), three-decimal stay three', () => {
    expect([currencyExponent('isk'), currencyExponent('ugx'), currencyExponent('huf'), currencyExponent('twd'), currencyExponent('kwd')]).toEqual([2, 2, 2, 2, 3]);
    expect(toMinorUnits('5', 'ugx')).toBe(500);
  });
});

describe('checkStripeAmount: examples per currency', () => {
  it('three-decimal currencies name the two nearest amounts ending in 0', () => {
    expect(checkStripeAmount(12345, 'kwd', 'refund')).toBe('KWD amounts must end in 0: 12.345 KWD is not accepted by Stripe; use 12.340 or 12.350');
    expect(checkStripeAmount(5124, 'bhd', 'charge')).toBe('BHD amounts must end in 0: 5.124 BHD is not accepted by Stripe; use 5.120 or 5.130');
    expect(checkStripeAmount(7, 'omr', 'payout')).toBe('OMR amounts must end in 0: 0.007 OMR is not accepted by Stripe; use 0.010');
    expect(checkStripeAmount(12340, 'kwd', 'refund')).toBeNull();
    expect(checkStripeAmount(10, 'jod', 'transfer')).toBeNull();
    expect(checkStripeAmount(99_999_990, 'tnd', 'charge')).toBeNull();
  });

  it('ISK and UGX take whole units only', () => {
    expect(checkStripeAmount(4010, 'isk', 'charge')).toBe('ISK amounts must be whole ISK: 40.10 ISK is not accepted by Stripe; use 40.00 or 41.00');
    expect(checkStripeAmount(150, 'ugx', 'refund')).toBe('UGX amounts must be whole UGX: 1.50 UGX is not accepted by Stripe; use 1.00 or 2.00');
    expect(checkStripeAmount(4000, 'isk', 'refund')).toBeNull();
    expect(checkStripeAmount(500, 'UGX', 'payout')).toBeNull();
  });

  it('HUF and TWD: two-decimal charges and refunds, whole-unit payouts', () => {
    expect(checkStripeAmount(1045, 'huf', 'charge')).toBeNull();
    expect(checkStripeAmount(1045, 'twd', 'refund')).toBeNull();
    expect(checkStripeAmount(1045, 'huf', 'payout')).toBe('HUF payouts must be whole HUF: 10.45 HUF is not accepted by Stripe; use 10.00 or 11.00');
    expect(checkStripeAmount(1045, 'twd', 'payout')).toBe('TWD payouts must be whole TWD: 10.45 TWD is not accepted by Stripe; use 10.00 or 11.00');
    expect(checkStripeAmount(1000, 'huf', 'payout')).toBeNull();
  });

  it('leaves other rules alone: other currencies, fractions, zero and negatives give null', () => {
    expect(checkStripeAmount(12345, 'usd', 'refund')).toBeNull();
    expect(checkStripeAmount(1, 'jpy', 'payout')).toBeNull();
    expect(checkStripeAmount(12.5, 'kwd', 'refund')).toBeNull();
    expect(checkStripeAmount(0, 'kwd', 'refund')).toBeNull();
    expect(checkStripeAmount(-5, 'kwd', 'refund')).toBeNull();
  });
});

describe('checkStripeAmount and roundDownToAmountStep: properties', () => {
  it('an amount is accepted exactly when it is a multiple of the step', () => {
    fc.assert(fc.property(amount, currency, use, (a, c, u) => {
      expect(checkStripeAmount(a, c, u) === null).toBe(a % amountStepFor(c, u) === 0);
    }), FC);
  });

  it('rounding down gives the largest accepted amount not above the amount', () => {
    fc.assert(fc.property(amount, currency, use, (a, c, u) => {
      const step = amountStepFor(c, u);
      const rounded = roundDownToAmountStep(a, c, u);
      expect(rounded).toBeLessThanOrEqual(a);
      expect(a - rounded).toBeLessThan(step);
      expect(rounded % step).toBe(0);
      if (rounded > 0) expect(checkStripeAmount(rounded, c, u)).toBeNull();
    }), FC);
  });

  it('a refusal names accepted amounts on either side, in the currency’s major units', () => {
    fc.assert(fc.property(amount, fc.constantFrom(...SPECIAL), use, (a, c, u) => {
      const message = checkStripeAmount(a, c, u);
      fc.pre(message !== null);
      const suggested = message!.split('; use ')[1]!.split(' or ').map((major) => toMinorUnits(major, c));
      for (const s of suggested) expect(checkStripeAmount(s, c, u)).toBeNull();
      expect(suggested.at(-1)!).toBeGreaterThan(a);
      if (suggested.length === 2) expect(suggested[0]!).toBeLessThan(a);
    }), FC);
  });

  it('whatever a person types with typedDecimalsFor decimals is accepted', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 }), currency, use, (whole, fraction, c, u) => {
      const decimals = typedDecimalsFor(c, u);
      const major = decimals === 0 ? String(whole) : `${whole}.${String(fraction % 10 ** decimals).padStart(decimals, '0')}`;
      expect(checkStripeAmount(toMinorUnits(major, c), c, u)).toBeNull();
    }), FC);
  });
});

describe('refund input schemas refuse amounts Stripe would refuse, on the amount field', () => {
  const base = { purchaseId: 'pu_1', reason: 'REQUESTED_BY_CUSTOMER', requestKey: 'request-key-1' } as const;

  it('12.345 KWD and 1.50 ISK are refused with the rule’s message; 12.340 KWD is accepted', () => {
    for (const schema of [ZRefundPreviewInput, ZRefundCreateInput]) {
      const kwd = schema.safeParse({ ...base, amount: 12345, currency: 'KWD' });
      expect(kwd.success).toBe(false);
      expect(kwd.error?.issues).toEqual([expect.objectContaining({ path: ['amount'], message: 'KWD amounts must end in 0: 12.345 KWD is not accepted by Stripe; use 12.340 or 12.350' })]);
      expect(schema.safeParse({ ...base, amount: 150, currency: 'isk' }).error?.issues[0]?.path).toEqual(['amount']);
      expect(schema.safeParse({ ...base, amount: 12340, currency: 'kwd' }).success).toBe(true);
    }
  });

  it('agrees with checkStripeAmount for refunds', () => {
    fc.assert(fc.property(amount, currency, (a, c) => {
      const result = ZRefundPreviewInput.safeParse({ purchaseId: 'pu_1', amount: a, currency: c });
      const message = checkStripeAmount(a, c, 'refund');
      expect(result.success).toBe(message === null);
      if (message) expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['amount'], message })]);
    }), FC);
  });
});
