import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { requireCreatorId } from '../../../platform/trpc/creator.ts';
import { refreshPayoutSetup } from '../connect-status.ts';

export function refreshHandler({ ctx }: { ctx: Context & { user: SessionUser } }) {
  return refreshPayoutSetup(ctx.deps, { creatorId: requireCreatorId(ctx.user) });
}
