import { Badge, Group, Rating } from '@mantine/core';
import type { ReviewModerationAction, ReviewSignal, ReviewStatus } from '@marketdesk/shared';

export const SIGNAL_LABELS: Record<ReviewSignal, string> = {
  SECRET: 'Secret', PERSONAL_DATA: 'Personal data', LINK: 'Link', REPEATED_TEXT: 'Repeated text', BURST: 'Burst', LANGUAGE: 'Language',
};
const SIGNAL_COLORS: Record<ReviewSignal, string> = { SECRET: 'red', PERSONAL_DATA: 'orange', LINK: 'blue', REPEATED_TEXT: 'grape', BURST: 'yellow', LANGUAGE: 'pink' };

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = { PUBLISHED: 'Published', HELD: 'Held', HIDDEN: 'Hidden', DELETED: 'Deleted' };
const REVIEW_STATUS_COLORS: Record<ReviewStatus, string> = { PUBLISHED: 'teal', HELD: 'orange', HIDDEN: 'gray', DELETED: 'red' };

export const ACTION_LABELS: Record<ReviewModerationAction, string> = { KEEP: 'Keep', HIDE: 'Hide', DELETE: 'Delete' };
export const ACTION_COLORS: Record<ReviewModerationAction, string> = { KEEP: 'teal', HIDE: 'orange', DELETE: 'red' };
/** The decision keys, the same on the queue and the review page. */
export const ACTION_KEYS: Record<ReviewModerationAction, string> = { KEEP: 'p', HIDE: 'h', DELETE: 'd' };

export function SignalBadges({ signals }: { signals: readonly ReviewSignal[] }) {
  return (
    <Group gap={4} wrap="wrap">
      {signals.map((signal) => <Badge key={signal} color={SIGNAL_COLORS[signal]} variant="outline" size="sm">{SIGNAL_LABELS[signal]}</Badge>)}
    </Group>
  );
}

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return <Badge color={REVIEW_STATUS_COLORS[status]} variant="light" size="sm">{REVIEW_STATUS_LABELS[status]}</Badge>;
}

/** A review's 1–5 stars, read-only, with the number for screen readers. */
export function Stars({ rating }: { rating: number }) {
  return <Rating value={rating} readOnly size="xs" aria-label={`${rating} of 5 stars`} role="img" />;
}

/** A marked span's colour per signal: a light background and a filled underline, legible in both themes. */
export function markStyleOf(signal: ReviewSignal) {
  const color = SIGNAL_COLORS[signal];
  return { background: `var(--mantine-color-${color}-light)`, boxShadow: `inset 0 -2px 0 var(--mantine-color-${color}-filled)`, color: 'inherit', borderRadius: 2, padding: '0 2px' };
}
