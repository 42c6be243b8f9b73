import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPeriodInput } from '@marketdesk/shared';
import { reconcileWithDifferences } from '../reconcile-differences.ts';

export function reconciliationHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPeriodInput> }) {
  return reconcileWithDifferences(ctx.deps, input);
}
