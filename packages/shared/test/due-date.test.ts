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
