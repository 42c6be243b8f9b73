/**
 * Support's view of a license's metered usage (`licenses.usage`) and its quota reset
 * (`licenses.resetQuota`). Quantities in units, amounts in minor units of `currency`.
 */
import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { ZMetricName } from './tiers.schema.ts';

/** `licenses.usage` input: the license, and a keyset page of this period's usage records. */
export const ZLicenseUsageInput = z.object({
  licenseId: zId(),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 25),
});
export type LicenseUsageInput = z.input<typeof ZLicenseUsageInput>;

/** One metric of one quota period. */
export const ZUsagePeriodSummary = z.object({
  periodStart: z.date(),
  periodEnd: z.date(),
  used: z.number().int(),
  overageQuantity: z.number().int(),
  overageAmount: z.number().int(),
  resetCount: z.number().int(),
  resetAt: z.date().nullable(),
  /** The OVERAGE purchase that billed this period's overage, once billed. */
  billedPurchaseId: z.string().nullable(),
});

/** One quota of the license's tier: this period and the 6 before it (newest first, periods with usage only). */
export const ZMetricUsage = z.object({
  metric: z.string(),
  included: z.number().int(),
  isHard: z.boolean(),
  overageUnitAmount: z.number().int(),
  used: z.number().int(),
  /** Included units left this period. */
  remaining: z.number().int(),
  overageQuantity: z.number().int(),
  overageAmount: z.number().int(),
  /** A hard quota spent (validate answers QUOTA_EXCEEDED). */
  isSpent: z.boolean(),
  resetCount: z.number().int(),
  resetAt: z.date().nullable(),
  history: z.array(ZUsagePeriodSummary),
});

/** A usage report as support reads it. */
export const ZUsageRecordRow = z.object({
  id: z.string(),
  metric: z.string(),
  quantity: z.number().int(),
  idempotencyKey: z.string(),
  occurredAt: z.date(),
  includedQuantity: z.number().int(),
  creditQuantity: z.number().int(),
  creditAmount: z.number().int(),
  overageQuantity: z.number().int(),
  overageAmount: z.number().int(),
});

/** `licenses.usage` answer; `tier` null (and `metrics` empty) for a license without a tier with quotas. */
export const ZLicenseUsageOutput = z.object({
  licenseId: z.string(),
  tier: z.object({ key: z.string(), name: z.string() }).nullable(),
  currency: z.string(),
  creditBalance: z.number().int(),
  periodStart: z.date(),
  periodEnd: z.date(),
  metrics: z.array(ZMetricUsage),
  records: z.array(ZUsageRecordRow),
  nextCursor: z.string().nullable(),
});
export type LicenseUsageOutput = z.infer<typeof ZLicenseUsageOutput>;

/** `licenses.resetQuota` input: the metric's counter of the current period goes back to 0. */
export const ZResetQuotaInput = z.object({
  licenseId: zId(),
  metric: ZMetricName,
  reason: zText({ min: 5, minMessage: 'Give a reason (at least 5 characters)', max: 1000, isMultiline: true }),
});
export type ResetQuotaInput = z.infer<typeof ZResetQuotaInput>;

/** `licenses.resetQuota` answer: the counter after the reset (`previousUsed` what it was). */
export const ZResetQuotaOutput = z.object({
  licenseId: z.string(),
  metric: z.string(),
  periodStart: z.date(),
  periodEnd: z.date(),
  used: z.number().int(),
  previousUsed: z.number().int(),
  resetAt: z.date(),
  resetCount: z.number().int(),
});
export type ResetQuotaOutput = z.infer<typeof ZResetQuotaOutput>;
