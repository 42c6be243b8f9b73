import { ZReviewReportInput, ZReviewReportOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { reportHandler } from './handlers/review-reports.handler.ts';

/** Reports of buyer reviews from the console: a creator reports a review of their own plugin. */
export const reviewReportsRouter = router({
  report: permissionProcedure('reviews.respondOwn').input(ZReviewReportInput).output(ZReviewReportOutput).mutation(reportHandler),
});
