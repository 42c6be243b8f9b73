import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPurchaseTimelineInput } from '@marketdesk/shared';
import { readPurchaseTimeline } from '../records.ts';

export function purchaseHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPurchaseTimelineInput> }) {
  return readPurchaseTimeline(ctx.deps, { purchaseId: input.purchaseId });
}
