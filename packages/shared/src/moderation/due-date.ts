/**
 * Review due dates in business days: Monday–Friday in UTC (weekends skipped; public holidays
 * are not modelled). A submission is due 3 business days after it is queued, 2 after a
 * creator replies to a change request.
 */
export const REVIEW_DUE_BUSINESS_DAYS = 3;
export const REPLY_DUE_BUSINESS_DAYS = 2;
/** "Due soon" in the queue: due within this many business days from now. */
export const DUE_SOON_BUSINESS_DAYS = 2;

const DAY_MS = 24 * 60 * 60 * 1000;

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

/**
 * `from` plus `days` business days, at the same time of day: Friday 15:00 + 3 → Wednesday
 * 15:00. A start on a weekend counts from the following Monday 00:00 UTC, so Saturday + 3 →
 * Thursday 00:00 (the end of Wednesday).
 */
export function addBusinessDays(from: Date, days: number): Date {
  let cursor = new Date(from.getTime());
  while (isWeekend(cursor)) {
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth(), cursor.getUTCDate() + 1));
  }
  let remaining = days;
  while (remaining > 0) {
    cursor = new Date(cursor.getTime() + DAY_MS);
    if (!isWeekend(cursor)) remaining -= 1;
  }
  return cursor;
}

/**
 * The next midnight UTC after `at`: a submission is "due today" when its due date is in
 * [now, endOfUtcDay(now)) — due dates count business days in UTC, so their day is UTC's.
 */
export function endOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}
