import { Select, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc.ts';

export interface ReasonAndMessage {
  reasonId: string | null;
  message: string;
}

/** A canned reason as the pickers show it: its label and the message it pre-fills. */
export interface CannedReason {
  id: string;
  label: string;
  cannedResponse: string;
}

interface CannedReasonFieldsProps {
  reasons: readonly CannedReason[];
  isLoading: boolean;
  isReasonRequired: boolean;
  value: ReasonAndMessage;
  onChange: (value: ReasonAndMessage) => void;
  errors: Partial<Record<string, string>>;
  /** Who the message goes to, as its label says ("Message to the creator"). */
  messageLabel: string;
  isMessageRequired: boolean;
}

/**
 * A decision reason (searchable) and the message that goes with the decision — for a submission
 * or a buyer review. Picking a reason pre-fills its canned response; the moderator edits it
 * freely, and an edited message is never overwritten.
 */
export function CannedReasonFields({ reasons, isLoading, isReasonRequired, value, onChange, errors, messageLabel, isMessageRequired }: CannedReasonFieldsProps) {
  const cannedOf = (id: string | null) => reasons.find((reason) => reason.id === id)?.cannedResponse;
  const selected = reasons.some((reason) => reason.id === value.reasonId) ? value.reasonId : null;

  function pickReason(reasonId: string | null) {
    const isMessageUntouched = value.message.trim() === '' || value.message === cannedOf(value.reasonId);
    onChange({ reasonId, message: isMessageUntouched ? (cannedOf(reasonId) ?? '') : value.message });
  }

  return (
    <>
      <Select
        label="Reason"
        placeholder={isLoading ? 'Loading reasons…' : 'Search reasons'}
        description={isReasonRequired ? undefined : 'Optional'}
        required={isReasonRequired}
        searchable
        clearable={!isReasonRequired}
        nothingFoundMessage="No reason matches"
        data={reasons.map((reason) => ({ value: reason.id, label: reason.label }))}
        value={selected}
        onChange={pickReason}
        error={errors.reasonId}
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      <Textarea
        label={messageLabel}
        description="Pre-filled from the reason; edit it as needed."
        required={isMessageRequired}
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

interface ReasonMessageFieldsProps {
  appliesTo: 'REJECT' | 'REQUEST_CHANGES';
  isReasonRequired: boolean;
  value: ReasonAndMessage;
  onChange: (value: ReasonAndMessage) => void;
  errors: Partial<Record<string, string>>;
}

/** A submission decision's reason (those for `appliesTo`) and the message to the creator. */
export function ReasonMessageFields({ appliesTo, ...props }: ReasonMessageFieldsProps) {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.queue.reasons.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const applicable = (reasons.data ?? []).filter((reason) => reason.appliesTo === appliesTo);
  return <CannedReasonFields reasons={applicable} isLoading={reasons.isLoading} messageLabel="Message to the creator" isMessageRequired {...props} />;
}
