import type { z } from 'zod';
import type { ZUsersListInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { listUsers } from '../list-users.ts';

export function listUsersHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZUsersListInput> }) {
  return listUsers(ctx.deps, input);
}
