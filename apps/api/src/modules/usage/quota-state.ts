/**
 * A license's quotas this period, read in ONE statement: its tier's quotas, its plugin's currency,
 * its subscription's billing period, its credit balance and its usage counters. Validate runs it
 * only for a license whose tier has quotas (its hot path stays one query for the rest).
 */
import { isQuotaSpent, quotaPeriodOf, remainingIncluded, ZTierQuotas, type PublicQuota, type QuotaPeriod, type TierQuota } from '@marketdesk/shared';

/** Runs one SQL statement with positional parameters ($1, $2, …): the pool's query, or Prisma's $queryRawUnsafe. */
export type RunQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** One quota of the tier with what was used of it this period. */
export interface QuotaUse extends TierQuota {
  used: number;
}

/** What a license's quotas look like at one instant. Amounts in minor units of `currency`. */
export interface QuotaState {
  tier: { key: string; name: string } | null;
  currency: string;
  creditBalance: number;
  period: QuotaPeriod;
  quotas: QuotaUse[];
}

interface StateRow {
  tierKey: string | null;
  tierName: string | null;
  quotas: unknown;
  currency: string;
  subscriptionPeriodStart: Date | null;
  subscriptionPeriodEnd: Date | null;
  creditBalance: string;
  counters: { metric: string; periodStartMs: number; used: number }[] | null;
}

const STATE_SQL = `
  SELECT t.key AS "tierKey", t.name AS "tierName", t.quotas, p.currency,
    s."currentPeriodStart" AT TIME ZONE 'UTC' AS "subscriptionPeriodStart", s."currentPeriodEnd" AT TIME ZONE 'UTC' AS "subscriptionPeriodEnd",
    (SELECT coalesce(sum(e.amount), 0)::text FROM "LedgerEntry" e WHERE e."licenseId" = l.id AND e."accountType" = 'CREDIT_LIABILITY') AS "creditBalance",
    (SELECT json_agg(json_build_object('metric', c.metric, 'periodStartMs', floor(extract(epoch FROM c."periodStart") * 1000), 'used', c.used))
       FROM "UsageCounter" c WHERE c."licenseId" = l.id AND c."periodEnd" > ($2::timestamptz AT TIME ZONE 'UTC')) AS counters
  FROM "License" l JOIN "Plugin" p ON p.id = l."pluginId" LEFT JOIN "PluginTier" t ON t.id = l."tierId" LEFT JOIN "Subscription" s ON s.id = l."subscriptionId"
  WHERE l.id = $1`;

/** The tier's quotas as stored (PluginTier.quotas JSON), or none when they do not parse. */
export function parseTierQuotas(json: unknown): TierQuota[] {
  const parsed = ZTierQuotas.safeParse(json);
  return parsed.success ? parsed.data : [];
}

/**
 * The quota state of license `licenseId` at `now` (quotaPeriodOf: its subscription's period, else
 * the UTC month), in one statement through `run`. Null for an unknown license.
 */
export async function readQuotaState(run: RunQuery, licenseId: string, now: Date): Promise<QuotaState | null> {
  const row = (await run<StateRow>(STATE_SQL, [licenseId, now.toISOString()]))[0];
  if (!row) return null;
  const subscriptionPeriod = row.subscriptionPeriodStart && row.subscriptionPeriodEnd ? { start: new Date(row.subscriptionPeriodStart), end: new Date(row.subscriptionPeriodEnd) } : null;
  const period = quotaPeriodOf(now, subscriptionPeriod);
  const usedOf = new Map((row.counters ?? []).filter((c) => Number(c.periodStartMs) === period.start.getTime()).map((c) => [c.metric, Number(c.used)]));
  return {
    tier: row.tierKey && row.tierName ? { key: row.tierKey, name: row.tierName } : null,
    currency: row.currency,
    creditBalance: Number(row.creditBalance),
    period,
    quotas: parseTierQuotas(row.quotas).map((quota) => ({ ...quota, used: usedOf.get(quota.metric) ?? 0 })),
  };
}

/** The public view of each quota (ZPublicQuota): included, used, included units left, the period. */
export function toPublicQuotas(state: Pick<QuotaState, 'period' | 'quotas'>): PublicQuota[] {
  return state.quotas.map((q) => ({
    metric: q.metric, included: q.included, used: q.used, remaining: remainingIncluded(q.used, q.included), isHard: q.isHard, overageUnitAmount: q.overageUnitAmount,
    periodStart: state.period.start.toISOString(), periodEnd: state.period.end.toISOString(),
  }));
}

/** The first hard quota that is spent (isQuotaSpent: nothing included left, credits cannot pay a unit), if any. */
export function spentQuotaOf(state: QuotaState): QuotaUse | null {
  return state.quotas.find((q) => isQuotaSpent(q, q.used, state.creditBalance)) ?? null;
}

/** The public sentence of QUOTA_EXCEEDED: the metric, its quota, and when the period resets (UTC, ISO 8601). */
export function quotaExceededDetail(quota: QuotaUse, period: QuotaPeriod): string {
  return `The ${quota.metric} quota of this license is spent: ${quota.used} of ${quota.included} used this period; it resets at ${period.end.toISOString()}`;
}
