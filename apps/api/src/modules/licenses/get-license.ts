/**
 * `licenses.get`: one license for the support page — summary, the key itself, purchase, subscription, every
 * activation, validations per UTC day for the last 30 days (zero-filled), its audit history and
 * the licenses it replaces or was replaced by.
 */
import { AppError, type LicenseDetail } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { SUBSCRIPTION_DETAIL_SELECT } from '../subscriptions/index.ts';
import { renderLicenseKey } from './render-license-key.ts';
import { LICENSE_SUMMARY_SELECT, toLicenseSummary } from './search-licenses.ts';

export const VALIDATION_CHART_DAYS = 30;
const DAY_MS = 86_400_000;

/** The last `days` UTC days ending today, oldest first, as YYYY-MM-DD. */
export function lastUtcDays(now: Date, days = VALIDATION_CHART_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Reads license `input.licenseId` with everything the support page shows; the validation chart
 * covers the VALIDATION_CHART_DAYS UTC days ending on `deps.clock`'s today.
 * @throws AppError NOT_FOUND when there is no such license; Error when its signing key does not
 *   decrypt (renderLicenseKey).
 */
export async function getLicense(deps: Pick<AppDeps, 'prisma' | 'config' | 'clock'>, input: { licenseId: string }): Promise<LicenseDetail> {
  const { prisma } = deps;
  const { licenseId: id } = input;
  const now = deps.clock.now();
  const row = await prisma.license.findUnique({
    where: { id },
    select: {
      ...LICENSE_SUMMARY_SELECT, pluginId: true, signingKid: true,
      statusChangedBy: { select: { email: true } },
      purchase: { select: { id: true, status: true, amount: true, currency: true, paidAt: true } },
      subscription: { select: SUBSCRIPTION_DETAIL_SELECT },
      activations: { orderBy: [{ deactivatedAt: { sort: 'desc', nulls: 'first' } }, { lastSeenAt: 'desc' }], select: { id: true, fingerprint: true, name: true, createdAt: true, lastSeenAt: true, deactivatedAt: true } },
      replaces: { select: { id: true, status: true } },
      replacedBy: { select: { id: true, status: true, issuedAt: true } },
      tier: { select: { key: true, name: true, entitlements: true, machineLimit: true, trialDays: true } },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', { message: `No license ${id}` });
  const days = lastUtcDays(now);
  const [counts, history, key] = await Promise.all([
    prisma.licenseValidationDay.findMany({ where: { licenseId: id, day: { gte: new Date(`${days[0]}T00:00:00Z`) } }, select: { day: true, count: true } }),
    prisma.auditLog.findMany({
      where: { targetType: 'License', targetId: id }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: 200,
      select: { id: true, occurredAt: true, actorEmail: true, action: true, reason: true, before: true, after: true },
    }),
    renderLicenseKey(deps, row),
  ]);
  const byDay = new Map(counts.map((c) => [c.day.toISOString().slice(0, 10), c.count]));
  const { statusChangedBy, purchase, subscription, activations, signingKid, replaces, replacedBy, tier, pluginId: _pluginId, ...summary } = row;
  return {
    ...toLicenseSummary(summary),
    key,
    signingKid,
    statusChangedBy: statusChangedBy?.email ?? null,
    purchase,
    subscription,
    activations,
    validationsPerDay: days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
    history: history.map((h) => ({ ...h, id: h.id.toString() })),
    tier,
    replaces,
    replacedBy,
  };
}
