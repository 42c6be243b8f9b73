import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorPayoutsInput } from '@marketdesk/shared';
import { ownCreatorId, listCreatorPayouts } from '../creator-earnings.ts';

export function payoutsHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorPayoutsInput> }) {
  return listCreatorPayouts(ctx.deps, { ...input, creatorId: ownCreatorId(ctx.user, input.creatorId) });
}
