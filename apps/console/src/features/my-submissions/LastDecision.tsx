import { Alert, Text } from '@mantine/core';
import type { SubmissionSummary } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { HISTORY_COLORS, HISTORY_LABELS } from '../moderation/labels.ts';

/** The moderators' latest word on a submission, as the creator needs to read it. */
export function LastDecision({ decision }: { decision: NonNullable<SubmissionSummary['lastDecision']> }) {
  return (
    <Alert color={HISTORY_COLORS[decision.kind]} title={`${HISTORY_LABELS[decision.kind]}${decision.reason ? `: ${decision.reason}` : ''}`} data-testid="last-decision">
      {decision.message && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{decision.message}</Text>}
      <Text size="xs" c="dimmed" mt={4}>{formatDateTime(decision.createdAt)}</Text>
    </Alert>
  );
}
