import { Select, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { isReasonFor, type ReviewModerationAction } from '@marketdesk/shared';
import { useTRPC } from '../../lib/trpc.ts';
import type { ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';

interface Props {
  action: ReviewModerationAction;
  value: ReasonAndMessage;
  onChange: (value: ReasonAndMessage) => void;
  errors: Partial<Record<string, string>>;
}

/**
 * A canned reason for the decision (required to hide or delete; the API's `isReasonFor` picks which
 * apply) and the message to the review's author and the creator. Picking a reason pre-fills its
 * canned response; an edited message is never overwritten.
 */
export function ReviewReasonMessageFields({ action, value, onChange, errors }: Props) {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.reviewQueue.reasons.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const applicable = (reasons.data ?? []).filter((reason) => isReasonFor(reason.appliesTo, action));
  const cannedOf = (id: string | null) => applicable.find((reason) => reason.id === id)?.cannedResponse;
  const isReasonRequired = action !== 'KEEP';
  const selected = applicable.some((reason) => reason.id === value.reasonId) ? value.reasonId : null;

  function pickReason(reasonId: string | null) {
    const isMessageUntouched = value.message.trim() === '' || value.message === cannedOf(value.reasonId);
    onChange({ reasonId, message: isMessageUntouched ? (cannedOf(reasonId) ?? '') : value.message });
  }
  return (
    <>
      <Select
        label="Reason"
        placeholder={reasons.isLoading ? 'Loading reasons…' : 'Search reasons'}
        description={isReasonRequired ? undefined : 'Optional'}
        required={isReasonRequired}
        searchable
        clearable={!isReasonRequired}
        nothingFoundMessage="No reason matches"
        data={applicable.map((reason) => ({ value: reason.id, label: reason.label }))}
        value={selected}
        onChange={pickReason}
        error={errors.reasonId}
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      <Textarea
        label="Message to the author and the creator"
        description="Pre-filled from the reason; edit it as needed."
        autosize
        minRows={3}
        maxRows={10}
        maxLength={5000}
        value={value.message}
        onChange={(event) => onChange({ ...value, message: event.currentTarget.value })}
        error={errors.message}
      />
    </>
  );
}
