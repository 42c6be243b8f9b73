import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { ZBulkDecisionInput, type QueueItem } from '@marketdesk/shared';
import { BulkResults } from '../../components/BulkResults/BulkResults.tsx';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { ReasonMessageFields, type ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';

export interface BulkDecision {
  kind: 'APPROVE' | 'REJECT';
  items: QueueItem[];
}

/** Approve or reject several submissions at once; each is claimed and decided on its own, so the answer is one result per row. */
export function BulkDecisionModal({ decision, onClose, onDecided }: { decision: BulkDecision | null; onClose: () => void; onDecided: () => Promise<unknown> }) {
  const shown = useLastPresent(decision);
  const title = shown?.kind === 'REJECT' ? 'Reject submissions' : 'Approve submissions';
  return (
    <Modal opened={decision !== null} onClose={onClose} title={title} size="lg">
      {shown && <BulkDecisionForm decision={shown} onClose={onClose} onDecided={onDecided} />}
    </Modal>
  );
}

const labelOf = (item: QueueItem) => `${item.plugin.name}@${item.pluginVersion}`;

function BulkDecisionForm({ decision, onClose, onDecided }: { decision: BulkDecision; onClose: () => void; onDecided: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [value, setValue] = useState<ReasonAndMessage>({ reasonId: null, message: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const bulkDecide = useMutation(trpc.queue.bulkDecide.mutationOptions({ onSuccess: () => onDecided() }));
  const isReject = decision.kind === 'REJECT';
  const criticalCount = decision.items.filter((item) => item.hasCriticalFindings).length;

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { kind: decision.kind, items: decision.items.map((item) => ({ submissionId: item.id, version: item.version })), reasonId: value.reasonId ?? undefined, message: value.message };
    const parsed = validateWith(ZBulkDecisionInput, input);
    const errors = { ...parsed.errors };
    if (isReject && !value.message.trim()) errors.message = 'Write a message to the creators';
    setClientErrors(errors);
    if (parsed.data && Object.keys(errors).length === 0) bulkDecide.mutate(parsed.data);
  }

  if (bulkDecide.data) return <BulkDecisionResults items={decision.items} results={bulkDecide.data.results} onClose={onClose} />;
  const errors = { ...(bulkDecide.error ? readServerFieldErrors(bulkDecide.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{isReject ? 'Reject' : 'Approve'} {decision.items.length === 1 ? 'this submission' : `these ${decision.items.length} submissions`}; each is claimed for you first.</Text>
        <List size="sm" spacing={2}>{decision.items.map((item) => <List.Item key={item.id}>{labelOf(item)}</List.Item>)}</List>
        {!isReject && criticalCount > 0 && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="bulk-critical-warning">
            {criticalCount === 1 ? 'One of them has' : `${criticalCount} of them have`} a critical finding: approving needs an override reason, which a bulk approval does not carry, so {criticalCount === 1 ? 'it is' : 'they are'} refused. Approve {criticalCount === 1 ? 'it' : 'them'} one by one from the review page.
          </Alert>
        )}
        <FormError error={bulkDecide.error} fields={['reasonId', 'message']} />
        {isReject ? (
          <ReasonMessageFields appliesTo="REJECT" isReasonRequired value={value} onChange={setValue} errors={errors} />
        ) : (
          <Textarea label="Message to the creators" description="Optional" autosize minRows={2} maxLength={5000} value={value.message} onChange={(e) => setValue({ ...value, message: e.currentTarget.value })} data-autofocus />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={isReject ? 'red' : 'teal'} loading={bulkDecide.isPending}>
            {isReject ? 'Reject' : 'Approve'} {decision.items.length}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Result = { submissionId: string; outcome: 'done' | 'refused'; reason: string | null };

function BulkDecisionResults({ items, results, onClose }: { items: QueueItem[]; results: Result[]; onClose: () => void }) {
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const rows = results.map((result) => ({
    id: result.submissionId,
    title: itemsById.get(result.submissionId)?.plugin.name ?? result.submissionId,
    subtitle: `v${itemsById.get(result.submissionId)?.pluginVersion ?? ''}`,
    isDone: result.outcome === 'done',
    detail: <Text size="sm" c="dimmed">{result.reason ?? ''}</Text>,
  }));
  return <BulkResults rows={rows} onClose={onClose} />;
}
