/**
 * The QueryClient and tRPC client the whole console shares. API errors are not retried (they
 * will not change on retry); network failures are, twice. A query that fails goes to the nearest
 * route error boundary, which shows the request id — except UNAUTHORIZED: the session has ended,
 * so the session query is refreshed and the console returns to sign-in.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { notifications } from '@mantine/notifications';
import type { AppRouter } from '@marketdesk/api/router';
import { SESSION_END_MESSAGES, ZSessionEndReason } from '@marketdesk/shared';
import { isUnauthorized, readErrorData } from './errors.ts';
import { createApiClient } from './trpc.ts';

const MAX_NETWORK_RETRIES = 2;

export function createConsoleClients() {
  const trpcClient = createApiClient();
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => endSessionWhenUnauthorized(error) }),
    mutationCache: new MutationCache({ onError: (error) => endSessionWhenUnauthorized(error) }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failureCount, error) => readErrorData(error) === undefined && failureCount < MAX_NETWORK_RETRIES,
        throwOnError: (error) => !isUnauthorized(error),
      },
      mutations: { retry: false },
    },
  });
  const api = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

  function endSessionWhenUnauthorized(error: unknown) {
    if (!isUnauthorized(error)) return;
    const session = queryClient.getQueryData(api.auth.me.queryKey());
    // A failed sign-in is also UNAUTHORIZED; only a session that was on has ended.
    if (!session?.user) return;
    const reason = ZSessionEndReason.safeParse(readErrorData(error)?.sessionEndReason).data;
    const message = reason ? `${SESSION_END_MESSAGES[reason]}.` : 'Your session has ended. Sign in again to continue.';
    notifications.show({ id: 'session-ended', color: 'yellow', title: 'Signed out', message });
    void queryClient.invalidateQueries(api.auth.me.queryFilter());
  }

  return { trpcClient, queryClient };
}
