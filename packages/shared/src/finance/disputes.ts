/**
 * Dispute status sets, once, for the API (refund cap and preview, finance records, license
 * sync, purchase sync) and the Stripe emulator (which statuses block a refund). Statuses are ours
 * ({@link ZDisputeStatus}, upper case); {@link disputeStatusFromStripe} maps Stripe's.
 *
 * Stripe's dispute lifecycle (https://docs.stripe.com/api/disputes/object#dispute_object-status,
 * https://docs.stripe.com/disputes/how-disputes-work):
 *   inquiries (no money moves):  warning_needs_response → warning_under_review → warning_closed
 *                                (or they become a chargeback);
 *   chargebacks (amount + fee withdrawn when opened): needs_response → under_review → won | lost;
 *   prevented: resolved before it became a chargeback (dispute prevention), nothing withdrawn.
 * Every status is either open or closed.
 */
import type { z } from 'zod';
import { ZDisputeStatus } from './records.schema.ts';

/** One of our dispute statuses: `z.infer<typeof ZDisputeStatus>` (Stripe's, upper case). */
export type DisputeStatus = z.infer<typeof ZDisputeStatus>;

/**
 * Disputes still in progress: inquiries and chargebacks awaiting a response or a decision.
 * A purchase with an open dispute cannot be refunded (Stripe refuses with `charge_disputed`),
 * and its licence is suspended until the dispute closes.
 */
export const OPEN_DISPUTE_STATUSES = Object.freeze(['WARNING_NEEDS_RESPONSE', 'WARNING_UNDER_REVIEW', 'NEEDS_RESPONSE', 'UNDER_REVIEW'] as const satisfies readonly DisputeStatus[]);
export type OpenDisputeStatus = (typeof OPEN_DISPUTE_STATUSES)[number];

/**
 * Chargebacks whose money is withheld: Stripe withdrew the disputed amount when the chargeback
 * opened (needs_response, under_review) and keeps it when lost; it comes back only when won.
 * A charge with one cannot be refunded at all (refundableAmount: Stripe and the emulator refuse
 * with `charge_disputed`), even when the chargeback took only part of it. Inquiries withdraw nothing.
 */
export const CHARGEBACK_WITHHELD_STATUSES = Object.freeze(['NEEDS_RESPONSE', 'UNDER_REVIEW', 'LOST'] as const satisfies readonly DisputeStatus[]);
export type ChargebackWithheldStatus = (typeof CHARGEBACK_WITHHELD_STATUSES)[number];

/** Disputes that are over: won, lost, an inquiry closed, or prevented. */
export const CLOSED_DISPUTE_STATUSES = Object.freeze(['WON', 'LOST', 'WARNING_CLOSED', 'PREVENTED'] as const satisfies readonly DisputeStatus[]);
export type ClosedDisputeStatus = (typeof CLOSED_DISPUTE_STATUSES)[number];

/** True for an open dispute ({@link OPEN_DISPUTE_STATUSES}). Never throws. */
export function isDisputeOpen(status: DisputeStatus): status is OpenDisputeStatus {
  return (OPEN_DISPUTE_STATUSES as readonly string[]).includes(status);
}

/** True when the dispute's chargeback withholds its amount ({@link CHARGEBACK_WITHHELD_STATUSES}). Never throws. */
export function isChargebackWithheld(status: DisputeStatus): status is ChargebackWithheldStatus {
  return (CHARGEBACK_WITHHELD_STATUSES as readonly string[]).includes(status);
}

/** True for a closed dispute ({@link CLOSED_DISPUTE_STATUSES}). Never throws. */
export function isDisputeClosed(status: DisputeStatus): status is ClosedDisputeStatus {
  return (CLOSED_DISPUTE_STATUSES as readonly string[]).includes(status);
}

/** True for a lost chargeback (LOST): the money stays with the cardholder, the licence is revoked. Never throws. */
export function isDisputeLost(status: DisputeStatus): status is 'LOST' {
  return status === 'LOST';
}

const FROM_STRIPE: Readonly<Record<string, DisputeStatus>> = Object.freeze({
  warning_needs_response: 'WARNING_NEEDS_RESPONSE',
  warning_under_review: 'WARNING_UNDER_REVIEW',
  warning_closed: 'WARNING_CLOSED',
  needs_response: 'NEEDS_RESPONSE',
  under_review: 'UNDER_REVIEW',
  won: 'WON',
  lost: 'LOST',
  prevented: 'PREVENTED',
});

/**
 * Maps Stripe's dispute status (lowercase, e.g. "needs_response") to ours ("NEEDS_RESPONSE").
 * Source: https://docs.stripe.com/api/disputes/object#dispute_object-status — warning_needs_response,
 * warning_under_review, warning_closed, needs_response, under_review, won, lost, prevented.
 * @throws RangeError naming the status when it is not one of those (e.g. the retired
 *   "charge_refunded", or an upper-case status).
 */
export function disputeStatusFromStripe(status: string): DisputeStatus {
  if (!Object.hasOwn(FROM_STRIPE, status)) throw new RangeError(`Unknown Stripe dispute status "${status}"`);
  return FROM_STRIPE[status]!;
}
