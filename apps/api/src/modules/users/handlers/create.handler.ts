import type { SessionUser, UsersCreateInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { createUser } from '../create-user.ts';

export function createUserHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: UsersCreateInput }) {
  return createUser(ctx.deps, { ...input, actor: actorFrom(ctx) });
}
