import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZLicenseResultCode, ZLicenseStatus } from './license-api.schema.ts';
import { ZSubscriptionDetail } from '../subscriptions/subscriptions.schema.ts';

/** Why support acts; required on every license action and kept in the audit log. */
export const ZLicenseActionReason = zText({ min: 3, minMessage: 'Give a reason (at least 3 characters)', max: 1000, isMultiline: true });

/** How long a license's validation log (LicenseValidation rows) is kept, days. */
export const LICENSE_VALIDATION_LOG_RETENTION_DAYS = 30;
/** The window of the search's `validationCode` filter, hours. */
export const VALIDATION_CODE_WINDOW_HOURS = 24;

/**
 * `licenses.search`. `query` is whatever support pasted: a license key (JWT), a buyer email or
 * any part of it, a license id, key id (jti) or purchase id, or part of a plugin name.
 * `validationCode`: licenses whose public API answered that code in the last
 * VALIDATION_CODE_WINDOW_HOURS hours.
 */
export const ZLicenseSearchInput = z.object({
  query: zText({ max: 4096 }).optional(),
  pluginId: zId().optional(),
  status: ZLicenseStatus.optional(),
  validationCode: ZLicenseResultCode.optional(),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 50),
});
export type LicenseSearchInput = z.input<typeof ZLicenseSearchInput>;

export const ZLicenseSummary = z.object({
  id: z.string(),
  keyId: z.string(),
  status: ZLicenseStatus,
  statusReason: z.string().nullable(),
  statusChangedAt: z.date().nullable(),
  plugin: z.object({ id: z.string(), name: z.string() }),
  buyerEmail: z.string(),
  purchaseId: z.string().nullable(),
  entitlements: z.array(z.string()),
  machineLimit: z.number().int(),
  /** Activations not deactivated. */
  activeMachines: z.number().int(),
  issuedAt: z.date(),
  expiresAt: z.date().nullable(),
});
export type LicenseSummary = z.infer<typeof ZLicenseSummary>;

export const ZLicenseSearchOutput = z.object({
  items: z.array(ZLicenseSummary),
  nextCursor: z.string().nullable(),
  /** How the query was read: 'key' (a pasted license key), 'email' (has "@"), 'id', 'plugin' (part of a plugin name or buyer email) or 'all'. */
  matchedBy: z.enum(['key', 'email', 'id', 'plugin', 'all']),
});

export const ZLicenseRef = z.object({ id: zId() });

export const ZLicenseActivation = z.object({
  id: z.string(),
  fingerprint: z.string(),
  name: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  deactivatedAt: z.date().nullable(),
});

export const ZLicenseHistoryEntry = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actorEmail: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

/** `licenses.get`. */
export const ZLicenseDetail = ZLicenseSummary.extend({
  /** The license key (the signed JWT) to give the buyer again. */
  key: z.string(),
  signingKid: z.string(),
  statusChangedBy: z.string().nullable(),
  purchase: z.object({ id: z.string(), status: z.string(), amount: ZMinorUnits, currency: ZCurrency, paidAt: z.date().nullable() }).nullable(),
  /** The subscription that keeps the license paid (its expiry follows the paid period); null for a one-time purchase. */
  subscription: ZSubscriptionDetail.nullable(),
  activations: z.array(ZLicenseActivation),
  /** The last 30 UTC days, oldest first, zero-filled; `day` is YYYY-MM-DD. */
  validationsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  /** Audit log rows about this license, newest first. */
  history: z.array(ZLicenseHistoryEntry),
  /**
   * The tier the license is of, with the tier's terms today (the license keeps the entitlements and
   * machine limit it was issued with: `entitlements`, `machineLimit`); null for a plugin without tiers.
   */
  tier: z.object({ key: z.string(), name: z.string(), entitlements: z.array(z.string()), machineLimit: z.number().int(), trialDays: z.number().int() }).nullable(),
  /** The license this one replaced (licenses.replace), if any. */
  replaces: z.object({ id: z.string(), status: ZLicenseStatus }).nullable(),
  /** The license issued to replace this one, if any (a license is replaced at most once). */
  replacedBy: z.object({ id: z.string(), status: ZLicenseStatus, issuedAt: z.date() }).nullable(),
});
export type LicenseDetail = z.infer<typeof ZLicenseDetail>;

export const ZLicenseActionInput = z.object({ id: zId(), reason: ZLicenseActionReason });
export type LicenseActionInput = z.infer<typeof ZLicenseActionInput>;

/** `licenses.suspend | reinstate | revoke` answer. */
export const ZLicenseStatusChangeOutput = z.object({
  id: z.string(),
  status: ZLicenseStatus,
  statusReason: z.string().nullable(),
  statusChangedAt: z.date().nullable(),
});

export const ZLicenseDeactivateMachineInput = z.object({
  licenseId: zId(),
  activationId: zId(),
  reason: ZLicenseActionReason,
});
export const ZLicenseDeactivateMachineOutput = ZLicenseActivation;

export const ZLicenseBulkInput = z.object({
  ids: z.array(zId()).min(1).max(100),
  action: z.enum(['suspend', 'reinstate', 'revoke']),
  reason: ZLicenseActionReason,
});
export const ZLicenseBulkOutput = z.object({
  results: z.array(z.object({
    id: z.string(),
    ok: z.boolean(),
    status: ZLicenseStatus.nullable(),
    /** Why this one was not changed (unknown id, already revoked, …). */
    error: z.string().nullable(),
  })),
});

/** `licenses.validations`: one license's validation log, newest first, keyset-paged; `code` filters. */
export const ZLicenseValidationsInput = z.object({
  licenseId: zId(),
  code: ZLicenseResultCode.optional(),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 25),
});
export type LicenseValidationsInput = z.input<typeof ZLicenseValidationsInput>;

/** One answer of the public license API to a client holding this license's key. */
export const ZLicenseValidation = z.object({
  id: z.string(),
  occurredAt: z.date(),
  /** The code answered (LICENSE_RESULT_CODES); a string, so a code retired later still reads. */
  code: z.string(),
  fingerprint: z.string().nullable(),
  /** The activation of `fingerprint` on this license (deactivated ones too), if there is one. */
  activation: z.object({ id: z.string(), name: z.string().nullable(), isActive: z.boolean() }).nullable(),
  /** The client's address truncated: IPv4 /24 or IPv6 /48, e.g. "203.0.113.0/24". */
  ipPrefix: z.string().nullable(),
  userAgent: z.string().nullable(),
  pluginVersion: z.string().nullable(),
});
export type LicenseValidation = z.infer<typeof ZLicenseValidation>;

export const ZLicenseValidationsOutput = z.object({
  items: z.array(ZLicenseValidation),
  nextCursor: z.string().nullable(),
  /** Days the log is kept (LICENSE_VALIDATION_LOG_RETENTION_DAYS). */
  retentionDays: z.number().int(),
});

/** `licenses.replace`: revoke (if not already) and issue a new license with the same terms. */
export const ZLicenseReplaceInput = z.object({ licenseId: zId(), reason: ZLicenseActionReason });
export type LicenseReplaceInput = z.infer<typeof ZLicenseReplaceInput>;

export const ZLicenseReplaceOutput = z.object({
  /** The old license after the change (REVOKED). */
  replaced: ZLicenseStatusChangeOutput,
  /** The new license. */
  license: ZLicenseSummary,
  /** The new license key (signed JWT), to give the buyer. */
  key: z.string(),
});
