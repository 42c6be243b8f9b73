/**
 * The console's one tRPC client: TanStack Query integration (`useTRPC()` gives
 * `trpc.users.list.queryOptions(...)`, `trpc.users.create.mutationOptions()`), batched HTTP to
 * the same origin, superjson for Dates and BigInts, and the `x-marketdesk-client` header the API
 * requires before it accepts a mutation (a cross-site form cannot set it).
 */
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import type { AppRouter } from '@marketdesk/api/router';

export const CONSOLE_CLIENT_HEADER = { 'x-marketdesk-client': 'console' } as const;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * Procedures of the shell that go alone, not in the page's batch: a batch is answered when its
 * slowest call is, and the seeding notice (asked on every page) should neither wait for a page's
 * queries nor change what the page's own request holds.
 */
const UNBATCHED_PROCEDURES: ReadonlySet<string> = new Set(['seeding.status']);

export function createApiClient() {
  const options = { url: '/trpc', transformer: superjson, headers: () => CONSOLE_CLIENT_HEADER };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => UNBATCHED_PROCEDURES.has(op.path),
        true: httpLink(options),
        false: httpBatchLink(options),
      }),
    ],
  });
}
