/**
 * The public review API (plain HTTP, no session), authenticated by the buyer's license key like
 * the license API: `POST /v1/reviews` (write or edit the buyer's one review of the key's plugin),
 * `POST /v1/reviews/mine` (read it back with its last moderation outcome; a key is a secret, so
 * never in a URL) and `GET /v1/plugins/:pluginId/reviews` (the published reviews, public).
 * Dates are ISO 8601 strings (JSON, signed as sent).
 */
import { z } from 'zod';
import { ZCursor, zId, zText } from '../text.ts';
import { MAX_REVIEW_BODY, REVIEW_MODERATION_ACTIONS, REVIEW_SIGNALS, REVIEW_STATUSES } from './rules.ts';

const ZKey = zText({ min: 1, minMessage: 'key must not be empty', max: 4096, maxMessage: 'key must be at most 4096 characters', isTrimmed: false });
/** Echoed in the signed answer so a captured answer cannot be replayed to another request. */
const ZNonce = zText({ min: 1, max: 256, isTrimmed: false });

/** A rating: a whole number of stars, 1 to 5. */
export const ZReviewRating = z.number({ error: 'rating must be a whole number 1–5' }).int('rating must be a whole number 1–5').min(1, 'rating must be 1–5').max(5, 'rating must be 1–5');
/** A review's text: up to MAX_REVIEW_BODY characters, multi-line, trimmed (empty: a rating alone). */
export const ZReviewBody = zText({ max: MAX_REVIEW_BODY, maxMessage: `body must be at most ${MAX_REVIEW_BODY} characters`, isMultiline: true });
/** The plugin version the buyer rates, as the client names it. */
export const ZReviewPluginVersion = zText({ min: 1, minMessage: 'pluginVersion must not be empty', max: 64, maxMessage: 'pluginVersion must be at most 64 characters' });

/** `POST /v1/reviews` body: the buyer's rating and optional text of the key's plugin. */
export const ZReviewWriteRequest = z.object({
  key: ZKey,
  rating: ZReviewRating,
  body: ZReviewBody.optional(),
  pluginVersion: ZReviewPluginVersion.optional(),
  nonce: ZNonce.optional(),
});
export type ReviewWriteRequest = z.infer<typeof ZReviewWriteRequest>;

/** `POST /v1/reviews/mine` body. */
export const ZMyReviewRequest = z.object({ key: ZKey, nonce: ZNonce.optional() });
export type MyReviewRequest = z.infer<typeof ZMyReviewRequest>;

/** The creator's reply under a review. */
export const ZPublicReviewReply = z.object({ body: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type PublicReviewReply = z.infer<typeof ZPublicReviewReply>;

/** The last moderator decision on a review, as its author sees it (never the moderator). */
export const ZReviewOutcome = z.object({
  action: z.enum(REVIEW_MODERATION_ACTIONS),
  /** The moderator's message to the author and the creator. */
  message: z.string(),
  /** The canned reason's label, when the moderator chose one. */
  reasonLabel: z.string().nullable(),
  decidedAt: z.string(),
});
export type ReviewOutcome = z.infer<typeof ZReviewOutcome>;

/** Why a held review waits for a moderator, in plain words (never the matched text). */
export const ZReviewHold = z.object({
  signals: z.array(z.enum(REVIEW_SIGNALS)),
  detail: z.string(),
});

/** The author's own review, as `POST /v1/reviews` and `/v1/reviews/mine` answer it. */
export const ZOwnPublicReview = z.object({
  id: z.string(),
  pluginId: z.string(),
  rating: z.number().int(),
  body: z.string(),
  pluginVersion: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES),
  /** 1 = never edited. */
  revision: z.number().int(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  /** Set while the review is HELD: why it is hidden until a moderator decides. */
  hold: ZReviewHold.nullable(),
  reply: ZPublicReviewReply.nullable(),
  moderation: ZReviewOutcome.nullable(),
});
export type OwnPublicReview = z.infer<typeof ZOwnPublicReview>;

/** Signed answer of `POST /v1/reviews` and `POST /v1/reviews/mine` (the route adds `ts` and `nonce`). */
export const ZReviewApiResponse = z.object({ review: ZOwnPublicReview.nullable(), ts: z.string(), nonce: z.string().nullable() });
export type ReviewApiResponse = z.infer<typeof ZReviewApiResponse>;

/** `GET /v1/plugins/:pluginId/reviews` path. */
export const ZPluginReviewsParams = z.object({ pluginId: zId() });
/** `GET /v1/plugins/:pluginId/reviews` query: a page of `limit` (1–50, default 20) after `cursor`. */
export const ZPluginReviewsQuery = z.object({
  cursor: ZCursor.optional(),
  limit: z.coerce.number({ error: 'limit must be a whole number 1–50' }).int('limit must be a whole number 1–50').min(1, 'limit must be 1–50').max(50, 'limit must be 1–50').default(20),
});
export type PluginReviewsQuery = z.infer<typeof ZPluginReviewsQuery>;

/** One published review in the public list; the reviewer is a non-identifying label, never an email. */
export const ZPublicReview = z.object({
  id: z.string(),
  rating: z.number().int(),
  body: z.string(),
  pluginVersion: z.string().nullable(),
  /** "Verified buyer · J." — every reviewer holds or held a license of the plugin. */
  reviewer: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  reply: ZPublicReviewReply.nullable(),
});
export type PublicReview = z.infer<typeof ZPublicReview>;

/** The plugin's rating block of the public list: reputation's readPluginRating without the prior. */
export const ZPublicPluginRating = z.object({
  count: z.number().int(),
  /** Plain mean of the published ratings, null with none. */
  average: z.number().nullable(),
  /** Bayesian score 1–5 (docs/reviews.md): what ranking reads. */
  score: z.number(),
  /** Published reviews per star, 1 to 5, with their share (0–1). */
  distribution: z.array(z.object({ stars: z.number().int(), count: z.number().int(), share: z.number() })),
});
export type PublicPluginRating = z.infer<typeof ZPublicPluginRating>;

/** `GET /v1/plugins/:pluginId/reviews` answer. */
export const ZPluginReviewsResponse = z.object({
  pluginId: z.string(),
  rating: ZPublicPluginRating,
  reviews: z.array(ZPublicReview),
  nextCursor: z.string().nullable(),
});
export type PluginReviewsResponse = z.infer<typeof ZPluginReviewsResponse>;
