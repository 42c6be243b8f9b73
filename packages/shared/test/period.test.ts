/**
 * Every finance and creator period input is bounded: years 2000–2100, an IANA time zone, and a
 * series no longer than its interval allows. Each refusal names its field.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZCreatorSalesInput, ZCreatorSeriesInput } from '../src/finance/creator.schema.ts';
import { ZPeriodInput, ZPayoutsByStatusInput, ZSeriesInput, ZTopInput } from '../src/finance/analytics.schema.ts';
import { isKnownTimeZone, MAX_SERIES_DAYS } from '../src/finance/period.schema.ts';
import { ZExportTransactionsQuery } from '../src/finance/purchases.schema.ts';

/** The paths of the issues `schema` raises for `input`, or [] when it parses. */
function failingFields(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const DAY_MS = 86_400_000;
const period = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', currency: 'usd' };
const PERIOD_SCHEMAS = {
  ZPeriodInput, ZSeriesInput, ZTopInput, ZCreatorSeriesInput, ZCreatorSalesInput, ZExportTransactionsQuery,
} as const;
const extra: Partial<Record<keyof typeof PERIOD_SCHEMAS, object>> = { ZTopInput: { by: 'plugin' } };

describe('dates: the years 2000–2100, in every period input', () => {
  for (const [name, schema] of Object.entries(PERIOD_SCHEMAS) as [keyof typeof PERIOD_SCHEMAS, z.ZodType][]) {
    it(`${name}: a month of 2026 passes; year 1, year 0, 1999 and 2101 fail naming the field`, () => {
      const base = { ...period, ...extra[name] };
      expect(failingFields(schema, base)).toEqual([]);
      expect(failingFields(schema, { ...base, from: '0001-01-01T00:00:00Z' })).toEqual(['from']);
      expect(failingFields(schema, { ...base, from: '0000-01-01T00:00:00Z' })).toEqual(['from']);
      expect(failingFields(schema, { ...base, from: '1999-12-31T23:59:59Z' })).toEqual(['from']);
      expect(failingFields(schema, { ...base, to: '2101-01-01T00:00:01Z' })).toEqual(['to']);
      expect(failingFields(schema, { ...base, to: 'not a date' })).toEqual(['to']);
      expect(failingFields(schema, { ...base, from: base.to })).toEqual(['to']);
    });
  }

  it('ZPayoutsByStatusInput: its optional dates are bounded the same way', () => {
    expect(failingFields(ZPayoutsByStatusInput, {})).toEqual([]);
    expect(failingFields(ZPayoutsByStatusInput, { from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' })).toEqual(['from', 'to']);
  });
});

describe('time zones: IANA names only', () => {
  it('knows UTC, Europe/Paris, America/Argentina/Salta and Etc/GMT+5; refuses unknown names and offsets', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Argentina/Salta', 'Etc/GMT+5', 'Asia/Kolkata']) expect(isKnownTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus_Mons', '+01:00', '-05:00', 'UTC+1', '', 'Europe/Paris; DROP TABLE', '../etc/passwd']) expect(isKnownTimeZone(zone)).toBe(false);
  });

  for (const schema of [ZSeriesInput, ZCreatorSeriesInput]) {
    it(`${schema === ZSeriesInput ? 'ZSeriesInput' : 'ZCreatorSeriesInput'}: an unknown zone fails naming timeZone; the default is UTC`, () => {
      expect(failingFields(schema, { ...period, timeZone: 'Mars/Olympus_Mons' })).toEqual(['timeZone']);
      expect(failingFields(schema, { ...period, timeZone: '+01:00' })).toEqual(['timeZone']);
      expect(schema.parse(period)).toMatchObject({ timeZone: 'UTC', interval: 'day' });
    });
  }
});

describe('a series is at most MAX_SERIES_DAYS[interval] long, at most ~400 points', () => {
  const from = new Date('2030-01-01T00:00:00Z');
  for (const interval of ['day', 'week', 'month'] as const) {
    it(`by ${interval}: ${MAX_SERIES_DAYS[interval]} days pass (also across a DST change); a day more fails naming to`, () => {
      const maxDays = MAX_SERIES_DAYS[interval];
      const at = (days: number, hours = 0) => new Date(from.getTime() + days * DAY_MS + hours * 3_600_000).toISOString();
      for (const schema of [ZSeriesInput, ZCreatorSeriesInput]) {
        expect(failingFields(schema, { ...period, interval, from: from.toISOString(), to: at(maxDays, 1), timeZone: 'Europe/Paris' })).toEqual([]);
        expect(failingFields(schema, { ...period, interval, from: from.toISOString(), to: at(maxDays + 1) })).toEqual(['to']);
      }
    });
  }

  it('bounds the number of points: ≤ 401 days, ≤ 401 weeks, ≤ 121 months', () => {
    expect(MAX_SERIES_DAYS.day + 1).toBeLessThanOrEqual(401);
    expect(Math.ceil(MAX_SERIES_DAYS.week / 7) + 1).toBeLessThanOrEqual(401);
    expect(Math.ceil(MAX_SERIES_DAYS.month / 28) + 1).toBeLessThanOrEqual(132);
  });

  it('the whole 2000–2100 range is refused for a daily series, naming to', () => {
    expect(failingFields(ZCreatorSeriesInput, { ...period, from: '2000-01-01T00:00:00Z', to: '2100-12-31T00:00:00Z' })).toEqual(['to']);
  });
});
