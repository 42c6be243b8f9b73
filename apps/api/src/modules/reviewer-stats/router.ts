import { ZReviewerStatsInput, ZReviewerStatsOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { reviewerStatsReportHandler } from './handlers/report.handler.ts';

export const reviewerStatsRouter = router({
  report: permissionProcedure('reviewerStats.read').input(ZReviewerStatsInput).output(ZReviewerStatsOutput).query(reviewerStatsReportHandler),
});
