/**
 * Support's view of a license's metered usage (`licenses.usage`): per quota of its tier, this
 * period and the 6 periods before it, its credits, and this period's usage records, newest first.
 */
import { AppError, isQuotaSpent, quotaPeriodOf, remainingIncluded, type LicenseUsageInput, type LicenseUsageOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { creditBalanceOf } from '../payments/index.ts';
import { parseTierQuotas } from './quota-state.ts';

/** How many earlier periods each metric shows besides the current one. */
export const USAGE_HISTORY_PERIODS = 6;

const COUNTER_SELECT = { metric: true, periodStart: true, periodEnd: true, used: true, overageQuantity: true, overageAmount: true, resetCount: true, resetAt: true, billedPurchaseId: true } as const;
const RECORD_SELECT = {
  id: true, metric: true, quantity: true, idempotencyKey: true, occurredAt: true, includedQuantity: true, creditQuantity: true, creditAmount: true, overageQuantity: true, overageAmount: true,
} as const;

/**
 * The usage of license `input.licenseId` at `deps.clock`'s now (the period by quotaPeriodOf):
 * each quota's included, used, remaining, overage and resets this period with up to
 * USAGE_HISTORY_PERIODS earlier periods (newest first), the credit balance (minor units of the
 * plugin's currency), and `input.limit` records of this period after `input.cursor` (id order,
 * newest first). A license without a tier with quotas answers no metrics.
 * @throws AppError NOT_FOUND (no such license), INVALID_INPUT (field `cursor`: not one this list returned).
 */
export async function getLicenseUsage(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: LicenseUsageInput & { limit: number }): Promise<LicenseUsageOutput> {
  const { prisma } = deps;
  const license = await prisma.license.findUnique({
    where: { id: input.licenseId },
    select: { id: true, tier: { select: { key: true, name: true, quotas: true } }, plugin: { select: { currency: true } }, subscription: { select: { currentPeriodStart: true, currentPeriodEnd: true } } },
  });
  if (!license) throw new AppError('NOT_FOUND', { message: `No license ${input.licenseId}` });
  if (input.cursor && !/^\d{1,19}$/.test(input.cursor)) throw new AppError('INVALID_INPUT', { message: 'cursor is not one this usage list returned', field: 'cursor' });
  const sub = license.subscription;
  const period = quotaPeriodOf(deps.clock.now(), sub ? { start: sub.currentPeriodStart, end: sub.currentPeriodEnd } : null);
  const quotas = parseTierQuotas(license.tier?.quotas);
  const metrics = quotas.map((q) => q.metric);
  const [creditBalance, counters, rows] = await Promise.all([
    creditBalanceOf(prisma, license.id),
    prisma.usageCounter.findMany({
      where: { licenseId: license.id, metric: { in: metrics }, periodStart: { lte: period.start } }, orderBy: { periodStart: 'desc' }, take: metrics.length * (USAGE_HISTORY_PERIODS + 1), select: COUNTER_SELECT,
    }),
    prisma.usageRecord.findMany({
      where: { licenseId: license.id, periodStart: period.start, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) }, orderBy: { id: 'desc' }, take: input.limit + 1, select: RECORD_SELECT,
    }),
  ]);
  const page = rows.slice(0, input.limit);
  return {
    licenseId: license.id,
    tier: license.tier ? { key: license.tier.key, name: license.tier.name } : null,
    currency: license.plugin.currency,
    creditBalance,
    periodStart: period.start,
    periodEnd: period.end,
    metrics: quotas.map((quota) => {
      const own = counters.filter((c) => c.metric === quota.metric);
      const current = own.find((c) => c.periodStart.getTime() === period.start.getTime());
      const used = current?.used ?? 0;
      return {
        metric: quota.metric, included: quota.included, isHard: quota.isHard, overageUnitAmount: quota.overageUnitAmount,
        used, remaining: remainingIncluded(used, quota.included), overageQuantity: current?.overageQuantity ?? 0, overageAmount: current?.overageAmount ?? 0,
        isSpent: isQuotaSpent(quota, used, creditBalance), resetCount: current?.resetCount ?? 0, resetAt: current?.resetAt ?? null,
        history: own.slice(0, USAGE_HISTORY_PERIODS + 1).map(({ metric: _metric, ...summary }) => summary),
      };
    }),
    records: page.map((r) => ({ ...r, id: r.id.toString() })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id.toString() : null,
  };
}
