/** Staff's list of one plugin's reviews (any status), newest first, for the plugin page. */
import { AppError, type StaffPluginReviewsInput, type StaffPluginReviewsOutput } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';
import type { CreatorReviewsDeps } from './deps.ts';
import { replySelect } from './creator-review-view.ts';

/**
 * Reviews of plugin `pluginId`, optionally of one `status`, with their signals, open reports and
 * reply; `limit` after `cursor` (the id of the last review of the previous page), keyset on
 * (createdAt, id) over the (pluginId, status, createdAt, id) index when a status is given.
 * @returns `{ items, nextCursor }`.
 * @throws AppError NOT_FOUND (field pluginId) for a plugin that does not exist; (field cursor) for
 *   a cursor that is not a review of the plugin.
 */
export async function listPluginReviews(deps: CreatorReviewsDeps, input: Required<Pick<StaffPluginReviewsInput, 'limit'>> & StaffPluginReviewsInput): Promise<StaffPluginReviewsOutput> {
  const plugin = await deps.prisma.plugin.findUnique({ where: { id: input.pluginId }, select: { id: true } });
  if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}`, field: 'pluginId' });
  const filters: Prisma.ReviewWhereInput[] = [];
  if (input.cursor) {
    const after = await deps.prisma.review.findFirst({ where: { id: input.cursor, pluginId: plugin.id }, select: { id: true, createdAt: true } });
    if (!after) throw new AppError('NOT_FOUND', { message: `No review ${input.cursor}`, field: 'cursor' });
    filters.push({ createdAt: { lte: after.createdAt } }, { OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] });
  }
  if (input.status) filters.push({ status: input.status });
  const rows = await deps.prisma.review.findMany({
    where: { pluginId: plugin.id, AND: filters },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: { id: true, rating: true, body: true, pluginVersion: true, status: true, signals: true, reportCount: true, queuedAt: true, createdAt: true, editedAt: true, reply: replySelect },
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.id : null };
}
