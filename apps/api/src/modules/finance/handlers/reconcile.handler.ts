import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPeriodInput } from '@marketdesk/shared';
import { reconcilePeriod } from '../reconcile.ts';

export function reconcileHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPeriodInput> }) {
  return reconcilePeriod(ctx.deps, input);
}
