/**
 * Manual flags: a moderator sends a submission (back) to the queue — a published version users
 * reported, or a pending one that needs a second look. It becomes PENDING with the MANUAL_FLAG
 * reason and a fresh 3-business-day due date; the version bumps, so pages showing the old state
 * cannot decide on it.
 */
import { addBusinessDays, AppError, REVIEW_DUE_BUSINESS_DAYS } from '@marketdesk/shared';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { ModerationDeps } from './deps.ts';

/**
 * Flags `{ submissionId }` for review as moderator `actor`, with `reason` (audited); `version`
 * is the one the moderator's page showed. A submission not already pending gets a due date 3
 * business days after `deps.clock.now()`.
 * @returns `{ submissionId, status: 'PENDING', version }` (the new version).
 * @throws AppError NOT_FOUND; CONFLICT when `version` is stale.
 */
export async function flagForReview(deps: ModerationDeps, { actor, ...input }: { actor: Actor; submissionId: string; version: number; reason: string }) {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const submission = await tx.submission.findUnique({ where: { id: input.submissionId }, select: { id: true, status: true, version: true, queueReasons: true, dueAt: true } });
    if (!submission) throw new AppError('NOT_FOUND', { message: `No submission ${input.submissionId}`, field: 'submissionId' });
    const isPending = submission.status === 'PENDING';
    const { count } = await tx.submission.updateMany({
      where: { id: submission.id, version: input.version },
      data: {
        status: 'PENDING',
        version: { increment: 1 },
        queueReasons: [...new Set([...submission.queueReasons, 'MANUAL_FLAG' as const])],
        dueAt: isPending ? submission.dueAt : addBusinessDays(now, REVIEW_DUE_BUSINESS_DAYS),
        decidedAt: null,
      },
    });
    if (count === 0) throw new AppError('CONFLICT', { message: `This submission changed since you opened it (now version ${submission.version}); reload it` });
    await writeAudit(tx, {
      actor,
      action: 'submissions.flag',
      targetType: 'Submission',
      targetId: submission.id,
      reason: input.reason,
      before: { status: submission.status, version: submission.version },
      after: { status: 'PENDING', version: submission.version + 1 },
    });
    return { submissionId: submission.id, status: 'PENDING' as const, version: submission.version + 1 };
  });
}
