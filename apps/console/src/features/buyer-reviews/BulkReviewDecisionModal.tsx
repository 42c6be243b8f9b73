import { useState, type FormEvent } from 'react';
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { ZReviewBulkDecideInput, type ReviewModerationAction, type ReviewQueueItem } from '@marketdesk/shared';
import { BulkResults } from '../../components/BulkResults/BulkResults.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import type { ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';
import { ACTION_COLORS, ACTION_LABELS } from './labels.tsx';
import { ReviewReasonMessageFields } from './ReviewReasonMessageFields.tsx';

export interface BulkReviewDecision {
  action: ReviewModerationAction;
  items: ReviewQueueItem[];
}

/** Keep, hide or delete several reviews at once; each is decided on its own, so the answer is one result per row. */
export function BulkReviewDecisionModal({ decision, onClose, onDecided }: { decision: BulkReviewDecision | null; onClose: () => void; onDecided: () => Promise<unknown> }) {
  const shown = useLastPresent(decision);
  return (
    <Modal opened={decision !== null} onClose={onClose} title={shown ? `${ACTION_LABELS[shown.action]} reviews` : ''} size="lg">
      {shown && <BulkForm key={shown.action} decision={shown} onClose={onClose} onDecided={onDecided} />}
    </Modal>
  );
}

const excerptOf = (item: ReviewQueueItem) => (item.excerpt.length > 80 ? `${item.excerpt.slice(0, 80)}…` : item.excerpt || '(no text)');

function BulkForm({ decision, onClose, onDecided }: { decision: BulkReviewDecision; onClose: () => void; onDecided: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [value, setValue] = useState<ReasonAndMessage>({ reasonId: null, message: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const bulkDecide = useMutation(trpc.reviewQueue.bulkDecide.mutationOptions({ onSuccess: () => onDecided() }));
  const label = ACTION_LABELS[decision.action];

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZReviewBulkDecideInput, {
      action: decision.action, items: decision.items.map((item) => ({ reviewId: item.id, version: item.version })), reasonId: value.reasonId ?? undefined, message: value.message,
    });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) bulkDecide.mutate(parsed.data);
  }

  if (bulkDecide.data) {
    const byId = new Map(decision.items.map((item) => [item.id, item]));
    const rows = bulkDecide.data.results.map((result) => ({
      id: result.reviewId,
      title: byId.get(result.reviewId)?.plugin.name ?? result.reviewId,
      subtitle: byId.has(result.reviewId) ? excerptOf(byId.get(result.reviewId)!) : '',
      isDone: result.ok,
      detail: <Text size="sm" c="dimmed">{result.message ?? ''}</Text>,
    }));
    return <BulkResults rows={rows} onClose={onClose} />;
  }
  const errors = { ...(bulkDecide.error ? readServerFieldErrors(bulkDecide.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{label} {decision.items.length === 1 ? 'this review' : `these ${decision.items.length} reviews`}; each is decided on the version this page shows.</Text>
        <List size="sm" spacing={2}>{decision.items.map((item) => <List.Item key={item.id}>{item.plugin.name}: {excerptOf(item)}</List.Item>)}</List>
        <FormError error={bulkDecide.error} fields={['reasonId', 'message']} />
        <ReviewReasonMessageFields action={decision.action} value={value} onChange={setValue} errors={errors} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={ACTION_COLORS[decision.action]} loading={bulkDecide.isPending}>{label} {decision.items.length}</Button>
        </Group>
      </Stack>
    </form>
  );
}
