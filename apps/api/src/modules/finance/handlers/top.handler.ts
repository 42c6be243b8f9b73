import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import type { z } from 'zod';
import type { ZTopInput } from '@marketdesk/shared';
import { readTop } from '../analytics.ts';

export function topHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZTopInput> }) {
  return readTop(ctx.deps, input);
}
