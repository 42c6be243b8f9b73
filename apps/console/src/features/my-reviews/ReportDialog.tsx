import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { MAX_REPORT_NOTE, REVIEW_REPORT_REASONS, ZReviewReportInput, type ReviewReportReason } from '@marketdesk/shared';
import { FormError } from '../../components/FormError/FormError.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../../lib/field-errors.ts';
import { notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { REPORT_REASON_LABELS } from './labels.ts';

type Review = RouterOutputs['reviews']['own']['items'][number];

const REASON_OPTIONS = REVIEW_REPORT_REASONS.map((reason) => ({ value: reason, label: REPORT_REASON_LABELS[reason] }));

/** Report a review of one's own plugin to the moderators, with a reason (and a note, required for Other). */
export function ReportDialog({ review, onClose }: { review: Review | null; onClose: () => void }) {
  return (
    <Modal opened={review !== null} onClose={onClose} title="Report the review to the moderators">
      {review && <ReportForm review={review} onClose={onClose} />}
    </Modal>
  );
}

function ReportForm({ review, onClose }: { review: Review; onClose: () => void }) {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const [reason, setReason] = useState<ReviewReportReason>('SPAM');
  const [note, setNote] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const report = useMutation(trpc.reviewReports.report.mutationOptions({
    onSuccess: async () => {
      await refreshAfterWrite(trpc.reviews.own.pathFilter());
      notifySuccess('Review reported', 'A moderator will look at it; you will see the outcome here.');
      onClose();
    },
  }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZReviewReportInput, { reviewId: review.id, reason, note });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) report.mutate(parsed.data);
  }
  const errors = { ...(report.error ? readServerFieldErrors(report.error) : {}), ...clientErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={report.error} fields={['reason', 'note']} />
        <Select label="Reason" data={REASON_OPTIONS} allowDeselect={false} value={reason} onChange={(value) => value && setReason(value as ReviewReportReason)} error={errors.reason} />
        <Textarea label="Note" description={`For the moderator (required for Other; up to ${MAX_REPORT_NOTE} characters)`} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="orange" loading={report.isPending}>Report</Button>
        </Group>
      </Stack>
    </form>
  );
}
