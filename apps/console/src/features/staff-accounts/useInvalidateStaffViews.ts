import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc.ts';

/** After a staff change: the account list and the audit log (it gained a row) are both stale. */
export function useInvalidateStaffViews() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries(trpc.users.pathFilter()), queryClient.invalidateQueries(trpc.audit.pathFilter())]);
}
