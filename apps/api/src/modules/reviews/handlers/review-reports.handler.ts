import type { ReviewReportInput, SessionUser } from '@marketdesk/shared';
import { AppError } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { reportReview } from '../reports/report-review.ts';

type AuthedContext = Context & { user: SessionUser };

/** A creator reports a review of one of their own plugins (another creator's review: NOT_FOUND). */
export const reportHandler = ({ ctx, input }: { ctx: AuthedContext; input: ReviewReportInput }) => {
  if (!ctx.user.creatorId) throw new AppError('NOT_FOUND', { message: `User ${ctx.user.id} has no creator account`, userMessage: 'This review does not exist.' });
  return reportReview(ctx.deps, {
    ...input,
    reporter: { kind: 'user', userId: ctx.user.id },
    creatorId: ctx.user.creatorId,
    actor: actorFrom(ctx),
  });
};
