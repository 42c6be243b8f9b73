import { Select, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc.ts';

export interface ReasonAndMessage {
  reasonId: string | null;
  message: string;
}

interface ReasonMessageFieldsProps {
  appliesTo: 'REJECT' | 'REQUEST_CHANGES';
  isReasonRequired: boolean;
  value: ReasonAndMessage;
  onChange: (value: ReasonAndMessage) => void;
  errors: Partial<Record<string, string>>;
}

/**
 * A decision reason (searchable) and the message to the creator. Picking a reason pre-fills its
 * canned response; the moderator edits it freely, and an edited message is never overwritten.
 */
export function ReasonMessageFields({ appliesTo, isReasonRequired, value, onChange, errors }: ReasonMessageFieldsProps) {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.queue.reasons.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const applicable = (reasons.data ?? []).filter((reason) => reason.appliesTo === appliesTo);
  const cannedOf = (id: string | null) => applicable.find((reason) => reason.id === id)?.cannedResponse;

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
        value={value.reasonId}
        onChange={pickReason}
        error={errors.reasonId}
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      <Textarea
        label="Message to the creator"
        description="Pre-filled from the reason; edit it as needed."
        required
        autosize
        minRows={4}
        maxRows={12}
        maxLength={5000}
        value={value.message}
        onChange={(event) => onChange({ ...value, message: event.currentTarget.value })}
        error={errors.message}
      />
    </>
  );
}
