import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorRefundsInput } from '@marketdesk/shared';
import { ownCreatorId, listCreatorRefunds } from '../creator-earnings.ts';

export function refundsHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorRefundsInput> }) {
  return listCreatorRefunds(ctx.deps, { ...input, creatorId: ownCreatorId(ctx.user, input.creatorId) });
}
