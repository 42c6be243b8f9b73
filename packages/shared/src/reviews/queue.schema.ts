/**
 * The buyer-review moderation queue (`reviewQueue.*`): reviews the automatic checks flagged or
 * buyers and creators reported wait here, oldest first, until a moderator keeps, hides or deletes
 * them. Like the submission queue: a claim (holder + expiry) and a version, so a decision made on a
 * stale page is refused (CONFLICT), not applied twice.
 */
import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { REVIEW_MODERATION_ACTIONS, REVIEW_REPORT_REASONS, REVIEW_SIGNALS, REVIEW_STATUSES, type ReviewModerationAction, type ReviewSignal } from './rules.ts';

export const REVIEW_QUEUE_TABS = ['all', 'held', 'reported', 'flagged', 'mine'] as const;
export type ReviewQueueTab = (typeof REVIEW_QUEUE_TABS)[number];
/** Characters of a review's text shown in a queue row. */
export const REVIEW_EXCERPT_CHARS = 200;
/** Most reviews one bulk decision takes. */
export const MAX_BULK_REVIEW_DECISIONS = 100;

/** What each automatic signal means, for the moderator reading a review. */
export const REVIEW_SIGNAL_EXPLANATIONS: Record<ReviewSignal, string> = {
  SECRET: 'Looks like a credential (API key, token, private key): the review is held until a moderator decides.',
  PERSONAL_DATA: 'Contains an email address or a phone number: the review is held until a moderator decides.',
  LINK: 'Contains a link.',
  REPEATED_TEXT: 'The same text appears in other reviews.',
  BURST: 'Part of a burst of reviews of this plugin in a short time.',
  LANGUAGE: 'Contains offensive language.',
};

export const ZReviewSignal = z.enum(REVIEW_SIGNALS);
export const ZReviewStatus = z.enum(REVIEW_STATUSES);
export const ZReviewModerationAction = z.enum(REVIEW_MODERATION_ACTIONS);
/** A review's moderation version, as PostgreSQL's `integer` holds it. */
const ZReviewVersion = z.number().int().min(1).max(2_147_483_647);
const ZReviewMessage = zText({ max: 5000, isMultiline: true });

export const ZReviewRef = z.object({ reviewId: zId() });

export const ZReviewQueueListInput = z.object({
  tab: z.enum(REVIEW_QUEUE_TABS).default('all'),
  pluginId: zId().optional(),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 25),
});
export type ReviewQueueListInput = z.input<typeof ZReviewQueueListInput>;

const ZReviewClaim = z.object({ holderId: z.string(), holderName: z.string(), expiresAt: z.date() }).nullable();

export const ZReviewQueueItem = z.object({
  id: z.string(),
  plugin: z.object({ id: z.string(), name: z.string() }),
  creator: z.object({ id: z.string(), name: z.string() }),
  rating: z.number().int(),
  /** The first 200 characters of the text (a held review's too: moderators judge what it holds). */
  excerpt: z.string(),
  status: ZReviewStatus,
  signals: z.array(ZReviewSignal),
  reportCount: z.number().int(),
  queuedAt: z.date(),
  claim: ZReviewClaim,
  version: z.number().int(),
});
export type ReviewQueueItem = z.infer<typeof ZReviewQueueItem>;

export const ZReviewQueueCounts = z.object({
  all: z.number().int(), held: z.number().int(), reported: z.number().int(), flagged: z.number().int(), mine: z.number().int(),
});
export const ZReviewQueueListOutput = z.object({ items: z.array(ZReviewQueueItem), nextCursor: z.string().nullable(), counts: ZReviewQueueCounts });

export const ZReviewDetail = z.object({
  id: z.string(),
  rating: z.number().int(),
  body: z.string(),
  pluginVersion: z.string().nullable(),
  status: ZReviewStatus,
  signals: z.array(z.object({ code: ZReviewSignal, explanation: z.string() })),
  plugin: z.object({ id: z.string(), name: z.string() }),
  creator: z.object({ id: z.string(), name: z.string() }),
  buyerEmail: z.string(),
  licenseId: z.string(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
  queuedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  revision: z.number().int(),
  revisions: z.array(z.object({ revision: z.number().int(), rating: z.number().int(), body: z.string(), signals: z.array(ZReviewSignal), createdAt: z.date() })),
  reply: z.object({ body: z.string(), authorName: z.string(), updatedAt: z.date() }).nullable(),
  reports: z.array(z.object({ id: z.string(), reason: z.enum(REVIEW_REPORT_REASONS), note: z.string(), reporter: z.string(), createdAt: z.date(), resolvedAt: z.date().nullable() })),
  moderations: z.array(z.object({
    id: z.string(), action: ZReviewModerationAction, reason: z.string().nullable(), message: z.string(), moderatorName: z.string(),
    fromStatus: ZReviewStatus, toStatus: ZReviewStatus, createdAt: z.date(),
  })),
  claim: ZReviewClaim,
  version: z.number().int(),
});
export type ReviewDetail = z.infer<typeof ZReviewDetail>;

export const ZReviewClaimOutput = z.object({ reviewId: z.string(), claimExpiresAt: z.date() });
export const ZReviewReleaseOutput = z.object({ reviewId: z.string(), isReleased: z.boolean() });

/** HIDE and DELETE need a canned reason; KEEP may name one. */
const needsReason = (v: { action: string; reasonId?: string }) => v.action === 'KEEP' || Boolean(v.reasonId);
const REASON_MESSAGE = { message: 'Choose a reason', path: ['reasonId'] };

export const ZReviewDecideInput = z.object({
  reviewId: zId(),
  /** The `version` the moderator's page showed. */
  version: ZReviewVersion,
  action: ZReviewModerationAction,
  reasonId: zId().optional(),
  /** To the review's author and the plugin's creator. */
  message: ZReviewMessage.default(''),
}).refine(needsReason, REASON_MESSAGE);
export type ReviewDecideInput = z.input<typeof ZReviewDecideInput>;
export const ZReviewDecideOutput = z.object({ reviewId: z.string(), status: ZReviewStatus, version: z.number().int() });

export const ZReviewBulkDecideInput = z.object({
  items: z.array(z.object({ reviewId: zId(), version: ZReviewVersion })).min(1, 'Select at least one review').max(MAX_BULK_REVIEW_DECISIONS),
  action: ZReviewModerationAction,
  reasonId: zId().optional(),
  message: ZReviewMessage.default(''),
}).refine(needsReason, REASON_MESSAGE);
export const ZReviewBulkDecideOutput = z.object({
  results: z.array(z.object({ reviewId: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })),
});

export const ZReviewModerationReason = z.object({
  id: z.string(), code: z.string(), label: z.string(), cannedResponse: z.string(), appliesTo: ZReviewModerationAction,
});
export type ReviewModerationReasonItem = z.infer<typeof ZReviewModerationReason>;
export const ZReviewModerationReasonsOutput = z.array(ZReviewModerationReason);

/**
 * Whether a canned reason written for `appliesTo` may justify `action`: a KEEP reason only a KEEP;
 * a HIDE or DELETE reason either removal (both take the review off the plugin's page; deleting
 * is the harsher answer to the same problem). The API and the console's reason picker share it.
 */
export function isReasonFor(appliesTo: ReviewModerationAction, action: ReviewModerationAction): boolean {
  return appliesTo === 'KEEP' ? action === 'KEEP' : action !== 'KEEP';
}
