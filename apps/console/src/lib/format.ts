/**
 * Every date-time the console shows says its zone: the viewer's, by its short name ("UTC",
 * "CET", "GMT+1", "EST"). `timeZone` is for tests and for naming a fixed zone; it defaults to the
 * viewer's (the browser's resolved zone).
 */
const DATE_TIME_PARTS: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };

const formats = new Map<string, Intl.DateTimeFormat>();
function formatterFor(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${JSON.stringify(options)}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/** "2 Dec 2026, 14:05 UTC": day, month, year, 24-hour time and the zone's short name. */
export function formatDateTime(date: Date, timeZone?: string): string {
  return formatterFor(DATE_TIME_PARTS, timeZone).format(date);
}

/** "2 Dec 2026, 14:05:09 UTC": with seconds, for logs where order within a minute matters. */
export function formatPreciseDateTime(date: Date, timeZone?: string): string {
  return formatterFor({ ...DATE_TIME_PARTS, second: '2-digit' }, timeZone).format(date);
}

/** "14:05 UTC": a time today, with its zone. */
export function formatTime(date: Date, timeZone?: string): string {
  return formatterFor({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }, timeZone).format(date);
}

const DAY_MS = 86_400_000;

/** The calendar date (year, month, day) that `date` falls on in `timeZone`, as a UTC midnight count of days. */
function calendarDayNumber(date: Date, timeZone: string | undefined): number {
  const parts = formatterFor({ year: 'numeric', month: 'numeric', day: 'numeric' }, timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/**
 * Calendar days from `now` to `date` in `timeZone` (the viewer's by default): 0 the same day,
 * 1 tomorrow, -1 yesterday — by the dates on the viewer's calendar, not by 24-hour blocks, so
 * 23:00 → 09:00 the next morning is 1 day and a DST change (23- or 25-hour day) changes nothing.
 */
export function calendarDaysBetween(now: Date, date: Date, timeZone?: string): number {
  return calendarDayNumber(date, timeZone) - calendarDayNumber(now, timeZone);
}

const dayFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * A due date's label: "Due today", "Due tomorrow", "Due in 3 days", "Overdue · since yesterday",
 * "Overdue · 4 days ago", "Overdue · today" — days counted on the calendar (calendarDaysBetween).
 */
export function formatDueLabel(dueAt: Date, now = new Date(), timeZone?: string): string {
  const days = calendarDaysBetween(now, dueAt, timeZone);
  if (dueAt.getTime() < now.getTime()) {
    if (days === 0) return 'Overdue · today';
    return `Overdue · ${days === -1 ? 'since yesterday' : dayFormat.format(days, 'day')}`;
  }
  return `Due ${dayFormat.format(days, 'day')}`;
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]];

/** "in 3 days", "2 hours ago", "now": the largest whole unit between `date` and `now`. */
export function formatRelative(date: Date, now = new Date()): string {
  const delta = date.getTime() - now.getTime();
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(delta) >= ms) return relativeFormat.format(Math.trunc(delta / ms), unit);
  }
  return relativeFormat.format(0, 'minute');
}

/** A claim's time left as m:ss (0:00 once it has run out). */
export function formatCountdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Bytes in B, KB, MB (powers of 1024, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
