/**
 * `seeding.status`: whether the demo seed `npm start` runs on an empty database is still going,
 * for the console's "still seeding" notice (finance figures fill in while it runs).
 */
import { z } from 'zod';

/** Null when no seed runs in the process serving the console, else its current phase. */
export const ZSeedStatusOutput = z.object({
  /** The phase as the terminal prints it, e.g. 'purchases, refunds, disputes, payouts'. */
  phase: z.string(),
  /** Items of the phase done so far. */
  done: z.number().int().nonnegative(),
  /** Items in the phase; 0 when the phase does not count them. */
  total: z.number().int().nonnegative(),
  /** When the seed began. */
  startedAt: z.date(),
}).nullable();
export type SeedStatusOutput = z.infer<typeof ZSeedStatusOutput>;

/**
 * Whole percent of a phase done, rounded down (99 % until the last item), as both the seed's
 * progress lines and the console's notice show it; null when `total` is 0 (not counted).
 */
export function percentDone(done: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.floor((100 * done) / total);
}
