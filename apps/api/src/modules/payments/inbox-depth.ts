/**
 * The webhook inbox's depth for /metrics (platform/metrics.ts): events waiting, in progress,
 * failed (retrying) and dead, with how long the oldest due one of each status has waited.
 */
import type { WebhookInboxDepth } from '../../platform/metrics.ts';
import type { PaymentsDeps } from './deps.ts';

/**
 * Counts the inbox's PENDING, PROCESSING, FAILED and DEAD events at `deps.clock`'s now; the age of
 * each status is now − its oldest `nextAttemptAt` that is due (≤ now), in seconds, null when none is.
 * One index-only scan of StripeEvent(status, nextAttemptAt): processed events are not read.
 * @returns one row per status that has events.
 * @throws database errors only.
 */
export async function readWebhookInboxDepth(deps: Pick<PaymentsDeps, 'prisma' | 'clock'>): Promise<WebhookInboxDepth[]> {
  const now = deps.clock.now();
  const rows = await deps.prisma.$queryRaw<{ status: WebhookInboxDepth['status']; count: number; oldestDue: Date | null }[]>`
    SELECT status::text AS status, count(*)::int AS count, min("nextAttemptAt") FILTER (WHERE "nextAttemptAt" <= ${now}) AS "oldestDue"
      FROM "StripeEvent"
     WHERE status IN ('PENDING', 'PROCESSING', 'FAILED', 'DEAD')
     GROUP BY status`;
  return rows.map((row) => ({ status: row.status, count: row.count, oldestDueAgeSeconds: row.oldestDue ? Math.max(0, (now.getTime() - row.oldestDue.getTime()) / 1000) : null }));
}
