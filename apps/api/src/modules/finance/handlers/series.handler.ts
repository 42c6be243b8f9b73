import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZSeriesInput } from '@marketdesk/shared';
import { readSeries } from '../analytics.ts';

export function seriesHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZSeriesInput> }) {
  return readSeries(ctx.deps, input);
}
