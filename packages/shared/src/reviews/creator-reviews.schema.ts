/**
 * A creator's view of the reviews of their own plugins (`reviews.own`, `reviews.ownSummary`), their
 * one reply per review (`reviews.reply`), and staff's list of one plugin's reviews
 * (`reviews.forPlugin`). A creator never sees a buyer's email (the author is "Verified buyer"),
 * nor the text of a review that is not published: a held, hidden or deleted review is held or
 * removed for what its text holds (a leaked key, someone's email or phone number, abuse).
 */
import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { ZRatingMonth } from './reputation.schema.ts';
import { MAX_REVIEW_REPLY, REVIEW_MODERATION_ACTIONS, REVIEW_SIGNALS, REVIEW_STATUSES } from './rules.ts';

/** How the console names a review's author to a creator: every reviewer holds or held a license. */
export const REVIEW_AUTHOR_LABEL = 'Verified buyer';

const ZStatus = z.enum(REVIEW_STATUSES);
const ZStars = z.number().int().min(1, 'must be 1–5').max(5, 'must be 1–5');

/** `reviews.reply` body: 1–MAX_REVIEW_REPLY characters of multi-line text (trimmed). */
export const ZReviewReplyBody = zText({ min: 1, minMessage: 'Write a reply', max: MAX_REVIEW_REPLY, maxMessage: `must be at most ${MAX_REVIEW_REPLY} characters`, isMultiline: true });

/** `reviews.own`: the creator's own plugins' reviews, newest first; a page of `limit` after `cursor` (a review id from `nextCursor`). */
export const ZOwnReviewsInput = z.object({
  /** One of the creator's plugins (another creator's is NOT_FOUND). */
  pluginId: zId().optional(),
  stars: ZStars.optional(),
  status: ZStatus.optional(),
  /** true: answered reviews only; false: unanswered only. */
  hasReply: z.boolean().optional(),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 20),
});
export type OwnReviewsInput = z.input<typeof ZOwnReviewsInput>;

/** The creator's reply as shown under a review. */
export const ZCreatorReviewReply = z.object({
  body: z.string(),
  createdAt: z.date(),
  /** Last edit (equal to createdAt until edited). */
  updatedAt: z.date(),
});
export type CreatorReviewReply = z.infer<typeof ZCreatorReviewReply>;

/** The latest moderator decision on a review, as the creator sees it (never the moderator). */
export const ZCreatorReviewOutcome = z.object({
  action: z.enum(REVIEW_MODERATION_ACTIONS),
  /** The canned reason's label, when the moderator chose one. */
  reasonLabel: z.string().nullable(),
  /** The moderator's message to the author and the creator. */
  message: z.string(),
  decidedAt: z.date(),
});
export type CreatorReviewOutcome = z.infer<typeof ZCreatorReviewOutcome>;

/** One review of the creator's plugin. */
export const ZCreatorReview = z.object({
  id: z.string(),
  plugin: z.object({ id: z.string(), name: z.string() }),
  /** Always REVIEW_AUTHOR_LABEL: a creator never sees the buyer's email. */
  authorLabel: z.string(),
  rating: z.number().int(),
  /** The text of a PUBLISHED review; null for HELD, HIDDEN and DELETED ones. */
  body: z.string().nullable(),
  pluginVersion: z.string().nullable(),
  status: ZStatus,
  createdAt: z.date(),
  editedAt: z.date().nullable(),
  /** The latest decision on a HIDDEN, DELETED or kept review; null when none. */
  outcome: ZCreatorReviewOutcome.nullable(),
  reply: ZCreatorReviewReply.nullable(),
  /** True when the creator may reply (or edit the reply): the review is PUBLISHED. */
  canReply: z.boolean(),
});
export type CreatorReview = z.infer<typeof ZCreatorReview>;

export const ZOwnReviewsOutput = z.object({ items: z.array(ZCreatorReview), nextCursor: z.string().nullable() });
export type OwnReviewsOutput = z.infer<typeof ZOwnReviewsOutput>;

/** `reviews.ownSummary`: one of the creator's plugins, or all of them. */
export const ZOwnReviewSummaryInput = z.object({ pluginId: zId().optional() });
export type OwnReviewSummaryInput = z.input<typeof ZOwnReviewSummaryInput>;

/** A plugin's published ratings. */
export const ZOwnPluginRating = z.object({
  pluginId: z.string(),
  pluginName: z.string(),
  /** Published reviews. */
  count: z.number().int(),
  /** Mean stars (1–5) of the published reviews, null without any. */
  average: z.number().nullable(),
  /** The Bayesian rating, 1–5 (bayesianRating with the marketplace prior; the prior's mean without reviews). */
  score: z.number(),
  /** Published reviews per star: index 0 = 1 star … index 4 = 5 stars. */
  distribution: z.array(z.number().int()).length(5),
});
export type OwnPluginRating = z.infer<typeof ZOwnPluginRating>;

export const ZOwnReviewSummaryOutput = z.object({
  /** Every plugin of the creator (or the one asked for), by name. */
  plugins: z.array(ZOwnPluginRating),
  /** Published ratings per month ('YYYY-MM') of the plugin asked for, or of all the creator's plugins: the last 12 months, oldest first. */
  overTime: z.array(ZRatingMonth),
});
export type OwnReviewSummaryOutput = z.infer<typeof ZOwnReviewSummaryOutput>;

/** `reviews.reply`: writes the creator's one reply to a published review of their own plugin, or edits it. */
export const ZReviewReplyInput = z.object({ reviewId: zId(), body: ZReviewReplyBody });
export type ReviewReplyInput = z.input<typeof ZReviewReplyInput>;

/** `reviews.forPlugin` (staff): all reviews of one plugin, newest first; `cursor` is a review id from `nextCursor`. */
export const ZStaffPluginReviewsInput = z.object({
  pluginId: zId(),
  status: ZStatus.optional(),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 20),
});
export type StaffPluginReviewsInput = z.input<typeof ZStaffPluginReviewsInput>;

/** One review as staff see it on the plugin page. */
export const ZStaffPluginReview = z.object({
  id: z.string(),
  rating: z.number().int(),
  body: z.string(),
  pluginVersion: z.string().nullable(),
  status: ZStatus,
  signals: z.array(z.enum(REVIEW_SIGNALS)),
  /** Open reports. */
  reportCount: z.number().int(),
  /** In the moderation queue since; null when not queued. */
  queuedAt: z.date().nullable(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
  reply: ZCreatorReviewReply.nullable(),
});
export type StaffPluginReview = z.infer<typeof ZStaffPluginReview>;

export const ZStaffPluginReviewsOutput = z.object({ items: z.array(ZStaffPluginReview), nextCursor: z.string().nullable() });
export type StaffPluginReviewsOutput = z.infer<typeof ZStaffPluginReviewsOutput>;
