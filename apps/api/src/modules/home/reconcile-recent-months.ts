/**
 * The home's reconciliation item: finance's reconcilePeriod (the one rule: the ledger's platform
 * net against Stripe's balance transactions) over the current and the previous calendar month,
 * UTC, in every currency the platform's ledger accounts hold in those months. It lists Stripe's
 * balance transactions, so the console loads it apart from the counts.
 */
import type { HomeReconciliationOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { reconcilePeriod } from '../finance/index.ts';

/**
 * Reconciles [start of the previous month, start of this month) and [start of this month, now)
 * at `deps.clock.now()`, per currency of the platform's PLATFORM_FEES / STRIPE_BALANCE daily
 * totals since the previous month began; amounts in minor units. Without Stripe in this process:
 * `{ isStripeConfigured: false, periods: [] }`.
 * @throws Stripe's errors when balance transactions cannot be listed.
 */
export async function reconcileRecentMonths(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'clock'>): Promise<HomeReconciliationOutput> {
  if (!deps.stripe) return { isStripeConfigured: false, periods: [] };
  const now = deps.clock.now();
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const previousMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const currencies = await deps.prisma.ledgerDailyTotal.groupBy({
    by: ['currency'], where: { day: { gte: previousMonth }, accountType: { in: ['PLATFORM_FEES', 'STRIPE_BALANCE'] } }, orderBy: { currency: 'asc' },
  });
  const months = [{ from: previousMonth, to: thisMonth }, { from: thisMonth, to: now }];
  const periods = await Promise.all(currencies.flatMap(({ currency }) => months.map((month) => reconcilePeriod(deps, { ...month, currency }))));
  return {
    isStripeConfigured: true,
    periods: periods.map(({ currency, from, to, ledgerPlatformNet, stripePlatformNet, difference, isBalanced }) => ({ currency, from, to, ledgerPlatformNet, stripePlatformNet, difference, isBalanced })),
  };
}
