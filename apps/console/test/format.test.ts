/**
 * The console's date rules (lib/format.ts), with fixed dates and fixed zones: due labels count
 * calendar days in the viewer's zone, across DST changes; every date-time names its zone.
 */
import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, formatDateTime, formatDueLabel, formatPreciseDateTime, formatTime } from '../src/lib/format.ts';

const at = (iso: string) => new Date(iso);

describe('formatDueLabel', () => {
  it('says "in 2 days" for a due date two calendar days out, even when fewer than 48 hours remain', () => {
    // 22:00 UTC on 2 Dec to 09:00 UTC on 4 Dec: 35 hours, two dates later.
    expect(formatDueLabel(at('2026-12-04T09:00:00Z'), at('2026-12-02T22:00:00Z'), 'UTC')).toBe('Due in 2 days');
    expect(formatDueLabel(at('2026-12-03T00:30:00Z'), at('2026-12-02T23:30:00Z'), 'UTC')).toBe('Due tomorrow');
    expect(formatDueLabel(at('2026-12-02T23:59:00Z'), at('2026-12-02T00:01:00Z'), 'UTC')).toBe('Due today');
  });

  it('counts days on the viewer\'s calendar, not UTC\'s', () => {
    const now = at('2026-12-02T20:00:00Z'); // 15:00 in New York, 05:00 on 3 Dec in Tokyo
    const dueAt = at('2026-12-03T20:00:00Z');
    expect(formatDueLabel(dueAt, now, 'America/New_York')).toBe('Due tomorrow');
    expect(formatDueLabel(at('2026-12-04T02:00:00Z'), now, 'America/New_York')).toBe('Due tomorrow'); // 21:00 on 3 Dec there
    expect(formatDueLabel(at('2026-12-04T06:00:00Z'), now, 'America/New_York')).toBe('Due in 2 days'); // 01:00 on 4 Dec there
    expect(formatDueLabel(at('2026-12-03T14:00:00Z'), now, 'Asia/Tokyo')).toBe('Due today'); // 23:00 on 3 Dec in Tokyo
  });

  it('is not thrown off by the spring-forward day (23 hours) in New York', () => {
    // DST starts 8 Mar 2026 at 02:00 local: 7 Mar 23:30 EST → 9 Mar 00:30 EDT is 48 h − 1 h.
    const now = at('2026-03-08T04:30:00Z'); // 7 Mar 23:30 EST
    expect(calendarDaysBetween(now, at('2026-03-09T04:30:00Z'), 'America/New_York')).toBe(2); // 9 Mar 00:30 EDT
    expect(formatDueLabel(at('2026-03-09T04:30:00Z'), now, 'America/New_York')).toBe('Due in 2 days');
    expect(formatDueLabel(at('2026-03-09T03:30:00Z'), now, 'America/New_York')).toBe('Due tomorrow'); // 8 Mar 23:30 EDT
  });

  it('is not thrown off by the fall-back day (25 hours) in Berlin', () => {
    // DST ends 25 Oct 2026 at 03:00 local: 25 Oct 00:00 CEST → 26 Oct 00:00 CET is 25 hours.
    const now = at('2026-10-24T22:00:00Z'); // 25 Oct 00:00 CEST
    expect(calendarDaysBetween(now, at('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toBe(1); // 26 Oct 00:00 CET
    expect(calendarDaysBetween(now, at('2026-10-25T22:59:00Z'), 'Europe/Berlin')).toBe(0); // 25 Oct 23:59 CET
    expect(formatDueLabel(at('2026-10-25T22:59:00Z'), now, 'Europe/Berlin')).toBe('Due today');
  });

  it('says how long ago an overdue date was, in calendar days', () => {
    const now = at('2026-12-02T08:00:00Z');
    expect(formatDueLabel(at('2026-12-02T07:00:00Z'), now, 'UTC')).toBe('Overdue · today');
    expect(formatDueLabel(at('2026-12-01T23:00:00Z'), now, 'UTC')).toBe('Overdue · since yesterday');
    expect(formatDueLabel(at('2026-11-28T09:00:00Z'), now, 'UTC')).toBe('Overdue · 4 days ago');
  });
});

describe('date-time formatting', () => {
  it('names the zone of every date-time', () => {
    const date = at('2026-12-02T14:05:09Z');
    expect(formatDateTime(date, 'UTC')).toBe('2 Dec 2026, 14:05 UTC');
    expect(formatPreciseDateTime(date, 'UTC')).toBe('2 Dec 2026, 14:05:09 UTC');
    expect(formatTime(date, 'UTC')).toBe('14:05 UTC');
    expect(formatDateTime(date, 'Europe/Berlin')).toBe('2 Dec 2026, 15:05 CET');
    expect(formatDateTime(at('2026-07-02T14:05:00Z'), 'Europe/Berlin')).toBe('2 Jul 2026, 16:05 CEST');
    expect(formatDateTime(date, 'America/New_York')).toBe('2 Dec 2026, 09:05 GMT-5');
  });

  it('uses the viewer\'s zone by default and says which', () => {
    const date = at('2026-12-02T14:05:00Z');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(formatDateTime(date)).toBe(formatDateTime(date, zone));
    expect(formatDateTime(date)).toMatch(/ (UTC|GMT[+-]\d+(:\d\d)?|[A-Z]{2,5})$/);
  });
});
