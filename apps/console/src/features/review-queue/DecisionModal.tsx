import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { OVERRIDE_REASON_CHARS, ZApproveInput, ZRejectInput, ZRequestChangesInput, type SubmissionDetail } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { describeError, readErrorData } from '../../lib/errors.ts';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useLastPresent } from '../../lib/use-last-present.ts';
import { STATUS_LABELS } from '../moderation/labels.ts';
import { ReasonMessageFields, type ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';

export type DecisionKind = 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES';

const TITLES: Record<DecisionKind, string> = { APPROVE: 'Approve and publish', REJECT: 'Reject', REQUEST_CHANGES: 'Request changes' };
const COLORS: Record<DecisionKind, string> = { APPROVE: 'teal', REJECT: 'red', REQUEST_CHANGES: 'yellow' };

interface DecisionModalProps {
  kind: DecisionKind | null;
  submission: SubmissionDetail;
  onClose: () => void;
  /** The API refused with CONFLICT: the page is stale (another version, decision or claim). */
  onConflict: (message: string) => void;
}

/** One decision on the submission as this page shows it: its `version` goes with the decision. */
export function DecisionModal({ kind, submission, onClose, onConflict }: DecisionModalProps) {
  const shown = useLastPresent(kind);
  return (
    <Modal opened={kind !== null} onClose={onClose} title={shown ? `${TITLES[shown]} ${submission.plugin.name}@${submission.pluginVersion}` : ''} size="lg">
      {shown && <DecisionForm key={shown} kind={shown} submission={submission} onClose={onClose} onConflict={onConflict} />}
    </Modal>
  );
}

function DecisionForm({ kind, submission, onClose, onConflict }: DecisionModalProps & { kind: DecisionKind }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [value, setValue] = useState<ReasonAndMessage>({ reasonId: null, message: '' });
  const [overrideReason, setOverrideReason] = useState('');
  const isOverride = kind === 'APPROVE' && submission.hasCriticalFindings;
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const options = {
    onSuccess: async ({ status }: { status: keyof typeof STATUS_LABELS }) => {
      notifySuccess('Decision recorded', `${submission.plugin.name}@${submission.pluginVersion} is now ${STATUS_LABELS[status].toLowerCase()}; the creator is notified.`);
      await refreshAfterWrite(trpc.queue.pathFilter());
      onClose();
    },
    onError: (error: unknown) => {
      if (readErrorData(error)?.code === 'CONFLICT') onConflict(describeError(error));
    },
  };
  const approve = useMutation(trpc.queue.approve.mutationOptions(options));
  const reject = useMutation(trpc.queue.reject.mutationOptions(options));
  const requestChanges = useMutation(trpc.queue.requestChanges.mutationOptions(options));
  const mutation = { APPROVE: approve, REJECT: reject, REQUEST_CHANGES: requestChanges }[kind];

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      submissionId: submission.id, version: submission.version, message: value.message, reasonId: value.reasonId ?? undefined,
      // Sent (even empty, so the schema's minimum speaks) only when the scanner found something critical.
      ...(isOverride ? { overrideReason } : {}),
    };
    const validate = <S extends z.ZodType>(schema: S) => {
      const parsed = validateWith(schema, input);
      setClientErrors(parsed.errors ?? {});
      return parsed.data;
    };
    if (kind === 'APPROVE') {
      const data = validate(ZApproveInput);
      if (data) approve.mutate(data);
    } else if (kind === 'REJECT') {
      const data = validate(ZRejectInput);
      if (data) reject.mutate(data);
    } else {
      const data = validate(ZRequestChangesInput);
      if (data) requestChanges.mutate(data);
    }
  }
  const isConflict = readErrorData(mutation.error)?.code === 'CONFLICT';
  const errors = { ...(mutation.error ? readServerFieldErrors(mutation.error) : {}), ...clientErrors };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {kind === 'APPROVE' && <Text size="sm">The version is published and the creator is notified.</Text>}
        {!isConflict && <FormError error={mutation.error} fields={['reasonId', 'message', 'overrideReason']} />}
        {isOverride && (
          <>
            <Alert color="red" icon={<IconAlertTriangle />} title="This submission has a critical finding" data-testid="override-warning">
              Approving publishes it anyway. Say why it is safe: the reason is kept on the decision and in the audit log.
            </Alert>
            <Textarea
              label="Override reason"
              required
              autosize
              minRows={2}
              maxLength={OVERRIDE_REASON_CHARS.max}
              description={`At least ${OVERRIDE_REASON_CHARS.min} characters; not sent to the creator`}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.currentTarget.value)}
              error={errors.overrideReason}
              data-autofocus
            />
          </>
        )}
        {kind === 'APPROVE' ? (
          <Textarea label="Message to the creator" description="Optional" autosize minRows={2} maxLength={5000} value={value.message} onChange={(e) => setValue({ ...value, message: e.currentTarget.value })} error={errors.message} data-autofocus={!isOverride || undefined} />
        ) : (
          <ReasonMessageFields appliesTo={kind} isReasonRequired={kind === 'REJECT'} value={value} onChange={setValue} errors={errors} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color={COLORS[kind]} loading={mutation.isPending}>{TITLES[kind]}</Button>
        </Group>
      </Stack>
    </form>
  );
}
