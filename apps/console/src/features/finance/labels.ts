import type { z } from 'zod';
import type { ZDisputeStatus, ZPayoutStatus, ZPurchaseStatus, ZRefundReason, ZRefundStatus, ZStripeEventStatus } from '@marketdesk/shared';

export const PAYOUT_STATUS_LABELS: Record<z.infer<typeof ZPayoutStatus>, string> = { PENDING: 'Pending', IN_TRANSIT: 'In transit', PAID: 'Paid', FAILED: 'Failed', CANCELED: 'Canceled' };
export const PAYOUT_STATUS_COLORS: Record<z.infer<typeof ZPayoutStatus>, string> = { PENDING: 'gray', IN_TRANSIT: 'blue', PAID: 'teal', FAILED: 'red', CANCELED: 'gray' };

export const REFUND_STATUS_LABELS: Record<z.infer<typeof ZRefundStatus>, string> = { PENDING: 'Pending', REQUIRES_ACTION: 'Requires action', SUCCEEDED: 'Succeeded', FAILED: 'Failed', CANCELED: 'Canceled' };
export const REFUND_STATUS_COLORS: Record<z.infer<typeof ZRefundStatus>, string> = { PENDING: 'gray', REQUIRES_ACTION: 'yellow', SUCCEEDED: 'teal', FAILED: 'red', CANCELED: 'gray' };

/** Stripe's refund reasons, as Stripe's Dashboard words them. */
export const REFUND_REASON_LABELS: Record<z.infer<typeof ZRefundReason>, string> = { DUPLICATE: 'Duplicate', FRAUDULENT: 'Fraudulent', REQUESTED_BY_CUSTOMER: 'Requested by customer' };

export const DISPUTE_STATUS_LABELS: Record<z.infer<typeof ZDisputeStatus>, string> = {
  WARNING_NEEDS_RESPONSE: 'Inquiry: needs response', WARNING_UNDER_REVIEW: 'Inquiry: under review', WARNING_CLOSED: 'Inquiry closed',
  NEEDS_RESPONSE: 'Needs response', UNDER_REVIEW: 'Under review', WON: 'Won', LOST: 'Lost', PREVENTED: 'Prevented',
};
export const DISPUTE_STATUS_COLORS: Record<z.infer<typeof ZDisputeStatus>, string> = {
  WARNING_NEEDS_RESPONSE: 'orange', WARNING_UNDER_REVIEW: 'yellow', WARNING_CLOSED: 'gray', NEEDS_RESPONSE: 'red', UNDER_REVIEW: 'yellow', WON: 'teal', LOST: 'red', PREVENTED: 'teal',
};

export const STRIPE_EVENT_STATUS_LABELS: Record<z.infer<typeof ZStripeEventStatus>, string> = { PENDING: 'Pending', PROCESSING: 'Processing', PROCESSED: 'Processed', IGNORED: 'Ignored', FAILED: 'Failed', DEAD: 'Dead-lettered' };
export const STRIPE_EVENT_STATUS_COLORS: Record<z.infer<typeof ZStripeEventStatus>, string> = { PENDING: 'gray', PROCESSING: 'blue', PROCESSED: 'teal', IGNORED: 'gray', FAILED: 'orange', DEAD: 'red' };

/** Options for a status Select from a label map. */
export function toOptions<T extends string>(labels: Record<T, string>) {
  return (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }));
}

export const PURCHASE_STATUS_LABELS: Record<z.infer<typeof ZPurchaseStatus>, string> = { PENDING: 'Pending', SUCCEEDED: 'Paid', PARTIALLY_REFUNDED: 'Partially refunded', REFUNDED: 'Refunded', FAILED: 'Failed', CANCELED: 'Canceled' };
export const PURCHASE_STATUS_COLORS: Record<z.infer<typeof ZPurchaseStatus>, string> = { PENDING: 'gray', SUCCEEDED: 'teal', PARTIALLY_REFUNDED: 'orange', REFUNDED: 'grape', FAILED: 'red', CANCELED: 'gray' };
