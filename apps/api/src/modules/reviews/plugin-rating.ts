/**
 * A plugin's published ratings (PluginRating: count, sum, count per star), kept incrementally in
 * the transaction that changes a review, so the plugin's rating is one row read, never a scan of
 * its reviews. Only PUBLISHED reviews count.
 */
import type { Prisma } from '../../generated/prisma/client.ts';
import type { ReviewStatus } from '@marketdesk/shared';

/** A review's rating and status before or after a change; null: the review did not exist (or is gone). */
export interface RatedState {
  rating: number;
  status: ReviewStatus;
}

const STAR_COLUMNS = ['stars1', 'stars2', 'stars3', 'stars4', 'stars5'] as const;

/**
 * Moves plugin `pluginId`'s PluginRating from a review's `from` state to its `to` state: takes
 * the old rating out when it was published, adds the new one when it is. Call inside the
 * transaction that writes the review, after locking it (the upsert is atomic per plugin row).
 * Ratings outside 1–5 throw (the schema and a CHECK constraint refuse them before this).
 */
export async function applyRatingChange(tx: Prisma.TransactionClient, input: { pluginId: string; from: RatedState | null; to: RatedState | null }): Promise<void> {
  const delta = { count: 0, sum: 0, stars: [0, 0, 0, 0, 0] };
  const add = (state: RatedState | null, sign: 1 | -1) => {
    if (!state || state.status !== 'PUBLISHED') return;
    if (!Number.isInteger(state.rating) || state.rating < 1 || state.rating > 5) throw new Error(`Rating ${state.rating} is outside 1–5`);
    delta.count += sign;
    delta.sum += sign * state.rating;
    delta.stars[state.rating - 1]! += sign;
  };
  add(input.from, -1);
  add(input.to, 1);
  if (delta.count === 0 && delta.sum === 0) return;
  const increments = Object.fromEntries(STAR_COLUMNS.map((c, i) => [c, { increment: delta.stars[i]! }]));
  const initial = Object.fromEntries(STAR_COLUMNS.map((c, i) => [c, delta.stars[i]!]));
  await tx.pluginRating.upsert({
    where: { pluginId: input.pluginId },
    create: { pluginId: input.pluginId, count: delta.count, sum: delta.sum, ...initial },
    update: { count: { increment: delta.count }, sum: { increment: delta.sum }, ...increments },
  });
}
