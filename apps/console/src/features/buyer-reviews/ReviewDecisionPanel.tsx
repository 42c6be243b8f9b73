import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { REVIEW_MODERATION_ACTIONS, ZReviewDecideInput, type ReviewDetail, type ReviewModerationAction } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { describeError, readErrorData } from '../../lib/errors.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ClaimLine, type ClaimState } from '../moderation/ClaimLine.tsx';
import type { ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';
import { ACTION_COLORS, ACTION_KEYS, ACTION_LABELS, REVIEW_STATUS_LABELS } from './labels.tsx';
import { ReviewReasonMessageFields } from './ReviewReasonMessageFields.tsx';

interface Props {
  review: ReviewDetail;
  isOwnPlugin: boolean;
  claim: ClaimState;
  action: ReviewModerationAction;
  onActionChange: (action: ReviewModerationAction) => void;
  /** The API refused with CONFLICT: the page is stale (another decision, an edit, a claim taken). */
  onConflict: (message: string) => void;
}

/**
 * Claim, then keep, hide or delete with a canned reason and an editable message. The decision
 * carries the version this page shows, so a stale page gets the conflict dialog, not a blind decision.
 */
export function ReviewDecisionPanel({ review, isOwnPlugin, claim, action, onActionChange, onConflict }: Props) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [value, setValue] = useState<ReasonAndMessage>({ reasonId: null, message: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const decide = useMutation(trpc.reviewQueue.decide.mutationOptions({
    onSuccess: async ({ status }) => {
      notifySuccess('Decision recorded', `The review is now ${REVIEW_STATUS_LABELS[status].toLowerCase()}; the author and the creator are told.`);
      setValue({ reasonId: null, message: '' });
      await refreshAfterWrite(trpc.reviewQueue.pathFilter());
    },
    onError: (error) => {
      if (readErrorData(error)?.code === 'CONFLICT') onConflict(describeError(error));
    },
  }));
  if (isOwnPlugin) return <Alert color="gray" icon={<IconLock />} title="Your own plugin">Another moderator decides reviews of your plugins.</Alert>;

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZReviewDecideInput, { reviewId: review.id, version: review.version, action, reasonId: value.reasonId ?? undefined, message: value.message });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) decide.mutate(parsed.data);
  }
  const canDecide = claim.holder !== 'other';
  const isConflict = readErrorData(decide.error)?.code === 'CONFLICT';
  const errors = { ...(decide.error && !isConflict ? readServerFieldErrors(decide.error) : {}), ...clientErrors };
  return (
    <Card withBorder padding="md" data-testid="decision-panel">
      <Title order={2} size="h4" mb="sm">Decision</Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ClaimLine claim={claim} heldBy={review.claim} />
          {review.queuedAt === null && <Text size="xs" c="dimmed">Not in the queue ({REVIEW_STATUS_LABELS[review.status].toLowerCase()}); a decision still applies.</Text>}
          <SegmentedControl
            aria-label="Decision"
            fullWidth
            value={action}
            onChange={(next) => onActionChange(next as ReviewModerationAction)}
            data={REVIEW_MODERATION_ACTIONS.map((a) => ({ value: a, label: `${ACTION_LABELS[a]} (${ACTION_KEYS[a]})` }))}
          />
          {!isConflict && <FormError error={decide.error} fields={['reasonId', 'message']} />}
          <ReviewReasonMessageFields key={action} action={action} value={value} onChange={setValue} errors={errors} />
          <Button type="submit" color={ACTION_COLORS[action]} disabled={!canDecide} loading={decide.isPending}>{ACTION_LABELS[action]} review</Button>
          {!canDecide && <Text size="xs" c="dimmed">Another moderator holds the claim.</Text>}
        </Stack>
      </form>
    </Card>
  );
}
