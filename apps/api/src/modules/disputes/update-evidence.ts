/**
 * Finance answers a dispute (disputes.updateEvidence): the evidence form goes to Stripe's
 * `POST /v1/disputes/:id` with `submit=false` (a draft kept at Stripe) or `submit=true` (sent to
 * the bank: final). The Dispute row then keeps the evidence as sent and Stripe's answer
 * (status, evidence_details), with the audit row, in one transaction; the webhook sync
 * (charge.dispute.updated) confirms the same figures later.
 *
 * Exactly once: the idempotency key is derived from the dispute, the evidence, `submit` and the
 * row's last update, so a retry of the same request (a timeout, a double-click) is the same
 * request at Stripe, while a later save is a new one.
 */
import { createHash } from 'node:crypto';
import { AppError, disputeStatusFromStripe, isDisputeClosed, type DisputeDetail, type DisputeEvidence } from '@marketdesk/shared';
import { writeAudit, type Actor } from '../audit/index.ts';
import { isRetryableStripeError, requireStripe } from '../../platform/stripe/access.ts';
import type { DisputesDeps } from './deps.ts';
import { getDispute } from './get-dispute.ts';
import { findEvidenceRefusal } from './rules.ts';

export interface UpdateEvidenceRequest {
  actor: Actor;
  disputeId: string;
  evidence: DisputeEvidence;
  /** true: submit to the bank (final); false: save as a draft at Stripe. */
  submit: boolean;
}

/**
 * Sends `evidence` for dispute `disputeId` to Stripe, as a draft or as the final submission.
 * @returns the dispute as disputes.get returns it.
 * @throws AppError NOT_FOUND (no such dispute); CONFLICT naming why when evidence can no longer be
 *   sent (already submitted, past its due date, closed) — checked here and, if Stripe says so, from
 *   its answer; INVALID_INPUT when Stripe refuses the evidence (e.g. an unknown file); UPSTREAM_FAILED
 *   when Stripe did not answer (send it again: same key); PRECONDITION_FAILED without Stripe.
 */
export async function updateDisputeEvidence(deps: DisputesDeps, input: UpdateEvidenceRequest): Promise<DisputeDetail> {
  const stripe = requireStripe(deps);
  const row = await deps.prisma.dispute.findUnique({ where: { id: input.disputeId }, select: { id: true, stripeDisputeId: true, status: true, evidenceDueBy: true, evidenceSubmissionCount: true, updatedAt: true } });
  if (!row) throw new AppError('NOT_FOUND', { message: `No dispute ${input.disputeId}`, field: 'disputeId' });
  const refusal = findEvidenceRefusal(row, deps.clock.now());
  if (refusal) throw new AppError('CONFLICT', { message: refusal });

  const digest = createHash('sha256').update(JSON.stringify([input.evidence, input.submit, row.updatedAt.getTime()])).digest('hex').slice(0, 32);
  let dispute;
  try {
    dispute = await stripe.disputes.update(row.stripeDisputeId, { evidence: input.evidence, submit: input.submit, metadata: { marketdesk_dispute_id: row.id } }, { idempotencyKey: `dispute-evidence:${row.id}:${digest}` });
  } catch (error) {
    const message = (error as Error).message;
    if (isRetryableStripeError(error)) throw new AppError('UPSTREAM_FAILED', { message: `Stripe did not confirm the evidence for dispute ${row.id}: ${message}`, userMessage: 'Stripe did not answer; send the evidence again', cause: error });
    const param = (error as { param?: string }).param;
    if (param === 'evidence' && /submitted|due by|closed/.test(message)) throw new AppError('CONFLICT', { message: `Stripe refused the evidence: ${message}`, cause: error });
    throw new AppError('INVALID_INPUT', { message: `Stripe refused the evidence: ${message}`, cause: error });
  }

  const now = deps.clock.now();
  const status = disputeStatusFromStripe(dispute.status);
  await deps.prisma.$transaction(async (tx) => {
    await tx.dispute.update({
      where: { id: row.id },
      data: {
        evidence: input.evidence, status, closedAt: isDisputeClosed(status) ? now : null,
        hasEvidence: dispute.evidence_details.has_evidence, evidenceSubmissionCount: dispute.evidence_details.submission_count, isEvidencePastDue: dispute.evidence_details.past_due,
        ...(input.submit ? { evidenceSubmittedAt: now } : {}),
      },
    });
    await writeAudit(tx, {
      actor: input.actor, action: input.submit ? 'disputes.submitEvidence' : 'disputes.saveEvidence', targetType: 'Dispute', targetId: row.id,
      before: { status: row.status, evidenceSubmissionCount: row.evidenceSubmissionCount }, after: { status, evidenceSubmissionCount: dispute.evidence_details.submission_count, fields: Object.keys(input.evidence) },
    });
  });
  return getDispute(deps, { disputeId: row.id });
}
