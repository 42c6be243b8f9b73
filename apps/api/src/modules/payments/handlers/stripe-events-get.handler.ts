import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZStripeEventGetInput } from '@marketdesk/shared';
import { getStripeEvent } from '../get-stripe-event.ts';

export function getHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZStripeEventGetInput> }) {
  return getStripeEvent(ctx.deps, { id: input.id });
}
