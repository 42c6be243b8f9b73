import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZPeriodInput } from '@marketdesk/shared';
import { readPricingModels } from '../pricing-models.ts';

export function pricingModelsHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZPeriodInput> }) {
  return readPricingModels(ctx.deps, input);
}
