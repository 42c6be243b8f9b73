import type { SessionUser } from '@marketdesk/shared';
import type { Actor } from '../../modules/audit/index.ts';
import type { Context } from './context.ts';

/** The audit actor for a signed-in request. */
export function actorFrom(ctx: Context & { user: SessionUser }): Actor {
  return { userId: ctx.user.id, email: ctx.user.email, requestId: ctx.requestId, ip: ctx.ip };
}
