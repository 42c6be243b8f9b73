import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayingAt, monthlyRecurringRevenue, subscriptionMetrics, trialConversionRate, type SubscriptionSpan } from '../src/pricing/metrics.ts';

/** Fixed seed and bounded runs: reproducible, and the whole shared project stays fast. */
const FC = { seed: 4242, numRuns: 300 } as const;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day));

describe('pricing metrics: worked examples', () => {
  it('MRR: a monthly price as is, a yearly one ÷ 12, summed once and rounded half up', () => {
    expect(monthlyRecurringRevenue([{ priceAmount: 900, interval: 'month' }, { priceAmount: 12_000, interval: 'year' }])).toBe(1900);
    // 100 a year is 8.33 a month; twelve of them are 100 a month, not 12 × 8 = 96.
    expect(monthlyRecurringRevenue(Array.from({ length: 12 }, () => ({ priceAmount: 100, interval: 'year' as const })))).toBe(100);
    expect(monthlyRecurringRevenue([{ priceAmount: 6, interval: 'year' }])).toBe(1);
    expect(monthlyRecurringRevenue([{ priceAmount: 5, interval: 'year' }])).toBe(0);
    expect(monthlyRecurringRevenue([])).toBe(0);
    expect(() => monthlyRecurringRevenue([{ priceAmount: -1, interval: 'month' }])).toThrow(/priceAmount/);
  });

  it('trial conversion: converted ÷ (converted + expired), null when no trial ended', () => {
    expect(trialConversionRate({ converted: 3, expired: 1 })).toBe(0.75);
    expect(trialConversionRate({ converted: 0, expired: 0 })).toBeNull();
  });

  it('churn of a month: the base is fixed at its start; starts and lapsed trials are in neither', () => {
    const month = { from: at(0), to: at(31) };
    const spans: SubscriptionSpan[] = [
      { priceAmount: 1000, interval: 'month', payingSince: at(-40), canceledAt: null },
      { priceAmount: 2000, interval: 'month', payingSince: at(-40), canceledAt: at(10) },
      { priceAmount: 24_000, interval: 'year', payingSince: at(-100), canceledAt: null },
      { priceAmount: 500, interval: 'month', payingSince: at(5), canceledAt: at(20) },
      { priceAmount: 700, interval: 'month', payingSince: null, canceledAt: at(3) },
      { priceAmount: 800, interval: 'month', payingSince: at(-60), canceledAt: at(-1) },
    ];
    expect(subscriptionMetrics(spans, month)).toEqual({
      activeAtStart: 3, canceled: 1, mrrAtStart: 5000, canceledMrr: 2000, mrrAtEnd: 3000, activeAtEnd: 2,
      logoChurnRate: 1 / 3, revenueChurnRate: 0.4,
    });
  });
});

const spanArb = fc.record({
  priceAmount: fc.integer({ min: 0, max: 1_000_000 }),
  interval: fc.constantFrom('month' as const, 'year' as const),
  payingSince: fc.option(fc.integer({ min: -400, max: 400 }).map(at), { nil: null }),
  canceledAt: fc.option(fc.integer({ min: -400, max: 400 }).map(at), { nil: null }),
});

describe('pricing metrics: properties', () => {
  it('MRR of monthly prices is their exact sum, and MRR is within ±1 of Σ per-subscription MRR per subscription', () => {
    fc.assert(fc.property(fc.array(spanArb, { maxLength: 40 }), (spans) => {
      const monthly = spans.filter((s) => s.interval === 'month');
      expect(monthlyRecurringRevenue(monthly)).toBe(monthly.reduce((sum, s) => sum + s.priceAmount, 0));
      const separately = spans.reduce((sum, s) => sum + monthlyRecurringRevenue([s]), 0);
      expect(Math.abs(monthlyRecurringRevenue(spans) - separately)).toBeLessThanOrEqual(spans.length);
    }), FC);
  });

  it('churn: canceled ≤ active at start, rates in [0, 1], end = start − canceled + started (counts)', () => {
    fc.assert(fc.property(fc.array(spanArb, { maxLength: 40 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 90 }), (spans, start, days) => {
      const period = { from: at(start), to: at(start + days) };
      const m = subscriptionMetrics(spans, period);
      expect(m.canceled).toBeLessThanOrEqual(m.activeAtStart);
      for (const rate of [m.logoChurnRate, m.revenueChurnRate]) if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
      expect(m.logoChurnRate === null).toBe(m.activeAtStart === 0);
      const started = spans.filter((s) => !isPayingAt(s, period.from) && isPayingAt(s, period.to)).length;
      expect(m.activeAtEnd).toBe(m.activeAtStart - m.canceled + started);
    }), FC);
  });

  it('trial conversion is a fraction of the trials that ended, null only without any', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (converted, expired) => {
      const rate = trialConversionRate({ converted, expired });
      if (converted + expired === 0) expect(rate).toBeNull();
      else expect(rate! * (converted + expired)).toBeCloseTo(converted, 6);
    }), FC);
  });
});
