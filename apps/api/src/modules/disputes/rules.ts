/**
 * Pure rules of answering a dispute. Stripe takes evidence while the dispute awaits a response
 * (needs_response, warning_needs_response), until `evidence_details.due_by`, and not after a
 * submission (https://docs.stripe.com/disputes/responding: "you can only submit evidence once").
 */
import { isDisputeOpen, type DisputeStatus } from '@marketdesk/shared';

export interface EvidenceState {
  status: DisputeStatus;
  evidenceDueBy: Date | null;
  evidenceSubmissionCount: number;
}

/**
 * Why evidence can no longer be sent for a dispute in `state` at `now`, in words for finance;
 * null while Stripe still takes it. Never throws.
 */
export function findEvidenceRefusal(state: EvidenceState, now: Date): string | null {
  if (!isDisputeOpen(state.status)) return `The dispute is closed (${state.status.toLowerCase().replace(/_/g, ' ')}); it takes no more evidence`;
  if (state.evidenceSubmissionCount > 0 || state.status === 'UNDER_REVIEW' || state.status === 'WARNING_UNDER_REVIEW') {
    return 'Evidence was already submitted to Stripe; a submission is final and the bank is reviewing it';
  }
  if (state.evidenceDueBy && now.getTime() > state.evidenceDueBy.getTime()) return `The evidence was due by ${formatDate(state.evidenceDueBy)}; Stripe no longer takes it`;
  return null;
}

/** "2 Dec 2026, 14:05 UTC": an instant as finance reads it in messages. Never throws. */
function formatDate(at: Date): string {
  return `${at.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })} UTC`;
}
