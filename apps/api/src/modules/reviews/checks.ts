/**
 * The automatic checks on a buyer's review, run inside the write transaction: the pure ones from
 * packages/shared (personal data, links, normalised text, the burst rule), secretlint's
 * recommended preset as the package scanner runs it, obscenity's English dataset for offensive
 * language, and two indexed reads (repeated text, bursts).
 */
import { createHash } from 'node:crypto';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import {
  BURST_WINDOW_MINUTES,
  MIN_REPEATED_TEXT_LENGTH,
  NEW_BUYER_DAYS,
  REVIEW_SIGNALS,
  findLinks,
  findPersonalData,
  isBurst,
  isNewBuyer,
  normaliseReviewText,
  type ReviewSignal,
} from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { findSecrets, SourceLines } from '../moderation/index.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

// obscenity's English dataset with its recommended transformers: it sees through leetspeak and
// repeated letters ("sh1t", "$h!t", "fuuuck"; not letters spaced out, "f.u.c.k") and keeps its
// whitelist (words like "Scunthorpe", "assassin") out. Built once: the matcher compiles the dataset.
const offensiveLanguage = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** True when `text` uses offensive language (obscenity's English dataset). */
export function hasOffensiveLanguage(text: string): boolean {
  return offensiveLanguage.hasMatch(text);
}

/** True when secretlint's recommended preset (the package scanner's config) finds a secret in `text`. */
export async function hasSecret(text: string): Promise<boolean> {
  if (text.trim() === '') return false;
  const scan = await findSecrets('review.txt', new SourceLines(text));
  return scan.findings.length > 0;
}

/** Sha-256 (hex) of the normalised text, or null when nothing is left after normalising. */
export function reviewTextHash(body: string): string | null {
  const normalised = normaliseReviewText(body);
  return normalised === '' ? null : createHash('sha256').update(normalised).digest('hex');
}

export interface CheckReviewInput {
  pluginId: string;
  /** The review being edited; null for a new review. */
  reviewId: string | null;
  body: string;
  /** When the writing license was issued: a license of the last NEW_BUYER_DAYS makes a new buyer. */
  licenseIssuedAt: Date;
  now: Date;
}

/**
 * The signals a review's text raises and its repeated-text hash. Call inside the write
 * transaction, before writing the review.
 *
 * - SECRET: secretlint's recommended preset (with AWS access key IDs) finds a key, token or private key.
 * - PERSONAL_DATA: an email address or a phone number (`findPersonalData`).
 * - LINK: a URL, a `www.` host or a bare domain (`findLinks`).
 * - LANGUAGE: offensive language (obscenity's English dataset).
 * - REPEATED_TEXT: the normalised text has at least MIN_REPEATED_TEXT_LENGTH (20) characters and
 *   another review, of any plugin and in any status, has the same textHash.
 * - BURST: a new review whose license is a new buyer's (`isNewBuyer`) when, with it,
 *   BURST_THRESHOLD (5) reviews of the plugin were created in the last BURST_WINDOW_MINUTES (60)
 *   from licenses issued in the last NEW_BUYER_DAYS (7) days (counted against `now`). An edit
 *   keeps a BURST its review already had and starts none. New buyers' first reviews of one
 *   plugin are serialised by a transaction-scoped advisory lock, so simultaneous ones count
 *   each other.
 *
 * Side effect: when the review completes a burst, the burst's other reviews (of the plugin,
 * created within the window by new buyers, not DELETED, not yet flagged) get BURST added to
 * their signals, enter the moderation queue (queuedAt = `now` unless already queued) and have
 * their version bumped (a moderator's open page of one becomes stale).
 *
 * Returns the signals in REVIEW_SIGNALS order and the Sha-256 of the normalised text (null for
 * a text that normalises to nothing). Throws only what Prisma throws.
 */
export async function checkReview(tx: Prisma.TransactionClient, input: CheckReviewInput): Promise<{ signals: ReviewSignal[]; textHash: string | null }> {
  const found = new Set<ReviewSignal>();
  const { body } = input;
  if (await hasSecret(body)) found.add('SECRET');
  if (findPersonalData(body).length > 0) found.add('PERSONAL_DATA');
  if (findLinks(body).length > 0) found.add('LINK');
  if (hasOffensiveLanguage(body)) found.add('LANGUAGE');

  const textHash = reviewTextHash(body);
  if (textHash && normaliseReviewText(body).length >= MIN_REPEATED_TEXT_LENGTH) {
    const twin = await tx.review.findFirst({
      where: { textHash, ...(input.reviewId ? { id: { not: input.reviewId } } : {}) },
      select: { id: true },
    });
    if (twin) found.add('REPEATED_TEXT');
  }

  if (await completesBurst(tx, input)) found.add('BURST');
  return { signals: REVIEW_SIGNALS.filter((s) => found.has(s)), textHash };
}

/** The burst part of `checkReview`: decides BURST for this review and flags the burst's others. */
async function completesBurst(tx: Prisma.TransactionClient, input: CheckReviewInput): Promise<boolean> {
  const windowStart = new Date(input.now.getTime() - BURST_WINDOW_MINUTES * MINUTE_MS);
  if (input.reviewId) {
    // An edit keeps its BURST and never starts one: the burst is a run of first reviews, each
    // checked when written (and an edit flagging others could deadlock with their own edits).
    const current = await tx.review.findUnique({ where: { id: input.reviewId }, select: { signals: true } });
    return current?.signals.includes('BURST') ?? false;
  }
  if (!isNewBuyer(input.licenseIssuedAt, input.now)) return false;
  // New buyers' first reviews of one plugin take turns (until their transactions commit), so
  // five written at once still count each other: without it each could see only the others
  // committed before it began.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('review_burst'), hashtext(${input.pluginId}))`;
  const others = {
    pluginId: input.pluginId,
    createdAt: { gte: windowStart },
    status: { not: 'DELETED' as const },
    license: { issuedAt: { gte: new Date(input.now.getTime() - NEW_BUYER_DAYS * DAY_MS) } },
  } satisfies Prisma.ReviewWhereInput;
  const recent = await tx.review.count({ where: others });
  if (!isBurst({ recentFromNewBuyers: recent + 1 })) return false;

  const unflagged = { ...others, NOT: { signals: { has: 'BURST' as const } } } satisfies Prisma.ReviewWhereInput;
  await tx.review.updateMany({ where: { ...unflagged, queuedAt: null }, data: { signals: { push: 'BURST' }, queuedAt: input.now, version: { increment: 1 } } });
  await tx.review.updateMany({ where: { ...unflagged, queuedAt: { not: null } }, data: { signals: { push: 'BURST' }, version: { increment: 1 } } });
  return true;
}
