import { useSuspenseQuery } from '@tanstack/react-query';
import type { SessionUser } from '@marketdesk/shared';
import { useTRPC } from '../lib/trpc.ts';

/** Who is signed in (null when nobody) and whether payments go to Stripe or the emulator. */
export function useSession() {
  const trpc = useTRPC();
  return useSuspenseQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 })).data;
}

/** The signed-in user; only for components rendered inside <RequireSession>. */
export function useSignedInUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useSignedInUser() used outside <RequireSession>');
  return user;
}
