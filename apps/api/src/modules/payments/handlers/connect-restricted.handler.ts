import type { SessionUser } from '@marketdesk/shared';
import type { z } from 'zod';
import type { ZRestrictedCreatorsInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { listRestrictedCreators } from '../connect-status.ts';

export function restrictedHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZRestrictedCreatorsInput> }) {
  return listRestrictedCreators(ctx.deps, input);
}
