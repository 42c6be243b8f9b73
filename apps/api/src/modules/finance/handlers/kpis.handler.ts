import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPeriodInput } from '@marketdesk/shared';
import { readKpis } from '../analytics.ts';

export function kpisHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPeriodInput> }) {
  return readKpis(ctx.deps, input);
}
