import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorSalesInput } from '@marketdesk/shared';
import { ownCreatorId, readCreatorSales } from '../creator-earnings.ts';

export function salesByPluginHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorSalesInput> }) {
  return readCreatorSales(ctx.deps, { ...input, creatorId: ownCreatorId(ctx.user, input.creatorId) });
}
