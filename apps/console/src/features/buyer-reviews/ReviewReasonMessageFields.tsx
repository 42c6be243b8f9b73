import { useQuery } from '@tanstack/react-query';
import { isReasonFor, type ReviewModerationAction } from '@marketdesk/shared';
import { useTRPC } from '../../lib/trpc.ts';
import { CannedReasonFields, type ReasonAndMessage } from '../moderation/ReasonMessageFields.tsx';

interface Props {
  action: ReviewModerationAction;
  value: ReasonAndMessage;
  onChange: (value: ReasonAndMessage) => void;
  errors: Partial<Record<string, string>>;
}

/**
 * A canned reason for a buyer-review decision (required to hide or delete; the shared
 * `isReasonFor` says which apply, as the API does) and the message to the author and the creator.
 */
export function ReviewReasonMessageFields({ action, ...props }: Props) {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.reviewQueue.reasons.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const applicable = (reasons.data ?? []).filter((reason) => isReasonFor(reason.appliesTo, action));
  return (
    <CannedReasonFields reasons={applicable} isLoading={reasons.isLoading} isReasonRequired={action !== 'KEEP'} messageLabel="Message to the author and the creator" isMessageRequired={false} {...props} />
  );
}
