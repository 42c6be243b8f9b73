import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorSeriesInput } from '@marketdesk/shared';
import { ownCreatorId, readCreatorSeries } from '../creator-earnings.ts';

export function earningsSeriesHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorSeriesInput> }) {
  return readCreatorSeries(ctx.deps, { ...input, creatorId: ownCreatorId(ctx.user, input.creatorId) });
}
