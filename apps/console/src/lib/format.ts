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
