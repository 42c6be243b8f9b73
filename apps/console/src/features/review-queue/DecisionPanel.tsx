import { Alert, Badge, Button, Card, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLock, IconLockOpen, IconPencil, IconX } from '@tabler/icons-react';
import type { SubmissionDetail } from '@marketdesk/shared';
import { formatCountdown, formatDateTime } from '../../lib/format.ts';
import { STATUS_LABELS } from '../moderation/labels.ts';
import type { DecisionKind } from './DecisionModal.tsx';

export interface ClaimState {
  holder: 'me' | 'other' | 'nobody';
  /** Time left on my claim (ms), while I hold it. */
  remainingMs: number;
  isBusy: boolean;
  claim: () => void;
  release: () => void;
}

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
        <ClaimLine submission={submission} claim={claim} />
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

function ClaimLine({ submission, claim }: { submission: SubmissionDetail; claim: ClaimState }) {
  if (claim.holder === 'me') {
    return (
      <Group justify="space-between">
        <Group gap="xs">
          <Badge color="indigo" leftSection={<IconLock size={12} />}>Claimed by you</Badge>
          <Text size="sm" ff="monospace" data-testid="claim-countdown" aria-label="Claim time left">{formatCountdown(claim.remainingMs)}</Text>
        </Group>
        <Button size="xs" variant="subtle" leftSection={<IconLockOpen size={14} />} loading={claim.isBusy} onClick={claim.release}>Release</Button>
      </Group>
    );
  }
  return (
    <Group justify="space-between">
      {claim.holder === 'other' && submission.claim ? (
        <Text size="sm">Claimed by <b>{submission.claim.holderName}</b> until {formatDateTime(submission.claim.expiresAt)}</Text>
      ) : (
        <Text size="sm" c="dimmed">Unclaimed</Text>
      )}
      <Button size="xs" leftSection={<IconLock size={14} />} rightSection={<Kbd size="xs" aria-hidden>c</Kbd>} aria-keyshortcuts="c" disabled={claim.holder === 'other'} loading={claim.isBusy} onClick={claim.claim}>Claim</Button>
    </Group>
  );
}
