/** Subscriptions (Marketdesk-managed monthly renewals): support's and finance's cancel action. */
import { z } from 'zod';
import { zId, zText } from '../text.ts';

export const SUBSCRIPTION_STATUSES = ['TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED', 'INCOMPLETE'] as const;
export const ZSubscriptionStatus = z.enum(SUBSCRIPTION_STATUSES);
export type SubscriptionStatus = z.infer<typeof ZSubscriptionStatus>;

export const ZSubscriptionCancelInput = z.object({
  subscriptionId: zId(),
  reason: zText({ min: 3, minMessage: 'Give a reason (at least 3 characters)', max: 1000, isMultiline: true }),
});
export type SubscriptionCancelInput = z.infer<typeof ZSubscriptionCancelInput>;

/** A subscription's state; times are ISO 8601. */
export const ZSubscriptionSummary = z.object({
  id: z.string(),
  status: ZSubscriptionStatus,
  cancelAtPeriodEnd: z.boolean(),
  canceledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  currentPeriodStart: z.string(),
  currentPeriodEnd: z.string(),
  /** 1 for the first paid month, +1 per renewal. */
  periodNumber: z.number().int(),
});
export type SubscriptionSummary = z.infer<typeof ZSubscriptionSummary>;

/**
 * A subscription as the purchase and license pages show it (dates travel as Dates, like the rest
 * of those outputs); null on the page of a one-time purchase.
 */
export const ZSubscriptionDetail = z.object({
  id: z.string(),
  status: ZSubscriptionStatus,
  currentPeriodStart: z.date(),
  currentPeriodEnd: z.date(),
  /** 1 for the first paid month, +1 per renewal. */
  periodNumber: z.number().int(),
  /** Set by support or finance: no renewal is charged and it ends at `currentPeriodEnd`. */
  cancelAtPeriodEnd: z.boolean(),
  canceledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  /** Declined charges of the renewal for period `periodNumber + 1` (0 while none failed). */
  failedRenewalAttempts: z.number().int(),
  /** When the renewal job next charges (the period end, then each retry); null when nothing is due. */
  nextRenewalAt: z.date().nullable(),
});
export type SubscriptionDetail = z.infer<typeof ZSubscriptionDetail>;
