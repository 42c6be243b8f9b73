import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZRefundCreateInput } from '@marketdesk/shared';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { createRefund } from '../refunds.ts';

export function createRefundHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZRefundCreateInput> }) {
  return createRefund(ctx.deps, { ...input, actor: actorFrom(ctx) });
}
