import type { z } from 'zod';
import type { SessionUser, ZSubscriptionCancelInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { cancelSubscriptionAtPeriodEnd } from '../subscriptions.ts';

/** Cancels at period end; dates as ISO strings. */
export async function cancelSubscriptionHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZSubscriptionCancelInput> }) {
  const sub = await cancelSubscriptionAtPeriodEnd(ctx.deps, { actor: actorFrom(ctx), subscriptionId: input.subscriptionId, reason: input.reason });
  return {
    ...sub, canceledAt: sub.canceledAt?.toISOString() ?? null, currentPeriodStart: sub.currentPeriodStart.toISOString(), currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
  };
}
