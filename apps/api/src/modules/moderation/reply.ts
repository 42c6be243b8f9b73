/**
 * A creator's reply to a change request puts the submission back in the queue: PENDING, with
 * the CREATOR_REPLY reason and a new due date 2 business days out. Stale replies (the page
 * showed another version) get CONFLICT, like moderators' decisions.
 */
import { addBusinessDays, AppError, REPLY_DUE_BUSINESS_DAYS } from '@marketdesk/shared';
import { writeAudit, type Actor } from '../audit/index.ts';
import type { ModerationDeps } from './deps.ts';

export interface ReplyInput {
  /** The creator's user (author of the message, audited). */
  actor: Actor;
  /** The creator account the submission must belong to. */
  creatorId: string;
  submissionId: string;
  /** The `version` the creator's page showed. */
  version: number;
  message: string;
}

/**
 * Replies to a change request; the message is dated `deps.clock.now()` and the submission is
 * due 2 business days later.
 * @returns `{ submissionId, status: 'PENDING', version }` (the new version).
 * @throws AppError NOT_FOUND (not the creator's); CONFLICT (stale version, or no change was requested).
 */
export async function replyToChangeRequest(deps: ModerationDeps, { actor, creatorId, ...input }: ReplyInput) {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const submission = await tx.submission.findFirst({ where: { id: input.submissionId, creatorId }, select: { id: true, status: true, version: true, queueReasons: true } });
    if (!submission) throw new AppError('NOT_FOUND', { message: `No submission ${input.submissionId} of yours`, field: 'submissionId' });
    const reasons = [...new Set([...submission.queueReasons, 'CREATOR_REPLY' as const])];
    const { count } = await tx.submission.updateMany({
      where: { id: submission.id, version: input.version, status: 'CHANGES_REQUESTED' },
      data: { status: 'PENDING', version: { increment: 1 }, queueReasons: reasons, dueAt: addBusinessDays(now, REPLY_DUE_BUSINESS_DAYS), decidedAt: null },
    });
    if (count === 0) {
      if (submission.version !== input.version) throw new AppError('CONFLICT', { message: `This submission changed since you opened it (now version ${submission.version}); reload it` });
      throw new AppError('CONFLICT', { message: `No change was requested on this submission (it is ${submission.status.toLowerCase().replace('_', ' ')})` });
    }
    await tx.submissionMessage.create({ data: { submissionId: submission.id, authorId: actor.userId, body: input.message, createdAt: now } });
    await writeAudit(tx, { actor, action: 'submissions.reply', targetType: 'Submission', targetId: submission.id, after: { status: 'PENDING', message: input.message } });
    return { submissionId: submission.id, status: 'PENDING' as const, version: submission.version + 1 };
  });
}
