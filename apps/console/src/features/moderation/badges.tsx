import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { addBusinessDays, DUE_SOON_BUSINESS_DAYS } from '@marketdesk/shared';
import { formatDateTime, formatDueLabel } from '../../lib/format.ts';
import {
  QUEUE_REASON_COLORS, QUEUE_REASON_LABELS, REPORT_STATUS_LABELS, scoreColor, STATUS_COLORS, STATUS_LABELS,
  type QueueReason, type ReportStatus, type SubmissionStatus,
} from './labels.ts';

export function SubmissionStatusBadge({ status, size = 'sm' }: { status: SubmissionStatus; size?: 'sm' | 'md' | 'lg' }) {
  return <Badge color={STATUS_COLORS[status]} variant="light" size={size}>{STATUS_LABELS[status]}</Badge>;
}

export function QueueReasonBadges({ reasons }: { reasons: readonly QueueReason[] }) {
  return (
    <Group gap={4} wrap="wrap">
      {reasons.map((reason) => (
        <Badge key={reason} color={QUEUE_REASON_COLORS[reason]} variant="outline" size="sm">{QUEUE_REASON_LABELS[reason]}</Badge>
      ))}
    </Group>
  );
}

/** The quality score, or what the scan is doing while there is none. */
export function ScoreBadge({ score, reportStatus }: { score: number | null; reportStatus: ReportStatus | null }) {
  if (score === null) return <Text span size="sm" c="dimmed">{reportStatus ? REPORT_STATUS_LABELS[reportStatus] : 'No report'}</Text>;
  return <Badge color={scoreColor(score)} variant="filled" size="md" aria-label={`Score ${score}`}>{score}</Badge>;
}

export function ReportStatusBadge({ status }: { status: ReportStatus | null }) {
  if (!status) return <Text span size="sm" c="dimmed">None</Text>;
  const color = { PENDING: 'gray', RUNNING: 'blue', DONE: 'teal', FAILED: 'red' }[status];
  return <Badge color={color} variant="dot" size="sm">{REPORT_STATUS_LABELS[status]}</Badge>;
}

/**
 * A review due date: red once overdue, orange when due within the "due soon" window
 * (DUE_SOON_BUSINESS_DAYS business days, as the queue's filter counts it), else neutral; the
 * label counts calendar days in the viewer's zone (formatDueLabel).
 */
export function DueDateBadge({ dueAt, now = new Date() }: { dueAt: Date; now?: Date }) {
  const isOverdue = dueAt < now;
  const isDueSoon = !isOverdue && dueAt <= addBusinessDays(now, DUE_SOON_BUSINESS_DAYS);
  return (
    <Tooltip label={`Due ${formatDateTime(dueAt)}`}>
      <Badge color={isOverdue ? 'red' : isDueSoon ? 'orange' : 'gray'} variant={isOverdue ? 'filled' : 'light'} size="sm" tt="none">{formatDueLabel(dueAt, now)}</Badge>
    </Tooltip>
  );
}
