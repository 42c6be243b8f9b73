import type { SignInInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { signIn } from '../sign-in.ts';

export async function signInHandler({ ctx, input }: { ctx: Context; input: SignInInput }) {
  const { user, token } = await signIn(ctx.deps, { email: input.email, password: input.password, ip: ctx.ip });
  ctx.setSessionCookie(token, ctx.deps.sessionKeys.ttlSeconds);
  ctx.deps.log.info({ requestId: ctx.requestId, userId: user.id }, 'signed in');
  return user;
}
