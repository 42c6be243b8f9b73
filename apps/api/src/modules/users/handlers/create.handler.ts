import type { SessionUser, UsersCreateInput } from '@marketdesk/shared';
import type { Context } from '../../trpc/context.ts';
import { actorFrom } from '../../trpc/actor.ts';
import { createUser } from '../../services/users/create-user.ts';

export function createUserHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: UsersCreateInput }) {
  return createUser(ctx.deps.prisma, actorFrom(ctx), input);
}
