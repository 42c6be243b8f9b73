/**
 * Support's quota reset (`licenses.resetQuota`): a metric's counter of the current period goes
 * back to 0, so the license gets its included units again. The usage records stay (append-only);
 * overage already counted stays billable. Audited.
 */
import { AppError, quotaPeriodOf, type ResetQuotaInput, type ResetQuotaOutput } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { parseTierQuotas } from './quota-state.ts';

/**
 * Resets `input.metric` of license `input.licenseId` for the period at `deps.clock`'s now, as
 * `input.actor` with `input.reason`: used = 0, resetAt = now, resetCount + 1 (the counter is
 * created if the period had no usage yet). Runs under the license's row lock, like every usage
 * report, so a report in flight is counted either before the reset or after it. Writes the audit
 * row `licenses.resetQuota` (before: used; after: used 0, resetCount) in the same transaction.
 * @throws AppError NOT_FOUND (no such license), INVALID_INPUT (field `metric`: not a quota of the license's tier).
 */
export async function resetQuota(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: ResetQuotaInput & { actor: Actor }): Promise<ResetQuotaOutput> {
  const { actor, licenseId, metric, reason } = input;
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "License" WHERE id = ${licenseId} FOR UPDATE`;
    const license = await tx.license.findUnique({ where: { id: licenseId }, select: { tier: { select: { quotas: true } }, subscription: { select: { currentPeriodStart: true, currentPeriodEnd: true } } } });
    if (!license) throw new AppError('NOT_FOUND', { message: `No license ${licenseId}` });
    if (!parseTierQuotas(license.tier?.quotas).some((q) => q.metric === metric)) {
      throw new AppError('INVALID_INPUT', { message: `metric: ${metric} is not a quota of this license's tier`, field: 'metric' });
    }
    const sub = license.subscription;
    const period = quotaPeriodOf(now, sub ? { start: sub.currentPeriodStart, end: sub.currentPeriodEnd } : null);
    const key = { licenseId_metric_periodStart: { licenseId, metric, periodStart: period.start } };
    const before = await tx.usageCounter.upsert({ where: key, create: { licenseId, metric, periodStart: period.start, periodEnd: period.end }, update: {}, select: { used: true } });
    const after = await tx.usageCounter.update({ where: key, data: { used: 0, resetAt: now, resetCount: { increment: 1 } }, select: { used: true, resetAt: true, resetCount: true, periodStart: true, periodEnd: true } });
    await writeAudit(tx, {
      actor, action: 'licenses.resetQuota', targetType: 'License', targetId: licenseId, reason,
      before: { metric, periodStart: period.start.toISOString(), used: before.used }, after: { metric, periodStart: period.start.toISOString(), used: 0, resetCount: after.resetCount },
    });
    return { licenseId, metric, periodStart: after.periodStart, periodEnd: after.periodEnd, used: after.used, previousUsed: before.used, resetAt: after.resetAt!, resetCount: after.resetCount };
  }, { timeout: 15_000, maxWait: 15_000 });
}
