/**
 * Usage: metered usage of a license's tier quotas — the public usage report
 * (`POST /v1/licenses/usage`, routed by licenses/http.ts), the quota state validate reads for
 * QUOTA_EXCEEDED, and support's usage view and quota reset (procedures on the licenses router).
 */
export { reportUsage } from './report-usage.ts';
export type { UsageApiDeps, UsageDecision } from './report-usage.ts';
export { parseTierQuotas, quotaExceededDetail, readQuotaState, spentQuotaOf, toPublicQuotas } from './quota-state.ts';
export type { QuotaState, QuotaUse, RunQuery } from './quota-state.ts';
export { getLicenseUsage, USAGE_HISTORY_PERIODS } from './license-usage.ts';
export { resetQuota } from './reset-quota.ts';
export { licenseUsageHandler, resetQuotaHandler } from './handlers/usage.handler.ts';
