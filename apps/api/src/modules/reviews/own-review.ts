/**
 * A buyer's own review as the public review API answers it (POST /v1/reviews, /v1/reviews/mine):
 * its status, why it is held when it is, the creator's reply and the last moderation outcome —
 * what "the reviewer sees the outcome" means. Read by the review's author only (by license key).
 */
import { isHeldBy, type OwnPublicReview, type ReviewSignal } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/** The columns toOwnPublicReview reads (explicit: a review's buyerEmail, licenseId, claims stay out). */
export const OWN_REVIEW_SELECT = {
  id: true, pluginId: true, rating: true, body: true, pluginVersion: true, status: true, signals: true, revision: true, createdAt: true, editedAt: true,
  reply: { select: { body: true, createdAt: true, updatedAt: true } },
  moderations: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { action: true, message: true, createdAt: true, reason: { select: { label: true } } } },
} as const satisfies Prisma.ReviewSelect;

type OwnReviewRow = Prisma.ReviewGetPayload<{ select: typeof OWN_REVIEW_SELECT }>;

const SIGNAL_WORDS: Partial<Record<ReviewSignal, string>> = {
  SECRET: 'what looks like a secret (an API key, access token or password)',
  PERSONAL_DATA: 'what looks like personal data (an email address or phone number)',
};

/**
 * The sentence a held review's author reads: which kinds of content hold it, in plain words —
 * never the matched text itself (a leaked key is not echoed back through a proxy's logs).
 */
export function holdDetailOf(signals: readonly ReviewSignal[]): string {
  const words = signals.map((s) => SIGNAL_WORDS[s]).filter((w): w is string => Boolean(w));
  return `Your review is held for moderation: it contains ${words.join(' and ')}. Until a moderator decides, only you can see it; edit it to remove that and it is published again.`;
}

/** The public shape of `row` (dates as ISO 8601 strings). */
export function toOwnPublicReview(row: OwnReviewRow): OwnPublicReview {
  const decision = row.moderations[0];
  return {
    id: row.id, pluginId: row.pluginId, rating: row.rating, body: row.body, pluginVersion: row.pluginVersion, status: row.status, revision: row.revision,
    createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null,
    hold: row.status === 'HELD' && isHeldBy(row.signals) ? { signals: row.signals.filter((s) => SIGNAL_WORDS[s]), detail: holdDetailOf(row.signals) } : null,
    reply: row.reply ? { body: row.reply.body, createdAt: row.reply.createdAt.toISOString(), updatedAt: row.reply.updatedAt.toISOString() } : null,
    moderation: decision ? { action: decision.action, message: decision.message, reasonLabel: decision.reason?.label ?? null, decidedAt: decision.createdAt.toISOString() } : null,
  };
}

/** Review `reviewId` as its author sees it. @throws Error when it does not exist (callers just wrote or found it). */
export async function readOwnReview(db: Db, reviewId: string): Promise<OwnPublicReview> {
  return toOwnPublicReview(await db.review.findUniqueOrThrow({ where: { id: reviewId }, select: OWN_REVIEW_SELECT }));
}
