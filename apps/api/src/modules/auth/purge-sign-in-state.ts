import type { AppDeps } from '../../platform/deps.ts';
import { THROTTLE_WINDOW_SECONDS } from './sign-in-throttle.ts';

/** How long an expired or ended session's row is kept for people looking into an account, days. */
export const SESSION_RETENTION_DAYS = 30;
/** How often every API process purges, ms (a DELETE by time: processes running it at once do no harm). */
export const PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Deletes throttle counters whose 15-minute window is over at `deps.clock.now()` (a new attempt
 * would start a new window anyway) and sessions that expired more than 30 days ago.
 * @returns how many rows of each went.
 */
export async function purgeSignInState(deps: Pick<AppDeps, 'prisma' | 'clock'>): Promise<{ throttles: number; sessions: number }> {
  const now = deps.clock.now().getTime();
  const throttles = await deps.prisma.signInThrottle.deleteMany({ where: { windowStart: { lte: new Date(now - THROTTLE_WINDOW_SECONDS * 1000) } } });
  const sessions = await deps.prisma.session.deleteMany({ where: { expiresAt: { lt: new Date(now - SESSION_RETENTION_DAYS * 24 * 3600 * 1000) } } });
  return { throttles: throttles.count, sessions: sessions.count };
}
