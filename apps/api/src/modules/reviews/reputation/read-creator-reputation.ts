/**
 * A creator's record (`reputation.creator`, the creator page, the submission review page's
 * "Creator record" card): creatorReputation over counts read from indexes, never a scan of reviews.
 */
import { AppError, bayesianRating, CRITICAL_LOOKBACK_DAYS, creatorReputation, meanRating, type ReputationCreatorInput, type ReputationCreatorOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../../platform/deps.ts';
import { readRatingPrior } from './read-plugin-rating.ts';
import { readRatingsOverTime } from './read-ratings-over-time.ts';

const DAY_MS = 86_400_000;
const PAID = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
const REFUNDED = ['PARTIALLY_REFUNDED', 'REFUNDED'] as const;
const DECIDED = ['APPROVED', 'REJECTED', 'CHANGES_REQUESTED'] as const;

/**
 * Creator `creatorId`'s reputation (creatorReputation: 0–100 with explained components and
 * needsCloserLook), the counts it came from, their plugins with rating (most reviewed first) and
 * 12 months of published ratings. Reads: the creator's plugins with their PluginRating rows, the
 * marketplace prior, and counts of purchases (Purchase(creatorId, createdAt) index; disputes via
 * Dispute(purchaseId)) and submissions (Submission(creatorId, submittedAt) index); "recent" is
 * CRITICAL_LOOKBACK_DAYS before `deps.clock`'s now.
 * @throws AppError NOT_FOUND (no such creator).
 */
export async function readCreatorReputation(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: ReputationCreatorInput): Promise<ReputationCreatorOutput> {
  const { prisma } = deps;
  const creator = await prisma.creatorAccount.findUnique({ where: { id: input.creatorId }, select: { id: true, slug: true, displayName: true, createdAt: true } });
  if (!creator) throw new AppError('NOT_FOUND', { message: `No creator ${input.creatorId}` });
  const creatorId = creator.id;
  const recentSince = new Date(deps.clock.now().getTime() - CRITICAL_LOOKBACK_DAYS * DAY_MS);
  const [plugins, prior, paidPurchases, refundedPurchases, disputedPurchases, byStatus, criticalSubmissions, recentCriticalSubmissions, overTime] = await Promise.all([
    prisma.plugin.findMany({ where: { creatorId }, select: { id: true, name: true, status: true, pricingModel: true, rating: { select: { count: true, sum: true } } } }),
    readRatingPrior(deps),
    prisma.purchase.count({ where: { creatorId, status: { in: [...PAID] } } }),
    prisma.purchase.count({ where: { creatorId, status: { in: [...REFUNDED] } } }),
    prisma.purchase.count({ where: { creatorId, status: { in: [...PAID] }, disputes: { some: {} } } }),
    prisma.submission.groupBy({ by: ['status'], where: { creatorId }, _count: { _all: true } }),
    prisma.submission.count({ where: { creatorId, status: { not: 'WITHDRAWN' }, hasCriticalFindings: true } }),
    prisma.submission.count({ where: { creatorId, status: { not: 'WITHDRAWN' }, hasCriticalFindings: true, submittedAt: { gte: recentSince } } }),
    readRatingsOverTime(deps, { creatorId }),
  ]);
  const countOf = (statuses: readonly string[]) => byStatus.filter((g) => statuses.includes(g.status)).reduce((a, g) => a + g._count._all, 0);
  const ratings = plugins.map((p) => p.rating ?? { count: 0, sum: 0 });
  const counts = {
    reviews: ratings.reduce((a, r) => a + r.count, 0),
    paidPurchases, refundedPurchases, disputedPurchases,
    submissions: countOf(['PENDING', ...DECIDED]),
    decidedSubmissions: countOf(DECIDED),
    rejectedSubmissions: countOf(['REJECTED']),
    criticalSubmissions, recentCriticalSubmissions,
  };
  const reputation = creatorReputation({ plugins: ratings, prior, ...counts });
  const rated = plugins.map((p) => {
    const r = p.rating ?? { count: 0, sum: 0 };
    return { id: p.id, name: p.name, status: p.status, pricingModel: p.pricingModel, count: r.count, average: meanRating(r), score: bayesianRating(r, prior) };
  }).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { creator, reputation, counts, plugins: rated, overTime };
}
