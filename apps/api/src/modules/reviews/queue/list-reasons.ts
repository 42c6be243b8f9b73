/** The canned reasons a moderator picks from when deciding a buyer review. */
import type { ReviewModerationReasonItem } from '@marketdesk/shared';
import type { ReviewQueueDeps } from './deps.ts';

/** Active ReviewModerationReason rows (KEEP, HIDE and DELETE), by label. Takes no input. */
export async function listReviewModerationReasons(deps: Pick<ReviewQueueDeps, 'prisma'>): Promise<ReviewModerationReasonItem[]> {
  return deps.prisma.reviewModerationReason.findMany({
    where: { isActive: true },
    orderBy: { label: 'asc' },
    select: { id: true, code: true, label: true, cannedResponse: true, appliesTo: true },
  });
}
