import type { z } from 'zod';
import type { SessionUser, ZSubscriptionChangeTierInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { changeSubscriptionTier } from '../change-tier.ts';

/** Support or finance changes a subscription's tier (audited with the reason). */
export async function changeTierHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZSubscriptionChangeTierInput> }) {
  return changeSubscriptionTier(ctx.deps, { actor: actorFrom(ctx), subscriptionId: input.subscriptionId, tier: input.tier, reason: input.reason });
}
