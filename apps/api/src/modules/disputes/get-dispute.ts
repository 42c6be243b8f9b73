/** One dispute for the console's dispute page (disputes.get). */
import { AppError, ZDisputeEvidence, type DisputeDetail } from '@marketdesk/shared';
import type { DisputesDeps } from './deps.ts';
import { findEvidenceRefusal } from './rules.ts';

export const DISPUTE_DETAIL_SELECT = {
  id: true, stripeDisputeId: true, amount: true, currency: true, reason: true, status: true, createdAt: true, closedAt: true,
  evidenceDueBy: true, hasEvidence: true, evidenceSubmissionCount: true, isEvidencePastDue: true, evidence: true, evidenceSubmittedAt: true,
  purchase: { select: { id: true, buyerEmail: true, amount: true, currency: true, status: true, chargeId: true, plugin: { select: { name: true } } } },
} as const;

/**
 * The dispute `disputeId` (our id) with its purchase, Stripe's evidence_details as last synced,
 * the evidence as last sent from the console, and why evidence can no longer be sent (null while
 * it can). Amounts in minor units.
 * @throws AppError NOT_FOUND when there is no such dispute.
 */
export async function getDispute(deps: Pick<DisputesDeps, 'prisma' | 'clock'>, input: { disputeId: string }): Promise<DisputeDetail> {
  const row = await deps.prisma.dispute.findUnique({ where: { id: input.disputeId }, select: DISPUTE_DETAIL_SELECT });
  if (!row) throw new AppError('NOT_FOUND', { message: `No dispute ${input.disputeId}`, field: 'disputeId' });
  const { purchase, evidence, ...dispute } = row;
  const parsed = evidence === null ? null : ZDisputeEvidence.safeParse(evidence);
  return {
    ...dispute,
    evidence: parsed?.success ? parsed.data : null,
    responseClosedReason: findEvidenceRefusal(dispute, deps.clock.now()),
    purchase: { id: purchase.id, buyerEmail: purchase.buyerEmail, pluginName: purchase.plugin.name, amount: purchase.amount, currency: purchase.currency, status: purchase.status, chargeId: purchase.chargeId },
  };
}
