import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { requireCreatorId } from '../../../platform/trpc/creator.ts';
import { readPayoutSetup } from '../connect-status.ts';

export function statusHandler({ ctx }: { ctx: Context & { user: SessionUser } }) {
  return readPayoutSetup(ctx.deps, { creatorId: requireCreatorId(ctx.user) });
}
