/**
 * Attempt counters for sign-in (and the current-password check of a password change), kept in
 * `SignInThrottle` so that every API process shares them. An attempt is counted atomically
 * BEFORE the password is checked — one `INSERT … ON CONFLICT DO UPDATE … RETURNING` row lock per
 * key — so N concurrent guesses get counts 1…N and only those within the limit are evaluated,
 * on PostgreSQL with a pool as on PGlite. Fixed windows: a key's window starts at its first
 * attempt and a new one starts once it is over; refused attempts are counted but never move the
 * window, so a lock does not extend itself.
 */
import { AppError } from '@marketdesk/shared';
import { Prisma } from '../../generated/prisma/client.ts';

export const THROTTLE_WINDOW_SECONDS = 15 * 60;

/** One counter an attempt is charged to, and how many attempts its window allows. */
export interface ThrottleRule {
  key: string;
  limit: number;
  /** Shown (and logged) when this rule refuses, e.g. "Too many failed sign-ins for this email from your network". */
  message: string;
}

/**
 * Charges one attempt at `now` to every rule's key.
 * @throws AppError RATE_LIMITED (with retryAfterSeconds: the end of the longest-running
 *   exceeded window, at least 1) when any key's count is over its limit; the attempt must then
 *   not be evaluated.
 */
export async function chargeAttempt(db: Prisma.TransactionClient, { rules, now }: { rules: ThrottleRule[]; now: Date }): Promise<void> {
  // Sorted keys: concurrent charges lock rows in one order, so they cannot deadlock.
  const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const windowOverBefore = new Date(now.getTime() - THROTTLE_WINDOW_SECONDS * 1000);
  const rows = await db.$queryRaw<{ key: string; attempts: number; windowStart: Date }[]>`
    INSERT INTO "SignInThrottle" AS t (key, "windowStart", attempts)
    VALUES ${Prisma.join(sorted.map((rule) => Prisma.sql`(${rule.key}, ${now}, 1)`))}
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN t."windowStart" <= ${windowOverBefore} THEN 1 ELSE t.attempts + 1 END,
      "windowStart" = CASE WHEN t."windowStart" <= ${windowOverBefore} THEN EXCLUDED."windowStart" ELSE t."windowStart" END
    RETURNING key, attempts, "windowStart"`;
  let refusal: { rule: ThrottleRule; retryAfterSeconds: number } | null = null;
  for (const row of rows) {
    const rule = sorted.find((r) => r.key === row.key)!;
    if (Number(row.attempts) <= rule.limit) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + THROTTLE_WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
    if (!refusal || retryAfterSeconds > refusal.retryAfterSeconds) refusal = { rule, retryAfterSeconds };
  }
  if (refusal) {
    throw new AppError('RATE_LIMITED', {
      message: `${refusal.rule.message}; try again in ${Math.ceil(refusal.retryAfterSeconds / 60)} minute(s)`,
      retryAfterSeconds: refusal.retryAfterSeconds,
    });
  }
}

/**
 * After a successful attempt: clears `resetKeys` (the counters of this email from this client)
 * and gives back the attempt charged to each of `refundKeys` (a client's count is of failures,
 * so that an office behind one address can sign in all day).
 */
export async function settleSuccessfulAttempt(db: Prisma.TransactionClient, { resetKeys, refundKeys }: { resetKeys: string[]; refundKeys: string[] }): Promise<void> {
  if (resetKeys.length > 0) await db.signInThrottle.deleteMany({ where: { key: { in: resetKeys } } });
  if (refundKeys.length > 0) await db.signInThrottle.updateMany({ where: { key: { in: refundKeys }, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}
