import { useMutation } from '@tanstack/react-query';
import { formatDateTime } from '../../lib/format.ts';
import { notifyFailure, notifySuccess } from '../../lib/notify.ts';
import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * Claim and release, with their notifications. Both refresh every queue view (list, counts,
 * the open submission) before they settle, so what the page shows next is the server's truth.
 */
export function useClaimMutations() {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  const refreshQueue = () => refreshAfterWrite(trpc.queue.pathFilter());
  const claim = useMutation(
    trpc.queue.claim.mutationOptions({
      onSuccess: async ({ claimExpiresAt }) => {
        notifySuccess('Claimed', `It is yours to decide until ${formatDateTime(claimExpiresAt)}; the open page keeps the claim alive.`);
        await refreshQueue();
      },
      onError: (error) => notifyFailure('Could not claim', error),
    }),
  );
  const release = useMutation(
    trpc.queue.release.mutationOptions({
      onSuccess: async () => {
        notifySuccess('Released', 'Another moderator can claim it now.');
        await refreshQueue();
      },
      onError: (error) => notifyFailure('Could not release', error),
    }),
  );
  return { claim, release, refreshQueue };
}
