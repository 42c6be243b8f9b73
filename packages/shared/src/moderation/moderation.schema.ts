import { z } from 'zod';
import { ZCursor, zId, zPageSize, zText } from '../text.ts';

export const SUBMISSION_STATUSES = ['PENDING', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export const QUEUE_REASONS = ['NEW_PLUGIN', 'NEW_VERSION', 'CRITICAL_FINDING', 'CREATOR_REPLY', 'MANUAL_FLAG'] as const;
export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const REPORT_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED'] as const;

export const ZSubmissionStatus = z.enum(SUBMISSION_STATUSES);
/** A submission's version, as PostgreSQL's `integer` holds it. */
export const ZVersion = z.number().int().min(1).max(2_147_483_647);
/** A message to the creator or the moderator: free text, up to 5,000 characters. */
const ZMessage = zText({ max: 5000, isMultiline: true });
export const ZQueueReason = z.enum(QUEUE_REASONS);
export const ZSubmissionRef = z.object({ submissionId: zId() });

/** A decision names the version of the submission the moderator was looking at. */
export const ZDecisionBase = z.object({
  submissionId: zId(),
  version: ZVersion,
});

/** An override reason's bounds: at least 10 characters (a sentence, not "ok"), at most 2,000. */
export const OVERRIDE_REASON_CHARS = { min: 10, max: 2000 } as const;
/**
 * Why an approval goes ahead although the scanner found something CRITICAL; required then (the
 * API answers BAD_REQUEST on field `overrideReason` without it), kept on the decision and in the audit row.
 */
export const ZOverrideReason = zText({
  min: OVERRIDE_REASON_CHARS.min,
  minMessage: `Say why this is safe to approve (at least ${OVERRIDE_REASON_CHARS.min} characters)`,
  max: OVERRIDE_REASON_CHARS.max,
  isMultiline: true,
});

export const ZApproveInput = ZDecisionBase.extend({ message: ZMessage.default(''), overrideReason: ZOverrideReason.optional() });
export const ZRejectInput = ZDecisionBase.extend({
  reasonId: zId({ emptyMessage: 'Choose a reason' }),
  message: zText({ min: 1, minMessage: 'Write a message to the creator', max: 5000, isMultiline: true }),
});
export const ZRequestChangesInput = ZDecisionBase.extend({
  reasonId: zId().optional(),
  message: zText({ min: 1, minMessage: 'Tell the creator what to change', max: 5000, isMultiline: true }),
});

export const ZBulkDecisionInput = z.object({
  kind: z.enum(['APPROVE', 'REJECT']),
  items: z.array(ZDecisionBase).min(1, 'Select at least one submission').max(100),
  reasonId: zId().optional(),
  message: ZMessage.default(''),
}).refine((v) => v.kind === 'APPROVE' || (v.reasonId && v.message), { message: 'A rejection needs a reason and a message', path: ['reasonId'] });

export const ZBulkDecisionOutput = z.object({
  results: z.array(z.object({ submissionId: z.string(), outcome: z.enum(['done', 'refused']), reason: z.string().nullable() })),
});

export const ZClaimOutput = z.object({ submissionId: z.string(), claimExpiresAt: z.date() });

export const ZQueueListInput = z.object({
  status: ZSubmissionStatus.default('PENDING'),
  reason: ZQueueReason.optional(),
  pluginId: zId().optional(),
  creatorId: zId().optional(),
  scoreMin: z.number().int().min(0).max(100).optional(),
  scoreMax: z.number().int().min(0).max(100).optional(),
  hasCriticalFindings: z.boolean().optional(),
  due: z.enum(['overdue', 'today', 'soon', 'all']).default('all'),
  claim: z.enum(['mine', 'unclaimed', 'all']).default('all'),
  cursor: ZCursor.optional(),
  limit: zPageSize(100, 25),
});
export type QueueListInput = z.input<typeof ZQueueListInput>;

export const ZQueueItem = z.object({
  id: z.string(),
  version: z.number().int(),
  status: ZSubmissionStatus,
  queueReasons: z.array(ZQueueReason),
  dueAt: z.date(),
  submittedAt: z.date(),
  plugin: z.object({ id: z.string(), name: z.string() }),
  pluginVersion: z.string(),
  creator: z.object({ id: z.string(), displayName: z.string() }),
  score: z.number().int().nullable(),
  reportStatus: z.enum(REPORT_STATUSES).nullable(),
  hasCriticalFindings: z.boolean(),
  claim: z.object({ holderId: z.string(), holderName: z.string(), expiresAt: z.date() }).nullable(),
});
export type QueueItem = z.infer<typeof ZQueueItem>;

export const ZQueueListOutput = z.object({
  items: z.array(ZQueueItem),
  nextCursor: z.string().nullable(),
  counts: z.object({ pending: z.number().int(), overdue: z.number().int(), unclaimed: z.number().int(), mine: z.number().int(), changesRequested: z.number().int() }),
});
export const ZReleaseOutput = z.object({ submissionId: z.string(), isReleased: z.boolean() });
export const ZDecisionOutput = z.object({ submissionId: z.string(), status: ZSubmissionStatus, version: z.number().int() });

export const ZDecisionReason = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  cannedResponse: z.string(),
  appliesTo: z.enum(['REJECT', 'REQUEST_CHANGES']),
});
export const ZDecisionReasonsOutput = z.array(ZDecisionReason);

/** A moderator flags a submission for (re-)review, e.g. a published version reported by users. */
export const ZFlagInput = ZDecisionBase.extend({
  reason: zText({ min: 1, minMessage: 'Say why it needs review', max: 1000, isMultiline: true }),
});
