import type { z } from 'zod';
import type { SessionUser, ZQueueListInput } from '@marketdesk/shared';
import type { Context } from '../../trpc/context.ts';
import { listQueue } from '../../services/moderation/list-queue.ts';

export function listQueueHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZQueueListInput> }) {
  return listQueue(ctx.deps.prisma, ctx.user.id, input);
}
