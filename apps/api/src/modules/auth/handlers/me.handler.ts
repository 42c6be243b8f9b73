import { AppError, type SessionEndReason } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { authenticateSession } from '../../../platform/sessions.ts';

/**
 * The signed-in user, or null when there is no valid session (never an error: the console asks
 * this first); with a genuine token of an ended session, also why it ended (sessionEndReason).
 */
export async function meHandler({ ctx }: { ctx: Context }) {
  const stripeMode = ctx.deps.stripe?.mode ?? (ctx.deps.config.stripeSecretKey ? 'stripe' : 'emulator');
  try {
    return { user: await authenticateSession(ctx.deps, ctx.sessionToken), stripeMode };
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
      if (ctx.sessionToken) ctx.clearSessionCookie();
      return { user: null, stripeMode, sessionEndReason: (error.sessionEndReason as SessionEndReason | undefined) ?? null };
    }
    throw error;
  }
}
