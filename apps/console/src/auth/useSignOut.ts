import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useSetAfterWrite } from '../lib/refresh-after-write.ts';
import { useTRPC } from '../lib/trpc.ts';

/** Ends the session, forgets every cached answer, and returns to sign-in. */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setAfterWrite = useSetAfterWrite();
  const navigate = useNavigate();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  return {
    isSigningOut: signOut.isPending,
    signOut() {
      // Leave even when the server says the session had already ended.
      const leave = async () => {
        const stripeMode = queryClient.getQueryData(trpc.auth.me.queryKey())?.stripeMode ?? 'emulator';
        queryClient.clear();
        await setAfterWrite(trpc.auth.me.queryKey(), { user: null, stripeMode });
        void navigate('/sign-in', { replace: true });
      };
      signOut.mutate(undefined, { onSettled: leave });
    },
  };
}
