/** What the buyer-review queue's services take: the database and the time (claims expire). */
import type { AppDeps } from '../../../platform/deps.ts';

export type ReviewQueueDeps = Pick<AppDeps, 'prisma' | 'clock'>;

/** A claim on a review lasts 10 minutes unless the open page renews it, like a submission's. */
export const REVIEW_CLAIM_TTL_SECONDS = 10 * 60;

/** The live claim of a row (holder and expiry), or null when there is none or it ran out at `now`. */
export function liveClaim(row: { claimedById: string | null; claimExpiresAt: Date | null; claimedBy: { name: string } | null }, now: Date) {
  return row.claimedById && row.claimExpiresAt && row.claimExpiresAt > now
    ? { holderId: row.claimedById, holderName: row.claimedBy?.name ?? '', expiresAt: row.claimExpiresAt }
    : null;
}

/** Whole minutes from `now` until `until`, at least 1. */
export function minutesUntil(until: Date | null, now: Date): number {
  return Math.max(1, Math.ceil(((until?.getTime() ?? now.getTime()) - now.getTime()) / 60_000));
}
