/** One buyer review as a moderator's review page shows it: everything a decision is made on. */
import { AppError, REVIEW_SIGNAL_EXPLANATIONS, type ReviewDetail } from '@marketdesk/shared';
import { liveClaim, type ReviewQueueDeps } from './deps.ts';

/**
 * The review `{ reviewId }` with its text, plugin and creator, the buyer's email and license id
 * (moderators may see them), earlier revisions (oldest first), the creator's reply, reports
 * (open and resolved, newest first), earlier moderation decisions (newest first), its signals
 * explained, the claim as of `deps.clock.now()` and the version a decision must name.
 * @throws AppError NOT_FOUND for an unknown review.
 */
export async function getReviewForModeration(deps: ReviewQueueDeps, { reviewId }: { reviewId: string }): Promise<ReviewDetail> {
  const row = await deps.prisma.review.findUnique({
    where: { id: reviewId },
    select: {
      id: true, rating: true, body: true, pluginVersion: true, status: true, signals: true, buyerEmail: true, licenseId: true,
      createdAt: true, editedAt: true, queuedAt: true, decidedAt: true, revision: true, version: true, claimedById: true, claimExpiresAt: true,
      plugin: { select: { id: true, name: true } },
      creator: { select: { id: true, displayName: true } },
      claimedBy: { select: { name: true } },
      revisions: { orderBy: { revision: 'asc' }, select: { revision: true, rating: true, body: true, signals: true, createdAt: true } },
      reply: { select: { body: true, updatedAt: true, author: { select: { name: true } } } },
      reports: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, reason: true, note: true, reporterKey: true, createdAt: true, resolvedAt: true, reporterUser: { select: { name: true } } } },
      moderations: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true, action: true, message: true, fromStatus: true, toStatus: true, createdAt: true, reason: { select: { label: true } }, moderator: { select: { name: true } } },
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', { message: `No review ${reviewId}`, field: 'reviewId' });
  return {
    id: row.id,
    rating: row.rating,
    body: row.body,
    pluginVersion: row.pluginVersion,
    status: row.status,
    signals: row.signals.map((code) => ({ code, explanation: REVIEW_SIGNAL_EXPLANATIONS[code] })),
    plugin: row.plugin,
    creator: { id: row.creator.id, name: row.creator.displayName },
    buyerEmail: row.buyerEmail,
    licenseId: row.licenseId,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    queuedAt: row.queuedAt,
    decidedAt: row.decidedAt,
    revision: row.revision,
    revisions: row.revisions,
    reply: row.reply ? { body: row.reply.body, authorName: row.reply.author.name, updatedAt: row.reply.updatedAt } : null,
    reports: row.reports.map((r) => ({ id: r.id, reason: r.reason, note: r.note, reporter: r.reporterUser?.name ?? r.reporterKey.replace(/^license:/, 'buyer '), createdAt: r.createdAt, resolvedAt: r.resolvedAt })),
    moderations: row.moderations.map((m) => ({
      id: m.id, action: m.action, reason: m.reason?.label ?? null, message: m.message, moderatorName: m.moderator.name, fromStatus: m.fromStatus, toStatus: m.toStatus, createdAt: m.createdAt,
    })),
    claim: liveClaim(row, deps.clock.now()),
    version: row.version,
  };
}
