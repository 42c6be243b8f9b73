import type { SessionUser, ZDisputeGetInput } from '@marketdesk/shared';
import type { z } from 'zod';
import type { Context } from '../../../platform/trpc/context.ts';
import { getDispute } from '../get-dispute.ts';

export function getDisputeHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZDisputeGetInput> }) {
  return getDispute(ctx.deps, input);
}
