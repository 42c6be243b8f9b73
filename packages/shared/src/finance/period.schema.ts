/**
 * The bounds every finance and creator period input shares, so that no input can make the
 * database walk centuries of buckets or fail on a zone it does not know:
 *
 * - dates: from 2000-01-01 up to 2101-01-01 (UTC), i.e. the years 2000–2100;
 * - time zones: IANA names only (`Europe/Paris`, `UTC`), checked with `Intl.DateTimeFormat`;
 *   offsets such as `+01:00` are refused (PostgreSQL reads them with the POSIX sign, inverted);
 * - a series' length by interval (`MAX_SERIES_DAYS`): 400 days of daily points, 400 weeks of
 *   weekly points, about 10 years (3,660 days) of monthly points — at most 401 points.
 *
 * Each failure names its field (`from`, `to`, `timeZone`): BAD_REQUEST with zod's field errors.
 */
import { z } from 'zod';

export const PERIOD_EARLIEST = new Date('2000-01-01T00:00:00.000Z');
export const PERIOD_LATEST = new Date('2101-01-01T00:00:00.000Z');
const OUT_OF_RANGE = 'must be in the years 2000–2100 (UTC)';

/** A period's end or start: a date (coerced from an ISO string) within the years 2000–2100. */
const isWithinBounds = (date: Date) => date >= PERIOD_EARLIEST && date <= PERIOD_LATEST;

export const ZPeriodDate = z.coerce.date().min(PERIOD_EARLIEST, OUT_OF_RANGE).max(PERIOD_LATEST, OUT_OF_RANGE);

export const ZInterval = z.enum(['day', 'week', 'month']);
export type Interval = z.infer<typeof ZInterval>;

/** The longest series per interval, in days (24 h): the number of points stays ≤ 401. */
export const MAX_SERIES_DAYS: Readonly<Record<Interval, number>> = { day: 400, week: 400 * 7, month: 3_660 };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `Area/City` names as the IANA database spells them (`UTC`, `Etc/GMT+5`, `America/Argentina/Salta`). */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** True when `name` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z.string().max(64).refine(isKnownTimeZone, 'Unknown IANA time zone (e.g. Europe/Paris, UTC)');

/**
 * The checks of a period [from, to) that need both ends, each on `to`: `from` before `to`, and
 * with an `interval`, no longer than `MAX_SERIES_DAYS[interval]`. For `.superRefine`.
 */
export function checkPeriod(period: { from: Date; to: Date; interval?: Interval }, ctx: z.RefinementCtx): void {
  // zod runs this even when a date already failed its own bounds: that issue is enough.
  if (![period.from, period.to].every(isWithinBounds)) return;
  if (period.from >= period.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`from` must be before `to`' });
    return;
  }
  if (period.interval === undefined) return;
  const maxDays = MAX_SERIES_DAYS[period.interval];
  // An hour of slack: whole local days across a daylight-saving change are 23 or 25 hours long.
  if (period.to.getTime() - period.from.getTime() > maxDays * DAY_MS + HOUR_MS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a series by ${period.interval} spans at most ${maxDays} days` });
  }
}
