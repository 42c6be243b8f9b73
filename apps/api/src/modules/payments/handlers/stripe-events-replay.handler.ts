import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZStripeEventReplayInput } from '@marketdesk/shared';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { replayStripeEvent } from '../stripe-events.ts';

export function replayHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZStripeEventReplayInput> }) {
  return replayStripeEvent(ctx.deps, { actor: actorFrom(ctx), eventId: input.id });
}
