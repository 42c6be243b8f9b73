import type { z } from 'zod';
import type { SessionUser, ZSubscriptionBillingInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { getSubscriptionBilling } from '../subscription-billing.ts';

/** A subscription's tier, proration credit and overage bills. */
export async function subscriptionBillingHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.output<typeof ZSubscriptionBillingInput> }) {
  return getSubscriptionBilling(ctx.deps, input);
}
