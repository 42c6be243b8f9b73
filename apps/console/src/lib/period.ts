/**
 * Reporting periods as kept in the URL: whole days (YYYY-MM-DD, both ends included) in an IANA
 * time zone, turned into the [from, to) instants the API's finance procedures take.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DAY_FORMAT = 'YYYY-MM-DD';

/** `raw` when it is a real YYYY-MM-DD day, else null. */
export function readDay(raw: string | null): string | null {
  return raw && DAY_PATTERN.test(raw) && dayjs(raw).isValid() ? raw : null;
}

/** True when `timeZone` is an IANA zone this browser knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the browser knows, UTC first. */
export function listTimeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

/** Midnight starting `fromDay` to midnight after `toDay`, both in `timeZone`. */
export function toPeriodInstants(fromDay: string, toDay: string, timeZone: string): { from: Date; to: Date } {
  return {
    from: dayjs.tz(fromDay, timeZone).toDate(),
    to: dayjs.tz(toDay, timeZone).add(1, 'day').toDate(),
  };
}

/** Today in `timeZone`, minus `days`, as YYYY-MM-DD. */
export function daysAgo(days: number, timeZone: string): string {
  return dayjs().tz(timeZone).subtract(days, 'day').format(DAY_FORMAT);
}
