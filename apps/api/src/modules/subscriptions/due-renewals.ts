/** Renewals due, for /metrics (platform/metrics.ts). */
import type { DueRenewals } from '../../platform/metrics.ts';
import type { AppDeps } from '../../platform/deps.ts';

/**
 * Counts the subscriptions the renewal job would act on now (TRIALING, ACTIVE or PAST_DUE with
 * `nextRenewalAt` ≤ now, claimed by a run or not) and the age of the oldest, seconds (now − its
 * `nextRenewalAt`; null when none is due). "Now" is Stripe's clock, as the renewal job's (the
 * emulator's may be shifted ahead); `deps.clock`'s when there is no Stripe or it does not answer,
 * so a scrape never fails for Stripe. Reads the Subscription(nextRenewalAt) index's due range.
 * @throws database errors only.
 */
export async function readDueRenewals(deps: Pick<AppDeps, 'prisma' | 'clock' | 'stripe'>): Promise<DueRenewals> {
  const stripeSeconds = deps.stripe ? await deps.stripe.now().catch(() => null) : null;
  const now = stripeSeconds === null ? deps.clock.now() : new Date(stripeSeconds * 1000);
  const [row] = await deps.prisma.$queryRaw<{ due: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS due, min("nextRenewalAt") AS oldest
      FROM "Subscription"
     WHERE "nextRenewalAt" <= ${now} AND status IN ('TRIALING', 'ACTIVE', 'PAST_DUE')`;
  return { due: row?.due ?? 0, oldestDueAgeSeconds: row?.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : null };
}
