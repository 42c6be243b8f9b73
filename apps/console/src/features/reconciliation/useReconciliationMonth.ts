import dayjs from 'dayjs';
import { ZCurrency } from '@marketdesk/shared';
import { daysAgo, isKnownTimeZone, toPeriodInstants } from '../../lib/period.ts';
import { useSearchParamsPatch } from '../../lib/search-params.ts';

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The reconciled month as kept in the URL. */
export interface ReconciliationMonth {
  /** YYYY-MM */
  month: string;
  currency: string;
  /** IANA zone the month's days start in. */
  timeZone: string;
}

/**
 * The month the reconciliation page reads, from the URL (`month=YYYY-MM`, `currency`, `tz`) so a
 * link can open one month; default this month in UTC, in US dollars. `input` is the [from, to)
 * period finance.reconciliation takes: the month's first midnight to the next month's, in `tz`.
 */
export function useReconciliationMonth() {
  const [params, update] = useSearchParamsPatch();
  const tz = params.get('tz') ?? '';
  const timeZone = tz && isKnownTimeZone(tz) ? tz : 'UTC';
  const raw = params.get('month') ?? '';
  const month = MONTH_PATTERN.test(raw) ? raw : daysAgo(0, timeZone).slice(0, 7);
  const parsedCurrency = ZCurrency.safeParse(params.get('currency') ?? 'usd');
  const value: ReconciliationMonth = { month, currency: parsedCurrency.success ? parsedCurrency.data : 'usd', timeZone };
  const firstDay = `${month}-01`;
  const lastDay = dayjs(firstDay).endOf('month').format('YYYY-MM-DD');
  const { from, to } = toPeriodInstants(firstDay, lastDay, timeZone);
  return {
    value,
    input: { from, to, currency: value.currency },
    setMonth: (patch: Partial<ReconciliationMonth>) => {
      const { timeZone: nextZone, ...rest } = patch;
      update({ ...rest, ...('timeZone' in patch ? { tz: nextZone === 'UTC' ? null : nextZone } : {}) });
    },
  };
}
