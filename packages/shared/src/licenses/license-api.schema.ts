import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZMetricName } from '../pricing/tiers.schema.ts';

/**
 * Result codes of the public license API: Keygen's validation vocabulary
 * (keygen.sh/docs/api/licenses/#licenses-actions-validate-key) plus REVOKED, and QUOTA_EXCEEDED
 * when a hard quota of the license's tier is spent for the period (and no credits can pay for more).
 */
export const LICENSE_RESULT_CODES = [
  'VALID', 'NOT_FOUND', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'PRODUCT_SCOPE_MISMATCH', 'NO_MACHINE', 'TOO_MANY_MACHINES', 'FINGERPRINT_SCOPE_MISMATCH', 'QUOTA_EXCEEDED',
] as const;
export const ZLicenseResultCode = z.enum(LICENSE_RESULT_CODES);
export type LicenseResultCode = z.infer<typeof ZLicenseResultCode>;

export const LICENSE_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'] as const;
export const ZLicenseStatus = z.enum(LICENSE_STATUSES);
export type LicenseStatus = z.infer<typeof ZLicenseStatus>;

/** A machine fingerprint: 1–256 characters (whatever stable id the client derives). */
export const ZFingerprint = zText({ min: 1, minMessage: 'fingerprint must not be empty', max: 256, maxMessage: 'fingerprint must be at most 256 characters', isTrimmed: false });
const ZKey = zText({ min: 1, minMessage: 'key must not be empty', max: 4096, maxMessage: 'key must be at most 4096 characters', isTrimmed: false });
/** Echoed in the signed answer so a captured answer cannot be replayed to another request. */
const ZNonce = zText({ min: 1, max: 256, isTrimmed: false });
/** The plugin's own version, as the client reports it (kept in the license's validation log for support). */
export const ZPluginVersion = zText({ min: 1, minMessage: 'pluginVersion must not be empty', max: 64, maxMessage: 'pluginVersion must be at most 64 characters' });

/** `POST /v1/licenses/validate` body. With `fingerprint`, the machine must be activated. */
export const ZLicenseValidateRequest = z.object({
  key: ZKey,
  pluginId: zId().optional(),
  fingerprint: ZFingerprint.optional(),
  nonce: ZNonce.optional(),
  pluginVersion: ZPluginVersion.optional(),
});
/** `POST /v1/licenses/activate` body. The same fingerprint again returns the existing activation. */
export const ZLicenseActivateRequest = z.object({
  key: ZKey,
  fingerprint: ZFingerprint,
  name: zText({ max: 200 }).optional(),
  pluginId: zId().optional(),
  nonce: ZNonce.optional(),
  pluginVersion: ZPluginVersion.optional(),
});
/** `POST /v1/licenses/deactivate` body. */
export const ZLicenseDeactivateRequest = z.object({
  key: ZKey,
  fingerprint: ZFingerprint,
  nonce: ZNonce.optional(),
});
export type LicenseValidateRequest = z.infer<typeof ZLicenseValidateRequest>;
export type LicenseActivateRequest = z.infer<typeof ZLicenseActivateRequest>;
export type LicenseDeactivateRequest = z.infer<typeof ZLicenseDeactivateRequest>;

/** One quota of the license's tier this period, as a client sees it. */
export const ZPublicQuota = z.object({
  metric: z.string(),
  included: z.number().int(),
  used: z.number().int(),
  /** Included units left this period (0 when spent). */
  remaining: z.number().int(),
  isHard: z.boolean(),
  /** Minor units per unit beyond `included`. */
  overageUnitAmount: z.number().int(),
  /** The quota period, ISO 8601. */
  periodStart: z.string(),
  periodEnd: z.string(),
});
export type PublicQuota = z.infer<typeof ZPublicQuota>;

/** What a client learns about its license (dates as ISO 8601 strings). */
export const ZPublicLicense = z.object({
  id: z.string(),
  pluginId: z.string(),
  status: ZLicenseStatus,
  entitlements: z.array(z.string()),
  expiresAt: z.string().nullable(),
  maxMachines: z.number().int(),
  /** Machines activated now. */
  machines: z.number().int(),
  /** The tier (`free`, `pro`, `enterprise`) and its name; null for a plugin without tiers. */
  tier: z.object({ key: z.string(), name: z.string() }).nullable().optional(),
  /** A trial license: when the trial ends, ISO 8601; null otherwise. */
  trialEndsAt: z.string().nullable().optional(),
  /** The tier's quotas this period. */
  quotas: z.array(ZPublicQuota).optional(),
  /** Prepaid credits left, minor units of `currency`. */
  creditBalance: z.number().int().optional(),
  currency: z.string().optional(),
});
export const ZPublicActivation = z.object({
  id: z.string(),
  fingerprint: z.string(),
  name: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});

/** Every answer of the public license API (signed: `License-Signature` header). */
export const ZLicenseApiResponse = z.object({
  valid: z.boolean(),
  code: ZLicenseResultCode,
  detail: z.string(),
  license: ZPublicLicense.nullable(),
  /** activate: the machine's activation; deactivate: the one released. */
  activation: ZPublicActivation.nullable().optional(),
  /** Server time, ISO 8601. */
  ts: z.string(),
  nonce: z.string().nullable(),
});
export type LicenseApiResponse = z.infer<typeof ZLicenseApiResponse>;

/** An idempotency key of a usage report: 1–255 printable ASCII characters (U+0020–U+007E), like Stripe's Idempotency-Key. */
export const ZUsageIdempotencyKey = z.string()
  .min(1, 'idempotencyKey must not be empty')
  .max(255, 'idempotencyKey must be at most 255 characters')
  .regex(/^[\x20-\x7e]+$/, 'idempotencyKey must be printable ASCII (U+0020–U+007E)');

const ZIsoDateTime = z.iso.datetime({ offset: true });

/**
 * `POST /v1/licenses/usage` body: `quantity` units (1–1,000,000) of `metric`, one of the
 * license's tier quotas. The same `idempotencyKey` again answers the first report's result and
 * records nothing; with another metric or quantity it is refused (422 IDEMPOTENCY_KEY_REUSED).
 * `occurredAt` (ISO 8601, default now) is kept on the record; the quota period is the one at
 * the time of the report.
 */
export const ZLicenseUsageRequest = z.object({
  key: ZKey,
  metric: ZMetricName,
  quantity: z.number({ error: 'quantity must be a whole number from 1 to 1,000,000' }).int('quantity must be a whole number from 1 to 1,000,000')
    .min(1, 'quantity must be a whole number from 1 to 1,000,000').max(1_000_000, 'quantity must be a whole number from 1 to 1,000,000'),
  idempotencyKey: ZUsageIdempotencyKey,
  nonce: ZNonce.optional(),
  occurredAt: z.string().max(64, 'occurredAt must be an ISO 8601 date-time').refine((value) => ZIsoDateTime.safeParse(value).success, 'occurredAt must be an ISO 8601 date-time').optional(),
});
export type LicenseUsageRequest = z.infer<typeof ZLicenseUsageRequest>;

/** How a usage report was covered (quantities in units, balances in minor units of the plugin's currency, dates ISO 8601). */
export const ZLicenseUsageResult = z.object({
  metric: z.string(),
  /** False: refused (QUOTA_EXCEEDED), nothing recorded. */
  accepted: z.boolean(),
  quantity: z.number().int(),
  includedQuantity: z.number().int(),
  creditQuantity: z.number().int(),
  overageQuantity: z.number().int(),
  /** Included units left this period after the report. */
  remaining: z.number().int(),
  /** Credits left after the report. */
  creditBalance: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
});
export type LicenseUsageResult = z.infer<typeof ZLicenseUsageResult>;

/** `POST /v1/licenses/usage` answer: the license answer plus `usage` (absent when the key or license was refused before counting). */
export const ZLicenseUsageResponse = ZLicenseApiResponse.extend({ usage: ZLicenseUsageResult.optional() });
export type LicenseUsageResponse = z.infer<typeof ZLicenseUsageResponse>;
