/**
 * A creator's list of the reviews of their own plugins, newest first, keyset-paginated on
 * (createdAt, id) over the (creatorId, createdAt) index.
 */
import { AppError, type OwnReviewsInput, type OwnReviewsOutput } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';
import type { CreatorReviewsDeps } from './deps.ts';
import { creatorReviewSelect, toCreatorReview } from './creator-review-view.ts';

/**
 * Reviews of creator `creatorId`'s plugins (null: a creator user without a creator account, who
 * owns none), filtered by `pluginId`, `stars` (1–5), `status` and `hasReply`; `limit` after
 * `cursor` (the id of the last review of the previous page).
 * @returns `{ items, nextCursor }` — texts of reviews that are not PUBLISHED are null (toCreatorReview).
 * @throws AppError NOT_FOUND (field pluginId) for a plugin that is not the creator's, (field cursor)
 *   for a cursor that is not one of the creator's reviews — worded as for an id that never existed.
 */
export async function listOwnReviews(deps: CreatorReviewsDeps, input: Required<Pick<OwnReviewsInput, 'limit'>> & OwnReviewsInput & { creatorId: string | null }): Promise<OwnReviewsOutput> {
  const { creatorId } = input;
  if (input.pluginId) {
    const plugin = creatorId ? await deps.prisma.plugin.findFirst({ where: { id: input.pluginId, creatorId }, select: { id: true } }) : null;
    if (!plugin) throw new AppError('NOT_FOUND', { message: `No plugin ${input.pluginId}`, field: 'pluginId' });
  }
  const filters: Prisma.ReviewWhereInput[] = [];
  if (input.cursor) {
    const after = creatorId ? await deps.prisma.review.findFirst({ where: { id: input.cursor, creatorId }, select: { id: true, createdAt: true } }) : null;
    if (!after) throw new AppError('NOT_FOUND', { message: `No review ${input.cursor}`, field: 'cursor' });
    filters.push({ createdAt: { lte: after.createdAt } }, { OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] });
  }
  if (!creatorId) return { items: [], nextCursor: null };
  if (input.pluginId) filters.push({ pluginId: input.pluginId });
  if (input.stars) filters.push({ rating: input.stars });
  if (input.status) filters.push({ status: input.status });
  if (input.hasReply !== undefined) filters.push({ reply: input.hasReply ? { isNot: null } : { is: null } });
  const rows = await deps.prisma.review.findMany({
    where: { creatorId, AND: filters },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: creatorReviewSelect,
  });
  const items = rows.slice(0, input.limit).map(toCreatorReview);
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.id : null };
}
