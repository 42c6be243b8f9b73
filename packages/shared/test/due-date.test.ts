import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays } from '../src/moderation/due-date.ts';

const at = (iso: string) => new Date(iso);

describe('addBusinessDays (UTC, weekends skipped)', () => {
  it.each([
    ['Monday 09:00 + 3 → Thursday 09:00', '2026-11-16T09:00:00Z', 3, '2026-11-19T09:00:00Z'],
    ['Wednesday 12:00 + 3 → Monday 12:00', '2026-11-18T12:00:00Z', 3, '2026-11-23T12:00:00Z'],
    ['Friday 15:00 + 3 → Wednesday 15:00', '2026-11-20T15:00:00Z', 3, '2026-11-25T15:00:00Z'],
    ['Friday 15:00 + 2 → Tuesday 15:00', '2026-11-20T15:00:00Z', 2, '2026-11-24T15:00:00Z'],
    ['Saturday 10:00 + 3 → Thursday 00:00', '2026-11-21T10:00:00Z', 3, '2026-11-26T00:00:00Z'],
    ['Sunday 23:59 + 2 → Wednesday 00:00', '2026-11-22T23:59:00Z', 2, '2026-11-25T00:00:00Z'],
    ['Thursday + 0 → itself', '2026-11-19T08:00:00Z', 0, '2026-11-19T08:00:00Z'],
    ['across a month and year end', '2026-12-31T10:00:00Z', 3, '2027-01-05T10:00:00Z'],
  ])('%s', (_label, from, days, expected) => {
    expect(addBusinessDays(at(from), days).toISOString()).toBe(at(expected).toISOString());
  });
});

describe('addBusinessDays properties (fast-check, fixed seed)', () => {
  const weekdayStart = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).filter((d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6);
  const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const days = fc.integer({ min: 1, max: 60 });

  it('from a weekday, lands on a weekday at the same time of day, n business days later, within n + 2·⌈n/5⌉ calendar days', () => {
    fc.assert(fc.property(weekdayStart, days, (from, n) => {
      const due = addBusinessDays(from, n);
      expect(isWeekend(due)).toBe(false);
      expect(due.getTime() % 86_400_000).toBe(from.getTime() % 86_400_000);
      let count = 0;
      for (let t = from.getTime() + 86_400_000; t <= due.getTime(); t += 86_400_000) if (!isWeekend(new Date(t))) count += 1;
      expect(count).toBe(n);
      expect((due.getTime() - from.getTime()) / 86_400_000).toBeLessThanOrEqual(n + 2 * Math.ceil(n / 5));
    }), { seed: 4242, numRuns: 300 });
  });

  it('is additive: a + b business days = a, then b more', () => {
    fc.assert(fc.property(weekdayStart, days, days, (from, a, b) => {
      expect(addBusinessDays(addBusinessDays(from, a), b).getTime()).toBe(addBusinessDays(from, a + b).getTime());
    }), { seed: 4242, numRuns: 300 });
  });
});
