import type { Context } from '../../../platform/trpc/context.ts';
import { signOut } from '../sign-out.ts';

export async function signOutHandler({ ctx }: { ctx: Context & { sessionId: string } }) {
  await signOut(ctx.deps, { sessionId: ctx.sessionId });
  ctx.clearSessionCookie();
  return { ok: true as const };
}
