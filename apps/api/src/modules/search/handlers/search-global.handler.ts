import type { z } from 'zod';
import type { SessionUser, ZSearchGlobalInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { searchGlobal } from '../search-global.ts';

/** The signed-in user's roles and creator account decide which kinds are searched and how far. */
export function searchGlobalHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZSearchGlobalInput> }) {
  return searchGlobal(ctx.deps, { query: input.query, kinds: input.kinds, caller: { roles: ctx.user.roles, creatorId: ctx.user.creatorId } });
}
