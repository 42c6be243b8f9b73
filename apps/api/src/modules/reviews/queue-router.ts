import {
  ZReviewBulkDecideInput, ZReviewBulkDecideOutput, ZReviewClaimOutput, ZReviewDecideInput, ZReviewDecideOutput, ZReviewDetail,
  ZReviewModerationReasonsOutput, ZReviewQueueListInput, ZReviewQueueListOutput, ZReviewRef, ZReviewReleaseOutput,
} from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { bulkDecideHandler, claimHandler, decideHandler, getHandler, listHandler, releaseHandler, renewHandler } from './handlers/review-queue.handler.ts';
import { listReviewModerationReasons } from './queue/list-reasons.ts';

const moderate = permissionProcedure('reviews.moderate');

/** The buyer-review moderation queue (moderators and admins). */
export const reviewQueueRouter = router({
  list: moderate.input(ZReviewQueueListInput).output(ZReviewQueueListOutput).query(listHandler),
  get: moderate.input(ZReviewRef).output(ZReviewDetail).query(getHandler),
  reasons: moderate.output(ZReviewModerationReasonsOutput).query(({ ctx }) => listReviewModerationReasons(ctx.deps)),
  claim: moderate.input(ZReviewRef).output(ZReviewClaimOutput).mutation(claimHandler),
  renew: moderate.input(ZReviewRef).output(ZReviewClaimOutput).mutation(renewHandler),
  release: moderate.input(ZReviewRef).output(ZReviewReleaseOutput).mutation(releaseHandler),
  decide: moderate.input(ZReviewDecideInput).output(ZReviewDecideOutput).mutation(decideHandler),
  bulkDecide: moderate.input(ZReviewBulkDecideInput).output(ZReviewBulkDecideOutput).mutation(bulkDecideHandler),
});
