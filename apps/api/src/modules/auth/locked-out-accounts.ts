/**
 * Accounts the sign-in throttle currently refuses: an (email, client IP) counter that has used
 * its window's attempts (sign-in.ts MAX_FAILED_SIGN_INS per THROTTLE_WINDOW_SECONDS), so the
 * next sign-in for that email from that network is refused until the window ends. The account
 * itself is never locked (sign-in.ts): this is for an admin answering "I cannot sign in".
 * Known-client counters name a browser, not an email, and are not attributed to an account.
 */
import type { AppDeps } from '../../platform/deps.ts';
import { emailOfPairKey, MAX_FAILED_SIGN_INS, PAIR_KEY_PREFIX } from './sign-in.ts';
import { THROTTLE_WINDOW_SECONDS } from './sign-in-throttle.ts';

/**
 * Emails (lowercase, as sign-in keys them; some may have no account) whose pair counter has
 * MAX_FAILED_SIGN_INS or more attempts in a window still running at `deps.clock.now()`.
 * Reads SignInThrottle, which the hourly purge keeps to the last window's rows.
 */
export async function listLockedOutEmails(deps: Pick<AppDeps, 'prisma' | 'clock'>): Promise<string[]> {
  const windowOverBefore = new Date(deps.clock.now().getTime() - THROTTLE_WINDOW_SECONDS * 1000);
  const rows = await deps.prisma.signInThrottle.findMany({
    where: { key: { startsWith: PAIR_KEY_PREFIX }, attempts: { gte: MAX_FAILED_SIGN_INS }, windowStart: { gt: windowOverBefore } },
    select: { key: true },
  });
  return [...new Set(rows.map((row) => emailOfPairKey(row.key)))];
}
