import { z } from 'zod';
import { zId, ZPageNumber, zPageSize, zText } from '../text.ts';
import { ZMetricName } from '../pricing/tiers.schema.ts';
import { QUEUE_REASONS, REPORT_STATUSES, SEVERITIES, SUBMISSION_STATUSES, ZVersion } from './moderation.schema.ts';

/** The largest package tarball a creator may upload (bytes). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const ZUploadOutput = z.object({
  uploadId: z.string(),
  sizeBytes: z.number().int(),
  integrity: z.string(),
  name: z.string(),
  version: z.string(),
});
export type UploadOutput = z.infer<typeof ZUploadOutput>;

export const ZSubmissionsCreateInput = z.object({
  pluginId: zId({ emptyMessage: 'Choose a plugin' }),
  uploadId: z.string().regex(/^[\w-]{8,64}$/, 'Upload the package first'),
});

export const ZSubmissionSummary = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(SUBMISSION_STATUSES),
  queueReasons: z.array(z.enum(QUEUE_REASONS)),
  dueAt: z.date(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  plugin: z.object({ id: z.string(), name: z.string() }),
  pluginVersion: z.string(),
  score: z.number().int().nullable(),
  reportStatus: z.enum(REPORT_STATUSES).nullable(),
  hasCriticalFindings: z.boolean(),
  lastDecision: z.object({ kind: z.enum(['APPROVE', 'REJECT', 'REQUEST_CHANGES']), message: z.string(), reason: z.string().nullable(), createdAt: z.date() }).nullable(),
});
export type SubmissionSummary = z.infer<typeof ZSubmissionSummary>;

export const ZMySubmissionsInput = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  page: ZPageNumber,
  pageSize: zPageSize(100, 25),
});
export const ZMySubmissionsOutput = z.object({ items: z.array(ZSubmissionSummary), total: z.number().int() });

export const ZFinding = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
  snippet: z.string().nullable(),
});

export const ZQualityReport = z.object({
  id: z.string(),
  status: z.enum(REPORT_STATUSES),
  failureReason: z.string().nullable(),
  score: z.number().int().nullable(),
  lintScore: z.number().int().nullable(),
  typesScore: z.number().int().nullable(),
  testsScore: z.number().int().nullable(),
  docsScore: z.number().int().nullable(),
  breakdown: z.unknown().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  findings: z.array(ZFinding),
});

/** Most entitlements, and most metrics, a package may declare in package.json's `marketdesk`. */
export const MAX_DECLARED_NAMES = 50;
/** An entitlement a package declares it checks: 1–64 characters of a–z, 0–9, `.`, `_`, `-`. */
export const ZDeclaredEntitlement = z.string().regex(/^[a-z0-9._-]{1,64}$/, 'entitlement must be 1–64 characters of a–z, 0–9, ".", "_" or "-"');

/**
 * What a package declares in package.json `"marketdesk": { "entitlements": [...], "metrics": [...] }`:
 * the entitlements it checks on the license and the usage metrics it reports, as the scanner
 * kept them (valid, deduplicated, at most {@link MAX_DECLARED_NAMES} each).
 */
export const ZDeclaredLicensing = z.object({
  entitlements: z.array(ZDeclaredEntitlement).max(MAX_DECLARED_NAMES),
  metrics: z.array(ZMetricName).max(MAX_DECLARED_NAMES),
});
export type DeclaredLicensing = z.infer<typeof ZDeclaredLicensing>;

/**
 * The review page's Licensing section: the newest report's declaration (null when the package has
 * no `marketdesk` field or no finished report) beside what the plugin's tiers sell now (cheapest
 * first; `metrics` are the tier's quota metrics).
 */
export const ZSubmissionLicensing = z.object({
  declared: ZDeclaredLicensing.nullable(),
  tiers: z.array(z.object({ key: z.string(), name: z.string(), entitlements: z.array(z.string()), metrics: z.array(z.string()) })),
});
export type SubmissionLicensing = z.infer<typeof ZSubmissionLicensing>;

export const ZSubmissionDetail = ZSubmissionSummary.extend({
  creator: z.object({ id: z.string(), displayName: z.string() }),
  manifest: z.unknown().nullable(),
  sizeBytes: z.number().int().nullable(),
  claim: z.object({ holderId: z.string(), holderName: z.string(), expiresAt: z.date() }).nullable(),
  report: ZQualityReport.nullable(),
  licensing: ZSubmissionLicensing,
  history: z.array(z.object({
    kind: z.enum(['APPROVE', 'REJECT', 'REQUEST_CHANGES', 'REPLY']),
    author: z.string(),
    message: z.string(),
    reason: z.string().nullable(),
    /** Why an approval overrode a critical finding; null otherwise. */
    overrideReason: z.string().nullable(),
    createdAt: z.date(),
  })),
});
export type SubmissionDetail = z.infer<typeof ZSubmissionDetail>;

export const ZReplyInput = z.object({
  submissionId: zId(),
  version: ZVersion,
  message: zText({ min: 1, minMessage: 'Write a reply to the moderator', max: 5000, isMultiline: true }),
});

export const ZOwnPluginsOutput = z.array(z.object({ id: z.string(), name: z.string(), latestVersion: z.string().nullable() }));
