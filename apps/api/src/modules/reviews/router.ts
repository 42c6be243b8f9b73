import { ZOwnReviewsInput, ZOwnReviewsOutput, ZOwnReviewSummaryInput, ZOwnReviewSummaryOutput, ZCreatorReview, ZReviewReplyInput, ZStaffPluginReviewsInput, ZStaffPluginReviewsOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { forPluginHandler, ownReviewsHandler, ownSummaryHandler, replyHandler } from './handlers/creator-reviews.handler.ts';

export const reviewsRouter = router({
  own: permissionProcedure('reviews.respondOwn').input(ZOwnReviewsInput).output(ZOwnReviewsOutput).query(ownReviewsHandler),
  ownSummary: permissionProcedure('reviews.respondOwn').input(ZOwnReviewSummaryInput).output(ZOwnReviewSummaryOutput).query(ownSummaryHandler),
  reply: permissionProcedure('reviews.respondOwn').input(ZReviewReplyInput).output(ZCreatorReview).mutation(replyHandler),
  forPlugin: permissionProcedure('reviews.read').input(ZStaffPluginReviewsInput).output(ZStaffPluginReviewsOutput).query(forPluginHandler),
});
