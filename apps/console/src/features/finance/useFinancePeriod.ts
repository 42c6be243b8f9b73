import { ZCurrency, ZInterval } from '@marketdesk/shared';
import type { z } from 'zod';
import { daysAgo, isKnownTimeZone, readDay, toPeriodInstants } from '../../lib/period.ts';
import { readOneOf, useSearchParamsPatch } from '../../lib/search-params.ts';

export type Interval = z.infer<typeof ZInterval>;
const INTERVALS = ZInterval.options;
const DEFAULT_DAYS = 30;

/** The reporting period as kept in the URL: whole days, a currency, a bucket size and a time zone. */
export interface FinancePeriod {
  fromDay: string;
  toDay: string;
  currency: string;
  interval: Interval;
  timeZone: string;
}

/**
 * The period every finance and earnings view reads, from the URL (`from`, `to`, `currency`,
 * `interval`, `tz`) so that a view can be shared and survives reloads. Default: the last 30 days
 * in UTC, in US dollars, by day. `input` is what the API's period procedures take.
 */
export function useFinancePeriod() {
  const [params, update] = useSearchParamsPatch();
  const tz = params.get('tz') ?? '';
  const timeZone = tz && isKnownTimeZone(tz) ? tz : 'UTC';
  let fromDay = readDay(params.get('from')) ?? daysAgo(DEFAULT_DAYS - 1, timeZone);
  let toDay = readDay(params.get('to')) ?? daysAgo(0, timeZone);
  if (fromDay > toDay) [fromDay, toDay] = [toDay, fromDay];
  const parsedCurrency = ZCurrency.safeParse(params.get('currency') ?? 'usd');
  const period: FinancePeriod = {
    fromDay,
    toDay,
    currency: parsedCurrency.success ? parsedCurrency.data : 'usd',
    interval: readOneOf(params.get('interval'), INTERVALS) ?? 'day',
    timeZone,
  };
  const { from, to } = toPeriodInstants(period.fromDay, period.toDay, period.timeZone);
  return {
    period,
    input: { from, to, currency: period.currency },
    setPeriod: (patch: Partial<FinancePeriod>) => {
      const { fromDay: nextFrom, toDay: nextTo, timeZone: nextZone, ...rest } = patch;
      update({ ...rest, ...('fromDay' in patch ? { from: nextFrom } : {}), ...('toDay' in patch ? { to: nextTo } : {}), ...('timeZone' in patch ? { tz: nextZone === 'UTC' ? null : nextZone } : {}) });
    },
  };
}

/** `/exports/transactions.csv` for the period (streamed by the API, finance.read). */
export function buildTransactionsCsvUrl(input: { from: Date; to: Date; currency?: string }): string {
  const query = new URLSearchParams({ from: input.from.toISOString(), to: input.to.toISOString() });
  if (input.currency) query.set('currency', input.currency);
  return `/exports/transactions.csv?${query.toString()}`;
}
