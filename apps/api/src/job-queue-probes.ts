/**
 * The modules' job-queue queries that `/metrics` runs at scrape time (platform/metrics.ts cannot
 * import modules; the composition root hands them over).
 */
import { readScanQueueDepth } from './modules/moderation/index.ts';
import { readWebhookInboxDepth } from './modules/payments/index.ts';
import { readDueRenewals } from './modules/subscriptions/index.ts';
import type { AppDeps } from './platform/deps.ts';
import type { JobQueueProbes } from './platform/metrics.ts';

/** The webhook inbox and quality scans at `deps.clock`'s now, and renewals due on Stripe's clock, read from `deps.prisma`. */
export function jobQueueProbes(deps: Pick<AppDeps, 'prisma' | 'clock' | 'stripe'>): JobQueueProbes {
  return {
    readWebhookInbox: () => readWebhookInboxDepth(deps),
    readScanQueue: () => readScanQueueDepth(deps),
    readDueRenewals: () => readDueRenewals(deps),
  };
}
