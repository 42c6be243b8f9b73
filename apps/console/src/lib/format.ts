const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "Nov 22, 2026, 10:42 AM" in the viewer's locale and time zone. */
export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

/** With seconds, for logs where order within a minute matters. */
export function formatPreciseDateTime(date: Date): string {
  return preciseFormat.format(date);
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
