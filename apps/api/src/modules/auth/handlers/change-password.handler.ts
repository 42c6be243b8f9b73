import type { ChangePasswordInput, SessionUser } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { changePassword } from '../change-password.ts';

export function changePasswordHandler({ ctx, input }: { ctx: Context & { user: SessionUser; sessionId: string }; input: ChangePasswordInput }) {
  return changePassword(ctx.deps, { actor: actorFrom(ctx), sessionId: ctx.sessionId, ...input });
}
