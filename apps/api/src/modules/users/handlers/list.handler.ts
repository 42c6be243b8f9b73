import type { z } from 'zod';
import type { ZUsersListInput } from '@marketdesk/shared';
import type { Context } from '../../trpc/context.ts';
import { listUsers } from '../../services/users/list-users.ts';

export function listUsersHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZUsersListInput> }) {
  return listUsers(ctx.deps.prisma, input);
}
