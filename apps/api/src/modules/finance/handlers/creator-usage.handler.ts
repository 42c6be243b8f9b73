import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorUsageInput } from '@marketdesk/shared';
import { ownCreatorId } from '../creator-earnings.ts';
import { readCreatorUsage } from '../creator-pricing.ts';

export function usageHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorUsageInput> }) {
  return readCreatorUsage(ctx.deps, { creatorId: ownCreatorId(ctx.user, input.creatorId), now: ctx.deps.clock.now() });
}
