import { useCallback } from 'react';
import { useMutation } from '@tanstack/react-query';
import { notifyFailure } from '../../lib/notify.ts';
import { useRefreshAfterWrite, useSetAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useClaimHeartbeat } from '../moderation/use-claim-heartbeat.ts';

export { CLAIM_HEARTBEAT_MS } from '../moderation/use-claim-heartbeat.ts';

/**
 * While `isHeld`, renews the claim on `submissionId` every 2 minutes and moves the shown expiry.
 * A refused renewal (the claim expired and someone took it) is said at once and the page reloads
 * the submission, so its decision buttons follow.
 */
export function useSubmissionClaimHeartbeat(submissionId: string, isHeld: boolean) {
  const trpc = useTRPC();
  const setAfterWrite = useSetAfterWrite();
  const refreshAfterWrite = useRefreshAfterWrite();
  const detailKey = trpc.queue.get.queryKey({ submissionId });
  const renew = useMutation(
    trpc.queue.renew.mutationOptions({
      onSuccess: async ({ claimExpiresAt }) => {
        await setAfterWrite(detailKey, (detail) => (detail?.claim ? { ...detail, claim: { ...detail.claim, expiresAt: claimExpiresAt } } : detail));
      },
      onError: async (error) => {
        notifyFailure('Your claim was lost', error);
        await refreshAfterWrite(trpc.queue.pathFilter());
      },
    }),
  );
  const { mutate } = renew;
  useClaimHeartbeat(useCallback(() => mutate({ submissionId }), [mutate, submissionId]), isHeld);
}
