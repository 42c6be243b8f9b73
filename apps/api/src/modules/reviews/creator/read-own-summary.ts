/**
 * A creator's ratings summary: per plugin the published count, average, Bayesian score and
 * distribution (one PluginRating row each, kept incrementally, and the marketplace prior read once),
 * and the ratings per month over the last 12 months (readRatingsOverTime).
 */
import { AppError, bayesianRating, meanRating, type OwnReviewSummaryInput, type OwnReviewSummaryOutput } from '@marketdesk/shared';
import { readRatingPrior } from '../reputation/read-plugin-rating.ts';
import { readRatingsOverTime } from '../reputation/read-ratings-over-time.ts';
import type { CreatorReviewsDeps } from './deps.ts';

const NO_RATINGS = { count: 0, sum: 0, stars1: 0, stars2: 0, stars3: 0, stars4: 0, stars5: 0 };

/**
 * The ratings of creator `creatorId`'s plugins (null: no creator account, no plugins), or of
 * `pluginId` alone.
 * @returns `{ plugins, overTime }`: every plugin by name (count 0, average null and the prior's
 *   mean as score without a published review), and 12 months of ratings, oldest first.
 * @throws AppError NOT_FOUND (field pluginId) for a plugin that is not the creator's.
 */
export async function readOwnSummary(deps: CreatorReviewsDeps, input: OwnReviewSummaryInput & { creatorId: string | null }): Promise<OwnReviewSummaryOutput> {
  const { creatorId } = input;
  const plugins = creatorId
    ? await deps.prisma.plugin.findMany({
      where: { creatorId, ...(input.pluginId ? { id: input.pluginId } : {}) },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, rating: { select: { count: true, sum: true, stars1: true, stars2: true, stars3: true, stars4: true, stars5: true } } },
    })
    : [];
  if (input.pluginId && plugins.length === 0) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}`, field: 'pluginId' });
  if (!creatorId) return { plugins: [], overTime: [] };
  const [prior, overTime] = await Promise.all([
    readRatingPrior(deps),
    readRatingsOverTime(deps, input.pluginId ? { pluginId: input.pluginId } : { creatorId }),
  ]);
  return {
    plugins: plugins.map((p) => {
      const r = p.rating ?? NO_RATINGS;
      return { pluginId: p.id, pluginName: p.name, count: r.count, average: meanRating(r), score: bayesianRating(r, prior), distribution: [r.stars1, r.stars2, r.stars3, r.stars4, r.stars5] };
    }),
    overTime,
  };
}
