/** Staff's plugin page (`reputation.plugin`): the plugin, its rating and its ratings over time. */
import { AppError, type ReputationPluginInput, type ReputationPluginOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../../platform/deps.ts';
import { readPluginRating } from './read-plugin-rating.ts';
import { readRatingsOverTime } from './read-ratings-over-time.ts';

/**
 * Plugin `pluginId`: name, summary, status, pricing model and price (minor units of `currency`),
 * its creator, its rating (readPluginRating) and the last 12 months of published ratings
 * (readRatingsOverTime). Staff see every plugin, drafts included.
 * @throws AppError NOT_FOUND (no such plugin).
 */
export async function readPluginReputation(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: ReputationPluginInput): Promise<ReputationPluginOutput> {
  const plugin = await deps.prisma.plugin.findUnique({
    where: { id: input.pluginId },
    select: {
      id: true, name: true, summary: true, status: true, pricingModel: true, priceAmount: true, currency: true,
      creator: { select: { id: true, slug: true, displayName: true } },
    },
  });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}` });
  const [rating, overTime] = await Promise.all([
    readPluginRating(deps, { pluginId: plugin.id }),
    readRatingsOverTime(deps, { pluginId: plugin.id }),
  ]);
  return { plugin, rating, overTime };
}
