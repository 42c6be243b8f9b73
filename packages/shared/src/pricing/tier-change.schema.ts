/** A subscription's tier change (upgrade charged now, prorated; downgrade credited to the next renewal): console and public API shapes. */
import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZTierKey } from './tiers.schema.ts';

/** Console: support or finance changes a subscription's tier, with a reason (audited). */
export const ZSubscriptionChangeTierInput = z.object({
  subscriptionId: zId(),
  tier: ZTierKey,
  reason: zText({ min: 3, minMessage: 'Give a reason (at least 3 characters)', max: 1000, isMultiline: true }),
});
export type SubscriptionChangeTierInput = z.infer<typeof ZSubscriptionChangeTierInput>;

/** Public API `POST /v1/subscriptions/change-tier`: the license key of the subscription's license and the tier wanted (the Idempotency-Key header is required). */
export const ZPublicChangeTierRequest = z.object({
  key: z.string({ error: 'key: the license key is required' }).min(1, 'key: the license key is required').max(4096, 'key: too long'),
  tier: ZTierKey,
});
export type PublicChangeTierRequest = z.infer<typeof ZPublicChangeTierRequest>;

/**
 * The outcome of a tier change; amounts in minor units of `currency`. `direction` UPGRADE: `net`
 * is charged now (`purchaseId`, `purchaseStatus`; the license changes once the payment
 * succeeded); DOWNGRADE: applied at once, −net added to `prorationCreditAmount`. A tiny upgrade
 * below Stripe's minimum charge is applied at once and carried to the next renewal (UPGRADE with
 * purchaseId null).
 */
export const ZTierChangeResult = z.object({
  subscriptionId: z.string(),
  direction: z.enum(['UPGRADE', 'DOWNGRADE']),
  fromTier: z.string().nullable(),
  toTier: ZTierKey,
  currency: z.string(),
  unusedCredit: z.number().int(),
  remainingCharge: z.number().int(),
  net: z.number().int(),
  /** The upgrade's charge (kind SUBSCRIPTION, metadata tier_change); null when nothing was charged. */
  purchaseId: z.string().nullable(),
  purchaseStatus: z.string().nullable(),
  /** Stripe's decline message of the upgrade's charge; null otherwise. */
  paymentError: z.string().nullable(),
  /** True once the subscription and its license are on `toTier`. */
  isApplied: z.boolean(),
  /** The subscription's proration credit after the change (positive: owed to the buyer at the next renewal). */
  prorationCreditAmount: z.number().int(),
});
export type TierChangeResult = z.infer<typeof ZTierChangeResult>;

export const ZSubscriptionBillingInput = z.object({ subscriptionId: zId() });

/**
 * A subscription's tier and money beyond its renewals, for the console's subscription card:
 * its tier and the plugin's tiers (for the change dialog's preview, computed by
 * prorateTierChange), its proration credit, and the overage billed per period. Amounts in minor
 * units of `currency`.
 */
export const ZSubscriptionBilling = z.object({
  subscriptionId: z.string(),
  status: z.string(),
  currency: z.string(),
  currentPeriodStart: z.date(),
  currentPeriodEnd: z.date(),
  /** The tier subscribed to; null for a plugin without tiers (priced at `basePriceAmount`). */
  tier: ZTierKey.nullable(),
  basePriceAmount: z.number().int(),
  tiers: z.array(z.object({ key: ZTierKey, name: z.string(), priceAmount: z.number().int() })),
  /** Positive: owed to the buyer, taken off the next renewal; negative: a rest below Stripe's minimum charge, added to it. */
  prorationCreditAmount: z.number().int(),
  /** OVERAGE purchases, newest period first. */
  overage: z.array(z.object({ purchaseId: z.string(), periodStart: z.date().nullable(), amount: z.number().int(), status: z.string() })),
});
export type SubscriptionBilling = z.infer<typeof ZSubscriptionBilling>;
