import type { z } from 'zod';
import type { SessionUser, ZUsersResetPasswordInput, ZUsersSetDisabledInput, ZUsersSetRolesInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { changeUserAccess } from '../change-user-access.ts';
import { resetPassword } from '../reset-password.ts';

type AuthedContext = Context & { user: SessionUser };

export function setRolesHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZUsersSetRolesInput> }) {
  return changeUserAccess(ctx.deps, { actor: actorFrom(ctx), userId: input.userId, change: { kind: 'setRoles', roles: input.roles }, reason: input.reason });
}

export function disableUserHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZUsersSetDisabledInput> }) {
  return changeUserAccess(ctx.deps, { actor: actorFrom(ctx), userId: input.userId, change: { kind: 'disable' }, reason: input.reason });
}

export function enableUserHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZUsersSetDisabledInput> }) {
  return changeUserAccess(ctx.deps, { actor: actorFrom(ctx), userId: input.userId, change: { kind: 'enable' }, reason: input.reason });
}

export function resetPasswordHandler({ ctx, input }: { ctx: AuthedContext; input: z.output<typeof ZUsersResetPasswordInput> }) {
  return resetPassword(ctx.deps, { actor: actorFrom(ctx), userId: input.userId, newPassword: input.newPassword, reason: input.reason });
}
