/**
 * The public page of a plugin's reviews (GET /v1/plugins/:pluginId/reviews): PUBLISHED reviews
 * only, newest first, keyset-paginated on (createdAt, id) — the Review index
 * (pluginId, status, createdAt, id) serves it — with the plugin's rating block.
 */
import { AppError, type PluginReviewsResponse } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/db/pagination.ts';
import { readPluginRating } from './reputation/read-plugin-rating.ts';

/** Every reviewer holds or held a license of the plugin. */
const VERIFIED_BUYER = 'Verified buyer';

/**
 * How the public names a reviewer without identifying them: "Verified buyer · J." from the first
 * letter or digit of the email's local part, or "Verified buyer" alone when it has none. Never
 * the email, its domain or the license.
 */
export function reviewerLabelOf(buyerEmail: string): string {
  const initial = /[\p{L}\p{N}]/u.exec(buyerEmail.split('@')[0] ?? '')?.[0];
  return initial ? `${VERIFIED_BUYER} · ${initial.toLocaleUpperCase('en')}.` : VERIFIED_BUYER;
}

/**
 * One page of plugin `pluginId`'s published reviews, `limit` (1–50) after `cursor` (an opaque
 * keyset cursor from `nextCursor`), each with its reply; plus readPluginRating's count, mean,
 * Bayesian score and distribution. A plugin that does not exist or is not published (draft,
 * delisted) is NOT_FOUND, as the public catalog hides it.
 * @throws AppError NOT_FOUND (field `pluginId`); INVALID_INPUT (field `cursor`) for a cursor this list did not issue.
 */
export async function listPluginReviews(deps: Pick<AppDeps, 'prisma'>, input: { pluginId: string; cursor?: string; limit: number }): Promise<PluginReviewsResponse> {
  const after = input.cursor ? decodeKeysetCursor(input.cursor, 'this list of reviews') : null;
  const plugin = await deps.prisma.plugin.findFirst({ where: { id: input.pluginId, status: 'PUBLISHED' }, select: { id: true } });
  if (!plugin) throw new AppError('NOT_FOUND', { message: 'No such plugin', field: 'pluginId' });
  const [rows, rating] = await Promise.all([
    deps.prisma.review.findMany({
      where: {
        pluginId: plugin.id, status: 'PUBLISHED',
        ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: input.limit + 1,
      select: { id: true, rating: true, body: true, pluginVersion: true, buyerEmail: true, createdAt: true, editedAt: true, reply: { select: { body: true, createdAt: true, updatedAt: true } } },
    }),
    readPluginRating(deps, { pluginId: plugin.id }),
  ]);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    pluginId: plugin.id,
    rating: { count: rating.count, average: rating.average, score: rating.score, distribution: rating.distribution },
    reviews: items.map((r) => ({
      id: r.id, rating: r.rating, body: r.body, pluginVersion: r.pluginVersion, reviewer: reviewerLabelOf(r.buyerEmail),
      createdAt: r.createdAt.toISOString(), editedAt: r.editedAt?.toISOString() ?? null,
      reply: r.reply ? { body: r.reply.body, createdAt: r.reply.createdAt.toISOString(), updatedAt: r.reply.updatedAt.toISOString() } : null,
    })),
    nextCursor: rows.length > input.limit && last ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
