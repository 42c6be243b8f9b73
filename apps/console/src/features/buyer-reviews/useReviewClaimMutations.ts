import { useMutation } from '@tanstack/react-query';
import { formatDateTime } from '../../lib/format.ts';
import { notifyFailure, notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * Claim, release and the open page's renewal of a buyer review, with their notifications. Each
 * refreshes every buyer-review queue view (list, counts, the open review) before it settles.
 */
export function useReviewClaimMutations() {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const refreshQueue = () => refreshAfterWrite(trpc.reviewQueue.pathFilter());
  const claim = useMutation(trpc.reviewQueue.claim.mutationOptions({
    onSuccess: async ({ claimExpiresAt }) => {
      notifySuccess('Claimed', `It is yours to decide until ${formatDateTime(claimExpiresAt)}; the open page keeps the claim alive.`);
      await refreshQueue();
    },
    onError: (error) => notifyFailure('Could not claim', error),
  }));
  const release = useMutation(trpc.reviewQueue.release.mutationOptions({
    onSuccess: async () => {
      notifySuccess('Released', 'Another moderator can claim it now.');
      await refreshQueue();
    },
    onError: (error) => notifyFailure('Could not release', error),
  }));
  const renew = useMutation(trpc.reviewQueue.renew.mutationOptions({
    onError: async (error) => {
      notifyFailure('Your claim was lost', error);
      await refreshQueue();
    },
  }));
  return { claim, release, renew, refreshQueue };
}
