import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZStripeEventsListInput } from '@marketdesk/shared';
import { listStripeEvents } from '../list-stripe-events.ts';

export function listHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZStripeEventsListInput> }) {
  return listStripeEvents(ctx.deps, input);
}
