import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPayoutsListInput } from '@marketdesk/shared';
import { listPayouts } from '../records.ts';

export function payoutsHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPayoutsListInput> }) {
  return listPayouts(ctx.deps, input);
}
