import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPayoutsByStatusInput } from '@marketdesk/shared';
import { readPayoutsByStatus } from '../analytics.ts';

export function payoutsByStatusHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPayoutsByStatusInput> }) {
  return readPayoutsByStatus(ctx.deps, input);
}
