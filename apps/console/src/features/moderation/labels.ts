/** How moderation's enums read and look in the console, in one place for every page. */
import type { MantineColor } from '@mantine/core';
import type { QUEUE_REASONS, REPORT_STATUSES, SEVERITIES, SUBMISSION_STATUSES } from '@marketdesk/shared';

export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type QueueReason = (typeof QUEUE_REASONS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type HistoryKind = 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES' | 'REPLY';

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  PENDING: 'Pending review',
  CHANGES_REQUESTED: 'Changes requested',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
};

export const STATUS_COLORS: Record<SubmissionStatus, MantineColor> = {
  PENDING: 'blue',
  CHANGES_REQUESTED: 'yellow',
  APPROVED: 'teal',
  REJECTED: 'red',
  WITHDRAWN: 'gray',
};

export const QUEUE_REASON_LABELS: Record<QueueReason, string> = {
  NEW_PLUGIN: 'New plugin',
  NEW_VERSION: 'New version',
  CRITICAL_FINDING: 'Critical finding',
  CREATOR_REPLY: 'Creator replied',
  MANUAL_FLAG: 'Flagged',
};

export const QUEUE_REASON_COLORS: Record<QueueReason, MantineColor> = {
  NEW_PLUGIN: 'grape',
  NEW_VERSION: 'indigo',
  CRITICAL_FINDING: 'red',
  CREATOR_REPLY: 'cyan',
  MANUAL_FLAG: 'orange',
};

/** Most severe first: the order findings are read in. */
export const SEVERITIES_DESCENDING: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];

export const SEVERITY_COLORS: Record<Severity, MantineColor> = {
  CRITICAL: 'red',
  HIGH: 'orange',
  MEDIUM: 'yellow',
  LOW: 'blue',
  INFO: 'gray',
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  PENDING: 'Scan queued',
  RUNNING: 'Scanning',
  DONE: 'Scanned',
  FAILED: 'Scan failed',
};

export const HISTORY_LABELS: Record<HistoryKind, string> = {
  APPROVE: 'Approved',
  REJECT: 'Rejected',
  REQUEST_CHANGES: 'Changes requested',
  REPLY: 'Creator replied',
};

export const HISTORY_COLORS: Record<HistoryKind, MantineColor> = {
  APPROVE: 'teal',
  REJECT: 'red',
  REQUEST_CHANGES: 'yellow',
  REPLY: 'cyan',
};

/** A score 0–100 as a traffic light: 80+ good, 50+ fair, below poor. */
export function scoreColor(score: number): MantineColor {
  if (score >= 80) return 'teal';
  if (score >= 50) return 'yellow';
  return 'red';
}
