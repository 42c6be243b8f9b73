import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, proportionalRefundShare, refundableAmount, splitRefund, toMajorString, toMinorUnits, type SplitRefundInput } from '../src/money/index.ts';

/** Fixed seed and bounded runs: reproducible, and the whole shared project stays fast. */
const FC = { seed: 4242, numRuns: 300 } as const;
const CURRENCIES = ['usd', 'eur', 'gbp', 'huf', 'jpy', 'krw', 'clp', 'kwd', 'bhd', 'tnd'] as const;

/** Refunds of `chargeAmount` in order, with running totals, all by splitRefund's defaults. */
function refundInParts(base: Omit<SplitRefundInput, 'amount' | 'alreadyRefunded'>, parts: number[]) {
  let alreadyRefunded = 0;
  return parts.map((amount) => {
    const shares = splitRefund({ ...base, amount, alreadyRefunded });
    alreadyRefunded += amount;
    return shares;
  });
}

describe('splitRefund: worked examples (Stripe’s proportional reverse_transfer / refund_application_fee)', () => {
  const destination = { chargeAmount: 1000, transferAmount: 1000, applicationFee: 123 };

  it('fee 123 on 1,000, refunds 333 + 333 + 334 → fee refunds 41 + 41 + 41', () => {
    const shares = refundInParts(destination, [333, 333, 334]);
    expect(shares.map((s) => s.applicationFeeRefund)).toEqual([41, 41, 41]);
    expect(shares.map((s) => s.transferReversal)).toEqual([333, 333, 334]);
    expect(shares.map((s) => s.creatorShare)).toEqual([292, 292, 293]);
    expect(shares.map((s) => s.platformShare)).toEqual([41, 41, 41]);
  });

  it('fee 123 on 1,000, refunds 500 + 500 → 62 + 61 (61.5 rounds half up, then the rest)', () => {
    const shares = refundInParts(destination, [500, 500]);
    expect(shares).toEqual([
      { transferReversal: 500, applicationFeeRefund: 62, creatorShare: 438, platformShare: 62 },
      { transferReversal: 500, applicationFeeRefund: 61, creatorShare: 439, platformShare: 61 },
    ]);
  });

  it('a full refund in one go gives back the whole transfer and fee', () => {
    expect(splitRefund({ ...destination, amount: 1000, alreadyRefunded: 0 })).toEqual({ transferReversal: 1000, applicationFeeRefund: 123, creatorShare: 877, platformShare: 123 });
  });

  it('zero-decimal JPY: ¥1,000 with a ¥100 fee refunded ¥333 + ¥333 + ¥334 → fee refunds ¥33 + ¥34 + ¥33', () => {
    const shares = refundInParts({ chargeAmount: 1000, transferAmount: 1000, applicationFee: 100 }, [333, 333, 334]);
    expect(shares.map((s) => s.applicationFeeRefund)).toEqual([33, 34, 33]);
    expect(shares.map((s) => s.creatorShare)).toEqual([300, 299, 301]);
    expect(toMajorString(shares[0]!.creatorShare, 'jpy')).toBe('300');
  });

  it('zero-decimal KRW: ₩55,000 with a ₩5,500 fee, refund ₩12,345 → ₩1,235 fee (1,234.5 half up), then the rest', () => {
    const shares = refundInParts({ chargeAmount: 55_000, transferAmount: 55_000, applicationFee: 5_500 }, [12_345, 42_655]);
    expect(shares).toEqual([
      { transferReversal: 12_345, applicationFeeRefund: 1_235, creatorShare: 11_110, platformShare: 1_235 },
      { transferReversal: 42_655, applicationFeeRefund: 4_265, creatorShare: 38_390, platformShare: 4_265 },
    ]);
  });

  it('three-decimal KWD: 12.345 KWD with a 0.617 fee, refund 1.000 → 0.050 fee (49.98 rounds to 50)', () => {
    const chargeAmount = toMinorUnits('12.345', 'kwd');
    const applicationFee = toMinorUnits('0.617', 'kwd');
    const shares = splitRefund({ amount: toMinorUnits('1.000', 'kwd'), alreadyRefunded: 0, chargeAmount, transferAmount: chargeAmount, applicationFee });
    expect(shares).toEqual({ transferReversal: 1000, applicationFeeRefund: 50, creatorShare: 950, platformShare: 50 });
    expect(toMajorString(shares.applicationFeeRefund, 'kwd')).toBe('0.050');
    const rest = splitRefund({ amount: chargeAmount - 1000, alreadyRefunded: 1000, chargeAmount, transferAmount: chargeAmount, applicationFee });
    expect(rest.applicationFeeRefund).toBe(567);
  });

  it('defaults transferReversed / applicationFeeRefunded to what earlier refunds took by the same rule', () => {
    const implicit = splitRefund({ ...destination, amount: 500, alreadyRefunded: 500 });
    const explicit = splitRefund({ ...destination, amount: 500, alreadyRefunded: 500, transferReversed: 500, applicationFeeRefunded: 62 });
    expect(implicit).toEqual(explicit);
  });

  it('caps each share at what is left (a transfer reversed by hand, a fee refunded earlier)', () => {
    const shares = splitRefund({ ...destination, amount: 500, alreadyRefunded: 0, transferReversed: 990, applicationFeeRefunded: 123 });
    expect(shares).toEqual({ transferReversal: 10, applicationFeeRefund: 0, creatorShare: 10, platformShare: 490 });
  });

  it('a charge without transfer or fee: the platform gives everything back', () => {
    expect(splitRefund({ amount: 250, alreadyRefunded: 0, chargeAmount: 1000, transferAmount: 0, applicationFee: 0 })).toEqual({ transferReversal: 0, applicationFeeRefund: 0, creatorShare: 0, platformShare: 250 });
  });
});

describe('proportionalRefundShare', () => {
  it('is the cumulative half-up difference, capped at what is left', () => {
    expect(proportionalRefundShare({ amount: 500, alreadyRefunded: 0, chargeAmount: 1000, total: 123, alreadyReturned: 0 })).toBe(62);
    expect(proportionalRefundShare({ amount: 500, alreadyRefunded: 500, chargeAmount: 1000, total: 123, alreadyReturned: 62 })).toBe(61);
    expect(proportionalRefundShare({ amount: 500, alreadyRefunded: 500, chargeAmount: 1000, total: 123, alreadyReturned: 100 })).toBe(23);
    expect(proportionalRefundShare({ amount: 1, alreadyRefunded: 0, chargeAmount: 3, total: 1, alreadyReturned: 0 })).toBe(0);
    expect(proportionalRefundShare({ amount: 1, alreadyRefunded: 1, chargeAmount: 3, total: 1, alreadyReturned: 0 })).toBe(1);
  });

  it('is exact at Stripe’s maximum amount (BigInt, no float rounding)', () => {
    expect(proportionalRefundShare({ amount: 1, alreadyRefunded: MAX_AMOUNT - 1, chargeAmount: MAX_AMOUNT, total: MAX_AMOUNT - 1, alreadyReturned: MAX_AMOUNT - 2 })).toBe(1);
    expect(proportionalRefundShare({ amount: 1, alreadyRefunded: 0, chargeAmount: MAX_AMOUNT, total: Number.MAX_SAFE_INTEGER, alreadyReturned: 0 })).toBe(90_071_993);
  });
});

describe('input errors: RangeError naming the field', () => {
  const valid: SplitRefundInput = { amount: 100, alreadyRefunded: 0, chargeAmount: 1000, transferAmount: 1000, applicationFee: 123 };
  const badNumbers = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53];

  it.each(['amount', 'alreadyRefunded', 'chargeAmount', 'transferAmount', 'applicationFee', 'transferReversed', 'applicationFeeRefunded'] as const)('splitRefund: %s not a non-negative safe integer', (field) => {
    for (const bad of badNumbers) expect(() => splitRefund({ ...valid, [field]: bad })).toThrowError(new RegExp(`^${field} must`));
    expect(() => splitRefund({ ...valid, [field]: -1 })).toThrow(RangeError);
  });

  it('splitRefund: amount ≤ 0, over what is left, chargeAmount ≤ 0, already-returned over the total', () => {
    expect(() => splitRefund({ ...valid, amount: 0 })).toThrowError(/^amount must be positive/);
    expect(() => splitRefund({ ...valid, amount: 1001 })).toThrowError(/^amount \(1001\) exceeds what is left to refund: .* = 1000$/);
    expect(() => splitRefund({ ...valid, amount: 501, alreadyRefunded: 500 })).toThrowError(/^amount \(501\) exceeds/);
    expect(() => splitRefund({ ...valid, amount: 1, alreadyRefunded: 1000 })).toThrowError(/^amount \(1\) exceeds/);
    expect(() => splitRefund({ ...valid, chargeAmount: 0, transferAmount: 0, applicationFee: 0 })).toThrowError(/^chargeAmount must be positive/);
    expect(() => splitRefund({ ...valid, alreadyRefunded: 1001 })).toThrowError(/^alreadyRefunded \(1001\) exceeds chargeAmount/);
    expect(() => splitRefund({ ...valid, transferReversed: 1001 })).toThrowError(/^transferReversed \(1001\) exceeds transferAmount/);
    expect(() => splitRefund({ ...valid, applicationFeeRefunded: 124 })).toThrowError(/^applicationFeeRefunded \(124\) exceeds applicationFee/);
    expect(() => splitRefund({ ...valid, amount: 0 })).toThrow(RangeError);
  });

  it('proportionalRefundShare validates the same way', () => {
    const ok = { amount: 100, alreadyRefunded: 0, chargeAmount: 1000, total: 123, alreadyReturned: 0 };
    for (const field of Object.keys(ok) as (keyof typeof ok)[]) {
      for (const bad of badNumbers) expect(() => proportionalRefundShare({ ...ok, [field]: bad })).toThrowError(new RegExp(`^${field} must`));
    }
    expect(() => proportionalRefundShare({ ...ok, amount: 0 })).toThrowError(/^amount must be positive/);
    expect(() => proportionalRefundShare({ ...ok, amount: 1001 })).toThrowError(/^amount \(1001\) exceeds/);
    expect(() => proportionalRefundShare({ ...ok, chargeAmount: 0 })).toThrowError(/^chargeAmount must be positive/);
    expect(() => proportionalRefundShare({ ...ok, alreadyReturned: 124 })).toThrowError(/^alreadyReturned \(124\) exceeds total/);
  });

  it('refundableAmount: non-negative safe integers only', () => {
    for (const field of ['captured', 'refunded'] as const) {
      for (const bad of badNumbers) expect(() => refundableAmount({ captured: 1000, refunded: 0, isChargedBack: false, [field]: bad })).toThrowError(new RegExp(`^${field} must`));
    }
  });
});

describe('refundableAmount', () => {
  it('is captured − refunded, never below zero', () => {
    expect(refundableAmount({ captured: 1000, refunded: 0, isChargedBack: false })).toBe(1000);
    expect(refundableAmount({ captured: 1000, refunded: 300, isChargedBack: false })).toBe(700);
    expect(refundableAmount({ captured: 0, refunded: 0, isChargedBack: false })).toBe(0);
  });

  it('is 0 once the charge is charged back, even for part of it (Stripe: charge_disputed)', () => {
    expect(refundableAmount({ captured: 2000, refunded: 0, isChargedBack: true })).toBe(0);
    expect(refundableAmount({ captured: 1000, refunded: 300, isChargedBack: true })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Charge amounts in Stripe's range, with tiny charges (where rounding bites hardest) well represented. */
const chargeAmountArb = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: MAX_AMOUNT }));

/** A destination charge (transfer = the charge) or an arbitrary transfer, a fee of 0..charge, and refund cut points. */
const chargeArb = (cutMax: (chargeAmount: number) => number) =>
  chargeAmountArb.chain((chargeAmount) =>
    fc.record({
      currency: fc.constantFrom(...CURRENCIES),
      chargeAmount: fc.constant(chargeAmount),
      transferAmount: fc.oneof(fc.constant(chargeAmount), fc.integer({ min: 0, max: chargeAmount })),
      applicationFee: fc.integer({ min: 0, max: chargeAmount }),
      cuts: cutMax(chargeAmount) >= 1 ? fc.uniqueArray(fc.integer({ min: 1, max: cutMax(chargeAmount) }), { maxLength: 8 }) : fc.constant([] as number[]),
    }),
  );

/** Successive refund amounts between the sorted cut points (and `end`, when given). */
function partsOf(cuts: number[], end?: number): number[] {
  const points = [...new Set([...cuts, ...(end === undefined ? [] : [end])])].sort((a, b) => a - b);
  return points.map((point, i) => point - (i === 0 ? 0 : points[i - 1]!));
}

/** |share·C − a·T| < C, i.e. the share is within one minor unit of a·T/C. */
const withinOneUnit = (share: number, amount: number, total: number, chargeAmount: number) => {
  const diff = BigInt(share) * BigInt(chargeAmount) - BigInt(amount) * BigInt(total);
  return (diff < 0n ? -diff : diff) < BigInt(chargeAmount);
};

describe('properties (fast-check, seed 4242)', () => {
  it('partial refunds ending in a full refund give back exactly the transfer and the fee, each share in bounds', () => {
    fc.assert(
      fc.property(chargeArb((c) => c), ({ currency, chargeAmount, transferAmount, applicationFee, cuts }) => {
        const parts = partsOf(cuts, chargeAmount);
        let refunded = 0;
        let reversed = 0;
        let feeRefunded = 0;
        for (const amount of parts) {
          expect(amount).toBeGreaterThan(0);
          expect(amount).toBeLessThanOrEqual(refundableAmount({ captured: chargeAmount, refunded, isChargedBack: false }));
          const split = splitRefund({ amount, alreadyRefunded: refunded, chargeAmount, transferAmount, applicationFee });
          // Passing the running totals explicitly gives the same answer as the defaults.
          expect(splitRefund({ amount, alreadyRefunded: refunded, chargeAmount, transferAmount, transferReversed: reversed, applicationFee, applicationFeeRefunded: feeRefunded })).toEqual(split);
          const { transferReversal, applicationFeeRefund, creatorShare, platformShare } = split;
          expect(transferReversal).toBeGreaterThanOrEqual(0);
          expect(applicationFeeRefund).toBeGreaterThanOrEqual(0);
          expect(transferReversal).toBeLessThanOrEqual(transferAmount - reversed);
          expect(applicationFeeRefund).toBeLessThanOrEqual(applicationFee - feeRefunded);
          expect(withinOneUnit(transferReversal, amount, transferAmount, chargeAmount)).toBe(true);
          expect(withinOneUnit(applicationFeeRefund, amount, applicationFee, chargeAmount)).toBe(true);
          expect(creatorShare + platformShare).toBe(amount);
          expect(toMinorUnits(toMajorString(applicationFeeRefund, currency), currency)).toBe(applicationFeeRefund);
          refunded += amount;
          reversed += transferReversal;
          feeRefunded += applicationFeeRefund;
          expect(refunded).toBeLessThanOrEqual(chargeAmount);
        }
        expect(refunded).toBe(chargeAmount);
        expect(reversed).toBe(transferAmount);
        expect(feeRefunded).toBe(applicationFee);
        expect(refundableAmount({ captured: chargeAmount, refunded, isChargedBack: false })).toBe(0);
      }),
      FC,
    );
  });

  it('partial refunds that stop short stay within half a unit (so never more than one) of the proportional total', () => {
    fc.assert(
      fc.property(chargeArb((c) => c - 1), ({ chargeAmount, transferAmount, applicationFee, cuts }) => {
        const parts = partsOf(cuts);
        const shares = refundInParts({ chargeAmount, transferAmount, applicationFee }, parts);
        const refunded = parts.reduce((sum, a) => sum + a, 0);
        expect(refunded).toBeLessThan(chargeAmount);
        expect(refundableAmount({ captured: chargeAmount, refunded, isChargedBack: false })).toBe(chargeAmount - refunded);
        for (const [key, total] of [['transferReversal', transferAmount], ['applicationFeeRefund', applicationFee]] as const) {
          const given = shares.reduce((sum, s) => sum + s[key], 0);
          // given − refunded·T/C, scaled by C: in (−C/2, C/2] (half up), hence ≤ C (one unit).
          const excess = BigInt(given) * BigInt(chargeAmount) - BigInt(refunded) * BigInt(total);
          expect(excess <= BigInt(chargeAmount)).toBe(true);
          expect(2n * excess <= BigInt(chargeAmount)).toBe(true);
          expect(2n * excess > -BigInt(chargeAmount)).toBe(true);
          expect(given).toBeLessThanOrEqual(total);
        }
      }),
      FC,
    );
  });

  it('shares telescope: refunding a then b takes what refunding a + b at once takes', () => {
    fc.assert(
      fc.property(
        chargeAmountArb
          .map((c) => Math.max(c, 2))
          .chain((c) => fc.record({ chargeAmount: fc.constant(c), total: fc.integer({ min: 0, max: c }), points: fc.uniqueArray(fc.integer({ min: 0, max: c }), { minLength: 3, maxLength: 3 }) })),
        ({ chargeAmount, total, points }) => {
          const [r, x, y] = [...points].sort((p, q) => p - q) as [number, number, number];
          const share = (from: number, to: number) => proportionalRefundShare({ amount: to - from, alreadyRefunded: from, chargeAmount, total, alreadyReturned: 0 });
          expect(share(r, x) + share(x, y)).toBe(share(r, y));
        },
      ),
      FC,
    );
  });

  it('with failed refunds (the reversal stays, the amount is freed), shares stay ≥ 0 and never exceed what is left', () => {
    const stepArb = fc.record({ pick: fc.nat(), fails: fc.boolean() });
    fc.assert(
      fc.property(chargeArb(() => 0), fc.array(stepArb, { minLength: 1, maxLength: 12 }), ({ chargeAmount, transferAmount, applicationFee }, steps) => {
        let refunded = 0;
        let reversed = 0;
        let feeRefunded = 0;
        for (const { pick, fails } of steps) {
          const left = refundableAmount({ captured: chargeAmount, refunded, isChargedBack: false });
          if (left === 0) break;
          const amount = 1 + (pick % left);
          const split = splitRefund({ amount, alreadyRefunded: refunded, chargeAmount, transferAmount, transferReversed: reversed, applicationFee, applicationFeeRefunded: feeRefunded });
          expect(split.transferReversal).toBeGreaterThanOrEqual(0);
          expect(split.applicationFeeRefund).toBeGreaterThanOrEqual(0);
          expect(split.transferReversal).toBeLessThanOrEqual(transferAmount - reversed);
          expect(split.applicationFeeRefund).toBeLessThanOrEqual(applicationFee - feeRefunded);
          expect(split.creatorShare + split.platformShare).toBe(amount);
          reversed += split.transferReversal;
          feeRefunded += split.applicationFeeRefund;
          if (!fails) refunded += amount;
          expect(reversed).toBeLessThanOrEqual(transferAmount);
          expect(feeRefunded).toBeLessThanOrEqual(applicationFee);
          expect(refunded).toBeLessThanOrEqual(chargeAmount);
        }
      }),
      FC,
    );
  });

  it('refundableAmount is max(0, captured − refunded) without a chargeback, 0 with one, and never above captured', () => {
    const amountArb = fc.integer({ min: 0, max: MAX_AMOUNT });
    fc.assert(
      fc.property(amountArb, amountArb, fc.boolean(), (captured, refunded, isChargedBack) => {
        const left = refundableAmount({ captured, refunded, isChargedBack });
        expect(left).toBe(isChargedBack ? 0 : Math.max(0, captured - refunded));
        expect(left).toBeGreaterThanOrEqual(0);
        expect(left).toBeLessThanOrEqual(captured);
      }),
      FC,
    );
  });
});
