import type { z } from 'zod';
import type { ZReviewerStatsInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { readReviewerStats } from '../read-reviewer-stats.ts';

/** reviewerStats.report: the period's weekly figures, per-moderator counts, queue age and reasons. */
export function reviewerStatsReportHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZReviewerStatsInput> }) {
  return readReviewerStats(ctx.deps, input);
}
