import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZLicenseStatus } from './license-api.schema.ts';
import { ZSubscriptionDetail } from '../subscriptions/subscriptions.schema.ts';

/** Why support acts; required on every license action and kept in the audit log. */
export const ZLicenseActionReason = zText({ min: 3, minMessage: 'Give a reason (at least 3 characters)', max: 1000, isMultiline: true });

/**
 * `licenses.search`. `query` is whatever support pasted: a license key (JWT), a buyer email (or
 * its start), a license id, key id (jti) or purchase id, or part of a plugin name.
 */
export const ZLicenseSearchInput = z.object({
  query: zText({ max: 4096 }).optional(),
  pluginId: zId().optional(),
  status: ZLicenseStatus.optional(),
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
  /** How the query was read: 'key' (a pasted license key), 'email', 'id', 'plugin' or 'all'. */
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
  action: z.enum(['suspend', 'revoke']),
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
