/**
 * The reviewer statistics reshaped for @mantine/charts: one row per week (labelled by its Monday
 * in UTC, the time zone of the API's week boundaries), moderators as stacked series, reasons as
 * rows with a column per decision kind.
 */
import type { RouterOutputs } from '../../lib/trpc.ts';

type ReviewerStats = RouterOutputs['reviewerStats']['report'];

const WEEK_LABEL = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
/** Series colours of the moderators' stacked bars, in order (cycled past ten moderators). */
const MODERATOR_COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'red.6', 'lime.6', 'pink.6', 'blue.6', 'yellow.6'];
export const DECISION_KIND_LABELS = { APPROVE: 'Approve', REJECT: 'Reject', REQUEST_CHANGES: 'Request changes' } as const;

/** "9 Nov": the week starting Monday 9 November, 00:00 UTC. */
export const formatWeek = (weekStart: Date): string => WEEK_LABEL.format(weekStart);

/** A duration in seconds as "1 d 4 h", "5 h 30 min" or "12 min"; "—" for null. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${minutes} min`;
}

/** A share (0–1) as a whole percentage, "—" for null. */
export const formatShare = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** Decisions per week with one column per moderator id, and the series naming them. */
export function toModeratorSeries(stats: ReviewerStats) {
  const moderators = new Map<string, string>();
  for (const row of stats.decisionsByModerator) moderators.set(row.moderatorId, row.moderatorName);
  const data = stats.weeks.map((week) => {
    const row: Record<string, string | number> = { week: formatWeek(week.weekStart) };
    for (const id of moderators.keys()) row[id] = 0;
    for (const entry of stats.decisionsByModerator) if (entry.weekStart.getTime() === week.weekStart.getTime()) row[entry.moderatorId] = entry.decisions;
    return row;
  });
  const series = [...moderators].map(([id, name], index) => ({ name: id, label: name, color: MODERATOR_COLORS[index % MODERATOR_COLORS.length]! }));
  return { data, series };
}

/** Median hours to decision and the share decided by the due date (percent), per week; null where a week had no decisions. */
export function toWeeklySeries(stats: ReviewerStats) {
  return stats.weeks.map((week) => ({
    week: formatWeek(week.weekStart),
    medianHours: week.medianSecondsToDecision === null ? null : Math.round((week.medianSecondsToDecision / 3600) * 10) / 10,
    sharePercent: week.shareDecidedByDueDate === null ? null : Math.round(week.shareDecidedByDueDate * 1000) / 10,
  }));
}

/** One row per reason label with a count per decision kind. */
export function toReasonRows(stats: ReviewerStats) {
  const rows = new Map<string, Record<string, string | number>>();
  for (const reason of stats.reasons) {
    const row = rows.get(reason.reasonId) ?? { reason: reason.label, APPROVE: 0, REJECT: 0, REQUEST_CHANGES: 0 };
    row[reason.kind] = reason.count;
    rows.set(reason.reasonId, row);
  }
  return [...rows.values()];
}
