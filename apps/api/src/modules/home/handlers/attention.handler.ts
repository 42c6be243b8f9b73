import type { SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { readAttention } from '../read-attention.ts';

/** `home.attention`: the signed-in user's own sections, by their roles. */
export function attentionHandler({ ctx }: { ctx: Context & { user: SessionUser } }) {
  return readAttention(ctx.deps, { user: ctx.user });
}
