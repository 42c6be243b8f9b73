import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZCreatorEarningsInput } from '@marketdesk/shared';
import { ownCreatorId, readCreatorEarnings } from '../creator-earnings.ts';

export function earningsHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZCreatorEarningsInput> }) {
  return readCreatorEarnings(ctx.deps, { creatorId: ownCreatorId(ctx.user, input.creatorId), currency: input.currency });
}
