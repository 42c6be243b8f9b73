import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorEarningsByModelInput } from '@marketdesk/shared';
import { ownCreatorId } from '../creator-earnings.ts';
import { readCreatorEarningsByModel } from '../creator-pricing.ts';

export function earningsByModelHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorEarningsByModelInput> }) {
  return readCreatorEarningsByModel(ctx.deps, { from: input.from, to: input.to, currency: input.currency, creatorId: ownCreatorId(ctx.user, input.creatorId) });
}
