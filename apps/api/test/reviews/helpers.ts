/**
 * Buyer-review test data shared by the reviews tests (additive edits only: several parts use it).
 * Until the write path (writeReview) exists, reviews are inserted as rows.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient, ReviewSignal, ReviewStatus } from '../../src/generated/prisma/client.ts';
import { applyRatingChange } from '../../src/modules/reviews/index.ts';
import { createPurchase } from '../factories.ts';

/** A retired signing key of the test's own, for license rows (a current one would sign other tests' keys). */
async function testSigningKid(prisma: PrismaClient): Promise<string> {
  const kid = `reviews-test-${randomUUID()}`;
  await prisma.signingKey.create({ data: { kid, publicJwk: {}, privateKeyEncrypted: 'unused', status: 'RETIRED', retiredAt: new Date() } });
  return kid;
}

/** A paid purchase of `plugin` and its license row (no real key), for a review to hang on. */
export async function createLicensedBuyer(prisma: PrismaClient, plugin: { id: string; creatorId: string }) {
  const purchase = await createPurchase(prisma, plugin);
  const license = await prisma.license.create({
    data: { keyId: `key-${randomUUID()}`, pluginId: plugin.id, purchaseId: purchase.id, buyerEmail: purchase.buyerEmail, signingKid: await testSigningKid(prisma) },
  });
  return { purchase, license };
}

export interface ReviewRowOptions {
  rating?: number;
  body?: string;
  status?: ReviewStatus;
  signals?: ReviewSignal[];
  /** In the moderation queue since (default: now when there are signals or reports, else null). */
  queuedAt?: Date | null;
  /** Open reports to add (each from its own reporter key, reason SPAM). */
  reports?: number;
  /** When the review was first written (default: now). */
  createdAt?: Date;
}

/**
 * A review row of a new licensed buyer of `plugin`, inserted directly (with the PluginRating it
 * counts towards when PUBLISHED), and `reports` open ReviewReport rows.
 */
export async function insertReview(prisma: PrismaClient, plugin: { id: string; creatorId: string }, options: ReviewRowOptions = {}) {
  const { license } = await createLicensedBuyer(prisma, plugin);
  const rating = options.rating ?? 4;
  const status = options.status ?? 'PUBLISHED';
  const signals = options.signals ?? [];
  const reports = options.reports ?? 0;
  const queuedAt = options.queuedAt !== undefined ? options.queuedAt : signals.length > 0 || reports > 0 ? new Date() : null;
  return prisma.$transaction(async (tx) => {
    const review = await tx.review.create({
      data: {
        pluginId: plugin.id, creatorId: plugin.creatorId, licenseId: license.id, buyerEmail: license.buyerEmail, rating, status, signals, queuedAt, reportCount: reports,
        ...(options.createdAt ? { createdAt: options.createdAt } : {}),
        body: options.body ?? `A review ${randomUUID().slice(0, 8)}: works as described.`,
      },
    });
    for (let i = 0; i < reports; i += 1) {
      await tx.reviewReport.create({ data: { reviewId: review.id, reason: 'SPAM', note: `report ${i + 1}`, reporterKey: `license:reporter-${randomUUID()}@example.test` } });
    }
    await applyRatingChange(tx, { pluginId: plugin.id, from: null, to: { rating, status } });
    return review;
  });
}
