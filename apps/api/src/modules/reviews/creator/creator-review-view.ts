/**
 * What a creator sees of a review of their own plugin: the select that reads it (never the buyer's
 * email) and the mapping that blanks the text of a review that is not published — a review is
 * held, hidden or deleted for what its text holds (a leaked key, someone's email, abuse), so the
 * creator sees that it is held, or the moderator's outcome, and not the text.
 */
import { REVIEW_AUTHOR_LABEL, type CreatorReview } from '@marketdesk/shared';
import type { Prisma } from '../../../generated/prisma/client.ts';

export const replySelect = { select: { body: true, createdAt: true, updatedAt: true } } as const;

export const creatorReviewSelect = {
  id: true,
  rating: true,
  body: true,
  pluginVersion: true,
  status: true,
  createdAt: true,
  editedAt: true,
  plugin: { select: { id: true, name: true } },
  reply: replySelect,
  // The latest decision only: what the creator is told of the moderation.
  moderations: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { action: true, message: true, createdAt: true, reason: { select: { label: true } } } },
} as const satisfies Prisma.ReviewSelect;

type CreatorReviewRow = Prisma.ReviewGetPayload<{ select: typeof creatorReviewSelect }>;

/** The creator's view of `row` (selected with creatorReviewSelect). */
export function toCreatorReview(row: CreatorReviewRow): CreatorReview {
  const decision = row.moderations[0];
  const isPublished = row.status === 'PUBLISHED';
  return {
    id: row.id,
    plugin: row.plugin,
    authorLabel: REVIEW_AUTHOR_LABEL,
    rating: row.rating,
    body: isPublished ? row.body : null,
    pluginVersion: row.pluginVersion,
    status: row.status,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    outcome: decision ? { action: decision.action, reasonLabel: decision.reason?.label ?? null, message: decision.message, decidedAt: decision.createdAt } : null,
    reply: row.reply,
    canReply: isPublished,
  };
}
