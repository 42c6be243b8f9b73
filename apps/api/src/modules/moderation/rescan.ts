import { AppError } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';

/**
 * Queues a new quality scan of `{ submissionId }`'s package (moderator `actor`'s "re-scan",
 * audited); the newest report is the one shown. A scan already waiting or running is not
 * queued twice.
 * @returns `{ isQueued }`: false when a scan was already waiting or running.
 * @throws AppError NOT_FOUND for an unknown submission.
 */
export async function requestRescan(deps: Pick<AppDeps, 'prisma'>, { actor, submissionId }: { actor: Actor; submissionId: string }) {
  return deps.prisma.$transaction(async (tx) => {
    const submission = await tx.submission.findUnique({ where: { id: submissionId }, select: { id: true, pluginVersionId: true } });
    if (!submission) throw new AppError('NOT_FOUND', { message: `No submission ${submissionId}`, field: 'submissionId' });
    const waiting = await tx.qualityReport.count({ where: { submissionId, status: { in: ['PENDING', 'RUNNING'] } } });
    if (waiting > 0) return { isQueued: false };
    const report = await tx.qualityReport.create({ data: { submissionId, pluginVersionId: submission.pluginVersionId, requestId: actor.requestId } });
    await tx.submission.update({ where: { id: submissionId }, data: { reportStatus: 'PENDING' } });
    await writeAudit(tx, { actor, action: 'submissions.rescan', targetType: 'Submission', targetId: submissionId, after: { reportId: report.id } });
    return { isQueued: true };
  });
}
