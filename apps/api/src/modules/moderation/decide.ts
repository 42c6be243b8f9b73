/**
 * Moderation decisions: approve, reject (with a reason), request changes. A decision names
 * the submission version the moderator saw; it applies only if that is still the version,
 * the submission is pending and the moderator holds an unexpired claim — one conditional
 * UPDATE, so of two decisions at once one applies and the other gets CONFLICT. In the same
 * transaction: the decision row, the plugin version's publication state, a notification to
 * the creator (outbox) and the audit row.
 */
import { AppError, OVERRIDE_REASON_CHARS } from '@marketdesk/shared';
import type { DecisionKind, Prisma } from '../../generated/prisma/client.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { claimSubmission } from './claims.ts';
import type { ModerationDeps } from './deps.ts';

export interface DecisionRequest {
  kind: DecisionKind;
  submissionId: string;
  /** The `version` the moderator's page showed. */
  version: number;
  reasonId?: string;
  /** Message to the creator (required for REJECT and REQUEST_CHANGES by the input schema). */
  message: string;
  /** Why an approval goes ahead despite a critical finding: required then (≥ 10 characters, `OVERRIDE_REASON_CHARS`), ignored otherwise. */
  overrideReason?: string;
}

const NEXT_STATUS = { APPROVE: 'APPROVED', REJECT: 'REJECTED', REQUEST_CHANGES: 'CHANGES_REQUESTED' } as const;

/**
 * Applies one decision, `{ actor, kind, submissionId, version, reasonId?, message, overrideReason? }`, by the
 * moderator `actor` at `deps.clock.now()` (the claim must still run then).
 * @returns the submission's new status and version.
 * @throws AppError NOT_FOUND; FORBIDDEN (own plugin); INVALID_INPUT (reason missing, unknown
 *   or for another kind of decision — field "reasonId"; an approval of a submission with a
 *   critical finding without an override reason of at least 10 characters — field
 *   "overrideReason"); CONFLICT (stale version, already
 *   decided, or claimed by someone else); PRECONDITION_FAILED (no unexpired claim held).
 */
export async function decideSubmission(deps: ModerationDeps, { actor, ...request }: DecisionRequest & { actor: Actor }) {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const submission = await tx.submission.findUnique({
      where: { id: request.submissionId },
      select: {
        id: true, status: true, version: true, hasCriticalFindings: true, claimedById: true, claimExpiresAt: true, pluginId: true, pluginVersionId: true, creatorId: true,
        creator: { select: { userId: true } }, plugin: { select: { name: true } }, pluginVersion: { select: { version: true } },
      },
    });
    if (!submission) throw new AppError('NOT_FOUND', { message: `No submission ${request.submissionId}`, field: 'submissionId' });
    if (submission.creator.userId === actor.userId) throw new AppError('FORBIDDEN', { message: 'You cannot review your own plugin' });
    const reason = await readReason(tx, request);
    const overrideReason = readOverrideReason(request, submission.hasCriticalFindings);

    const status = NEXT_STATUS[request.kind];
    const { count } = await tx.submission.updateMany({
      where: { id: submission.id, version: request.version, status: 'PENDING', claimedById: actor.userId, claimExpiresAt: { gt: now } },
      data: { status, version: { increment: 1 }, decidedAt: now, claimedById: null, claimExpiresAt: null },
    });
    if (count === 0) await explainRefusal(tx, actor, request, now);

    await tx.reviewDecision.create({ data: { submissionId: submission.id, moderatorId: actor.userId, kind: request.kind, reasonId: reason?.id ?? null, message: request.message, overrideReason, createdAt: now } });
    if (request.kind === 'APPROVE') {
      await tx.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { status: 'PUBLISHED', publishedAt: now } });
      await tx.plugin.update({ where: { id: submission.pluginId }, data: { status: 'PUBLISHED' } });
    } else if (request.kind === 'REJECT') {
      await tx.pluginVersion.update({ where: { id: submission.pluginVersionId }, data: { status: 'REJECTED' } });
    }
    const label = `${submission.plugin.name}@${submission.pluginVersion.version}`;
    await tx.notification.create({
      data: {
        creatorId: submission.creatorId,
        kind: `submission.${status.toLowerCase()}`,
        subject: { APPROVE: `${label} is approved`, REJECT: `${label} was rejected`, REQUEST_CHANGES: `${label} needs changes` }[request.kind],
        body: request.message || `${label} is approved and published.`,
        payload: { submissionId: submission.id, reason: reason?.label ?? null },
        createdAt: now,
      },
    });
    await writeAudit(tx, {
      actor,
      action: `submissions.${request.kind === 'APPROVE' ? 'approve' : request.kind === 'REJECT' ? 'reject' : 'requestChanges'}`,
      targetType: 'Submission',
      targetId: submission.id,
      reason: reason?.label ?? overrideReason,
      before: { status: submission.status, version: submission.version },
      after: { status, version: submission.version + 1, message: request.message, ...(overrideReason ? { overrideReason } : {}) },
    });
    return { submissionId: submission.id, status, version: submission.version + 1 };
  });
}

async function readReason(tx: Prisma.TransactionClient, request: DecisionRequest) {
  if (!request.reasonId) {
    if (request.kind === 'REJECT') throw new AppError('INVALID_INPUT', { message: 'A rejection needs a reason', field: 'reasonId' });
    return null;
  }
  const reason = await tx.decisionReason.findUnique({ where: { id: request.reasonId }, select: { id: true, label: true, appliesTo: true, isActive: true } });
  if (!reason || !reason.isActive) throw new AppError('INVALID_INPUT', { message: `Unknown decision reason ${request.reasonId}`, field: 'reasonId' });
  if (reason.appliesTo !== request.kind) {
    throw new AppError('INVALID_INPUT', { message: `"${reason.label}" is a reason for ${reason.appliesTo.toLowerCase().replace('_', ' ')}, not for this decision`, field: 'reasonId' });
  }
  return reason;
}

/**
 * The override reason an approval of a submission with a CRITICAL finding must give (the issue's
 * rule: the moderator says why it is safe, and the audit log keeps it); null for any other decision.
 * @throws AppError INVALID_INPUT on field "overrideReason" when it is missing or shorter than 10 characters.
 */
function readOverrideReason(request: DecisionRequest, hasCriticalFindings: boolean): string | null {
  if (request.kind !== 'APPROVE' || !hasCriticalFindings) return null;
  const overrideReason = request.overrideReason?.trim() ?? '';
  if (overrideReason.length < OVERRIDE_REASON_CHARS.min) {
    throw new AppError('INVALID_INPUT', {
      message: `This submission has a critical finding: approving it needs an override reason of at least ${OVERRIDE_REASON_CHARS.min} characters`,
      field: 'overrideReason',
    });
  }
  return overrideReason;
}

/** Says why the conditional update matched nothing; always throws. */
async function explainRefusal(tx: Prisma.TransactionClient, actor: Actor, request: DecisionRequest, now: Date): Promise<never> {
  const current = await tx.submission.findUniqueOrThrow({
    where: { id: request.submissionId },
    select: { status: true, version: true, claimedById: true, claimExpiresAt: true, claimedBy: { select: { name: true } } },
  });
  if (current.version !== request.version) {
    throw new AppError('CONFLICT', { message: `This submission changed since you opened it (version ${request.version}, now ${current.version}, ${current.status.toLowerCase().replace('_', ' ')}); reload it before deciding` });
  }
  if (current.status !== 'PENDING') throw new AppError('CONFLICT', { message: `This submission is already ${current.status.toLowerCase().replace('_', ' ')}` });
  const isHeldByOther = current.claimedById && current.claimedById !== actor.userId && current.claimExpiresAt && current.claimExpiresAt > now;
  if (isHeldByOther) throw new AppError('CONFLICT', { message: `Claimed by ${current.claimedBy?.name ?? 'another moderator'}; only the claim holder can decide` });
  throw new AppError('PRECONDITION_FAILED', { message: 'Claim this submission before deciding (your claim is missing or expired)' });
}

/**
 * Applies decisions `{ actor, requests }` (typically the same decision on many submissions),
 * each in its own transaction (one refusal does not undo the others), claiming each first
 * (re-claiming one the moderator holds only extends it).
 * @returns `{ results }`: one per request, in order: done, or refused with the AppError's user
 *   message. Errors other than AppError are thrown.
 */
export async function decideInBulk(deps: ModerationDeps, { actor, requests }: { actor: Actor; requests: DecisionRequest[] }) {
  const results: { submissionId: string; outcome: 'done' | 'refused'; reason: string | null }[] = [];
  for (const request of requests) {
    try {
      await claimSubmission(deps, { actor, submissionId: request.submissionId });
      await decideSubmission(deps, { ...request, actor });
      results.push({ submissionId: request.submissionId, outcome: 'done', reason: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ submissionId: request.submissionId, outcome: 'refused', reason: error.userMessage });
    }
  }
  return { results };
}
