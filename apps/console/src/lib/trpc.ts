/**
 * The console's one tRPC client: TanStack Query integration (`useTRPC()` gives
 * `trpc.users.list.queryOptions(...)`, `trpc.users.create.mutationOptions()`), batched HTTP to
 * the same origin, superjson for Dates and BigInts, and the `x-marketdesk-client` header the API
 * requires before it accepts a mutation (a cross-site form cannot set it).
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import type { AppRouter } from '@marketdesk/api/router';

export const CONSOLE_CLIENT_HEADER = { 'x-marketdesk-client': 'console' } as const;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        transformer: superjson,
        headers: () => CONSOLE_CLIENT_HEADER,
      }),
    ],
  });
}
