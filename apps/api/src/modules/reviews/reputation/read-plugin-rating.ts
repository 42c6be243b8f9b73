/**
 * A plugin's rating as buyers and staff see it: PluginRating's one row (kept incrementally by
 * applyRatingChange) and the marketplace's prior, never a scan of reviews.
 */
import { bayesianRating, meanRating, ratingDistribution, ratingPriorOf, type PluginRatingSummary, type RatingPrior } from '@marketdesk/shared';
import type { AppDeps } from '../../../platform/deps.ts';

type Db = Pick<AppDeps, 'prisma'>['prisma'];

const EMPTY_STARS = { count: 0, sum: 0, stars1: 0, stars2: 0, stars3: 0, stars4: 0, stars5: 0 };

/**
 * The marketplace's prior: the mean of every published rating (Σ PluginRating.sum ÷ Σ count; 3
 * with none) and the weight RATING_PRIOR_WEIGHT. One aggregate over PluginRating (one narrow row
 * per rated plugin: ~8k rows in the seeded marketplace, a few milliseconds), read fresh each
 * time so a score never lags a review; if the bench shows it slow, a TTL cache belongs here.
 */
export async function readRatingPrior(deps: { prisma: Db }): Promise<RatingPrior> {
  const totals = await deps.prisma.pluginRating.aggregate({ _sum: { count: true, sum: true } });
  return ratingPriorOf({ count: totals._sum.count ?? 0, sum: totals._sum.sum ?? 0 });
}

/**
 * Plugin `pluginId`'s published rating: count, plain mean (1–5, null with 0 reviews), Bayesian
 * score (bayesianRating with the marketplace prior; the prior mean with 0 reviews), each star's
 * count and share, and the prior used. A plugin without reviews (or unknown) answers count 0;
 * callers check the plugin exists when that matters. Two queries, both by key or tiny.
 */
export async function readPluginRating(deps: { prisma: Db }, input: { pluginId: string }): Promise<PluginRatingSummary> {
  const [row, prior] = await Promise.all([
    deps.prisma.pluginRating.findUnique({
      where: { pluginId: input.pluginId },
      select: { count: true, sum: true, stars1: true, stars2: true, stars3: true, stars4: true, stars5: true },
    }),
    readRatingPrior(deps),
  ]);
  const r = row ?? EMPTY_STARS;
  return {
    pluginId: input.pluginId,
    count: r.count,
    average: meanRating(r),
    score: bayesianRating(r, prior),
    distribution: ratingDistribution(r),
    prior,
  };
}
