import { Alert, Button, Card, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLock, IconPencil, IconX } from '@tabler/icons-react';
import type { SubmissionDetail } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { ClaimLine, type ClaimState } from '../moderation/ClaimLine.tsx';
import { STATUS_LABELS } from '../moderation/labels.ts';
import type { DecisionKind } from './DecisionModal.tsx';

export type { ClaimState } from '../moderation/ClaimLine.tsx';

interface DecisionPanelProps {
  submission: SubmissionDetail;
  isOwnPlugin: boolean;
  claim: ClaimState;
  onDecide: (kind: DecisionKind) => void;
}

/** Claim, then approve, reject or request changes; the claim's time left counts down live. */
export function DecisionPanel({ submission, isOwnPlugin, claim, onDecide }: DecisionPanelProps) {
  if (submission.status !== 'PENDING') {
    return (
      <Card withBorder padding="md">
        <Title order={4} mb="xs">Decision</Title>
        <Text size="sm">
          {STATUS_LABELS[submission.status]}{submission.decidedAt ? ` on ${formatDateTime(submission.decidedAt)}` : ''}.
          {submission.status === 'CHANGES_REQUESTED' && ' Waiting for the creator to reply.'}
        </Text>
      </Card>
    );
  }
  if (isOwnPlugin) {
    return <Alert color="gray" icon={<IconLock />} title="Your own plugin">Another moderator reviews submissions of your plugins.</Alert>;
  }
  const canDecide = claim.holder === 'me';
  return (
    <Card withBorder padding="md" data-testid="decision-panel">
      <Title order={4} mb="sm">Decision</Title>
      <Stack gap="sm">
        <ClaimLine claim={claim} heldBy={submission.claim} />
        {submission.hasCriticalFindings && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />} p="xs" data-testid="critical-override-note">
            <Text size="sm">A critical finding: approving asks for an override reason, kept in the audit log.</Text>
          </Alert>
        )}
        <Group grow gap="xs">
          <Button color="teal" leftSection={<IconCheck size={16} />} rightSection={<Kbd size="xs" aria-hidden>a</Kbd>} aria-keyshortcuts="a" disabled={!canDecide} onClick={() => onDecide('APPROVE')}>Approve</Button>
          <Button color="red" leftSection={<IconX size={16} />} rightSection={<Kbd size="xs" aria-hidden>r</Kbd>} aria-keyshortcuts="r" disabled={!canDecide} onClick={() => onDecide('REJECT')}>Reject</Button>
        </Group>
        <Button variant="light" color="yellow" leftSection={<IconPencil size={16} />} disabled={!canDecide} onClick={() => onDecide('REQUEST_CHANGES')}>Request changes</Button>
        {!canDecide && <Text size="xs" c="dimmed">Claim the submission to decide it.</Text>}
      </Stack>
    </Card>
  );
}
