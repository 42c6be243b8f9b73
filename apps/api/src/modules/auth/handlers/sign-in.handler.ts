import type { SignInInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { KNOWN_CLIENT_TTL_SECONDS } from '../known-client.ts';
import { signIn } from '../sign-in.ts';

export async function signInHandler({ ctx, input }: { ctx: Context; input: SignInInput }) {
  const { user, token, knownClientToken } = await signIn(ctx.deps, {
    email: input.email,
    password: input.password,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    knownClientToken: ctx.knownClientToken,
  });
  ctx.setSessionCookie(token, ctx.deps.sessionKeys.ttlSeconds);
  ctx.setKnownClientCookie(knownClientToken, KNOWN_CLIENT_TTL_SECONDS);
  ctx.deps.log.info({ requestId: ctx.requestId, userId: user.id }, 'signed in');
  return user;
}
