import { Badge } from '@mantine/core';
import { calendarDaysBetween, formatDateTime, formatDueLabel } from '../../lib/format.ts';

/**
 * A dispute's evidence due date as urgency: "Overdue · 2 days ago" (red), "Due today"/"Due in 2
 * days" (orange within 3 days), later (gray) — days on the viewer's calendar; the exact date and
 * its time zone in the title. "Submitted" once evidence went to the bank.
 */
export function EvidenceDueBadge({ dueBy, isSubmitted, now = new Date() }: { dueBy: Date; isSubmitted: boolean; now?: Date }) {
  if (isSubmitted) return <Badge variant="light" color="teal">Evidence submitted</Badge>;
  const isOverdue = dueBy.getTime() < now.getTime();
  const color = isOverdue ? 'red' : calendarDaysBetween(now, dueBy) <= 3 ? 'orange' : 'gray';
  return <Badge variant="light" color={color} title={`Evidence due by ${formatDateTime(dueBy)}`} data-testid="evidence-due">{formatDueLabel(dueBy, now)}</Badge>;
}
