/**
 * A buyer's review, written through the public API with their license key (POST /v1/reviews) and
 * by the seed: one current review per plugin and buyer email, edits kept as append-only
 * revisions, automatic checks on every text, PluginRating moved in the same transaction.
 */
import { needsModeration, reviewStatusAfterWrite, type OwnPublicReview, type ReviewSignal, type ReviewStatus } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import { checkReview } from './checks.ts';
import { readOwnReview } from './own-review.ts';
import { applyRatingChange } from './plugin-rating.ts';
import { resolveReviewer, type ReviewApiDeps, type Reviewer } from './resolve-reviewer.ts';

export interface WriteReviewInput {
  /** The buyer's license key (a JWT we signed; expired keys count). */
  key: string;
  /** Whole stars, 1–5. */
  rating: number;
  /** Up to MAX_REVIEW_BODY characters; trimmed; empty or absent: a rating alone. */
  body?: string;
  /** The plugin version rated; absent: none named (an edit that omits it clears it). */
  pluginVersion?: string | null;
  /** When the review is written (default deps.clock.now()); the seed writes its year with it. */
  now?: Date;
}

export interface WriteReviewResult {
  review: OwnPublicReview;
  /** The first review of this buyer for this plugin (HTTP 201). */
  isCreated: boolean;
  /** A new revision was written (false for a first write and for the same content again). */
  isEdited: boolean;
}

interface CurrentReview {
  id: string;
  rating: number;
  body: string;
  pluginVersion: string | null;
  status: ReviewStatus;
  signals: ReviewSignal[];
  queuedAt: Date | null;
  reportCount: number;
  revision: number;
  createdAt: Date;
  editedAt: Date | null;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Writes the reviewer's one review of the key's plugin (resolveReviewer: any license, expired
 * ones included, makes a verified buyer). First write: creates it (creatorId = the plugin's
 * creator). Later write with another rating, body or pluginVersion: the previous content becomes
 * ReviewRevision `revision` (append-only), and `revision`, `version` and `editedAt` move on. The
 * same content again changes nothing and answers the same review (idempotent).
 *
 * Every write runs checkReview on the text: status from reviewStatusAfterWrite (HELD for a secret
 * or personal data; a review a moderator hid or deleted stays so), in the moderation queue
 * (`queuedAt`, kept from an earlier flag) while it has signals or open reports or is HELD, and
 * again when its author edits a HIDDEN review (a moderator then keeps it or leaves it hidden).
 * PluginRating moves in the same transaction (applyRatingChange).
 *
 * Concurrency: the key's License row is locked (FOR UPDATE), then the review; two first writes of
 * one buyer through two different licenses of the plugin collide on the (pluginId, buyerEmail)
 * unique key, and the loser retries once as an edit.
 * @throws AppError NOT_FOUND (field `key`) for a key that authenticates no buyer.
 */
export async function writeReview(deps: ReviewApiDeps, input: WriteReviewInput): Promise<WriteReviewResult> {
  const now = input.now ?? deps.clock.now();
  const reviewer = await resolveReviewer(deps, { key: input.key, now });
  const content = { rating: input.rating, body: (input.body ?? '').trim(), pluginVersion: input.pluginVersion ?? null };
  try {
    return await writeInTransaction(deps, reviewer, content, now);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return writeInTransaction(deps, reviewer, content, now);
  }
}

type Content = { rating: number; body: string; pluginVersion: string | null };

function writeInTransaction(deps: ReviewApiDeps, reviewer: Reviewer, content: Content, now: Date): Promise<WriteReviewResult> {
  return deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "License" WHERE id = ${reviewer.licenseId} FOR UPDATE`;
    await tx.$executeRaw`SELECT 1 FROM "Review" WHERE "pluginId" = ${reviewer.pluginId} AND "buyerEmail" = ${reviewer.buyerEmail} FOR UPDATE`;
    const current = await tx.review.findUnique({
      where: { pluginId_buyerEmail: { pluginId: reviewer.pluginId, buyerEmail: reviewer.buyerEmail } },
      select: { id: true, rating: true, body: true, pluginVersion: true, status: true, signals: true, queuedAt: true, reportCount: true, revision: true, createdAt: true, editedAt: true },
    });
    if (current && isSameContent(current, content)) return { review: await readOwnReview(tx, current.id), isCreated: false, isEdited: false };

    const { signals, textHash } = await checkReview(tx, { pluginId: reviewer.pluginId, reviewId: current?.id ?? null, body: content.body, licenseIssuedAt: reviewer.licenseIssuedAt, now });
    const status = reviewStatusAfterWrite(current?.status ?? null, signals);
    // A hidden review the author edits goes back to a moderator (the hide reasons ask the author to
    // edit it): it stays hidden until a moderator keeps it.
    const isQueued = status === 'HELD' || current?.status === 'HIDDEN' || needsModeration(signals, current?.reportCount ?? 0);
    const queuedAt = isQueued ? (current?.queuedAt ?? now) : null;
    const written = { ...content, signals, textHash, status, queuedAt, licenseId: reviewer.licenseId };

    const id = current ? await editReview(tx, current, written, now) : await createReview(tx, reviewer, written, now);
    await applyRatingChange(tx, { pluginId: reviewer.pluginId, from: current ? { rating: current.rating, status: current.status } : null, to: { rating: content.rating, status } });
    return { review: await readOwnReview(tx, id), isCreated: !current, isEdited: Boolean(current) };
  });
}

const isSameContent = (current: CurrentReview, content: Content) =>
  current.rating === content.rating && current.body === content.body && current.pluginVersion === content.pluginVersion;

type Written = Content & { signals: ReviewSignal[]; textHash: string | null; status: ReviewStatus; queuedAt: Date | null; licenseId: string };

async function createReview(tx: Prisma.TransactionClient, reviewer: Reviewer, written: Written, now: Date): Promise<string> {
  const review = await tx.review.create({
    data: { pluginId: reviewer.pluginId, creatorId: reviewer.creatorId, buyerEmail: reviewer.buyerEmail, createdAt: now, ...written },
    select: { id: true },
  });
  return review.id;
}

/** Keeps `current`'s content as its revision (append-only), then writes the new one over it. */
async function editReview(tx: Prisma.TransactionClient, current: CurrentReview, written: Written, now: Date): Promise<string> {
  await tx.reviewRevision.create({
    data: {
      reviewId: current.id, revision: current.revision, rating: current.rating, body: current.body, pluginVersion: current.pluginVersion,
      signals: current.signals, createdAt: current.editedAt ?? current.createdAt,
    },
    select: { id: true },
  });
  await tx.review.update({
    where: { id: current.id },
    data: { ...written, editedAt: now, revision: { increment: 1 }, version: { increment: 1 } },
    select: { id: true },
  });
  return current.id;
}
