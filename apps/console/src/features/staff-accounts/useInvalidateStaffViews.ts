import { useRefreshAfterWrite } from '../../lib/refresh-after-write.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** After a staff change: the account list and the audit log (it gained a row) are both stale. */
export function useInvalidateStaffViews() {
  const trpc = useTRPC();
  const refreshAfterWrite = useRefreshAfterWrite();
  return () => refreshAfterWrite(trpc.users.pathFilter(), trpc.audit.pathFilter());
}
