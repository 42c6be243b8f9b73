/**
 * Creators' Stripe Connect onboarding ("Set up payouts") and finance's list of restricted
 * creators. Field names follow Stripe's Account object (docs.stripe.com/api/accounts/object).
 */
import { z } from 'zod';
import { zPageSize, zText } from '../text.ts';

/** What Marketdesk keeps of a creator's connected account, from account.updated or a re-read. */
export const ZPayoutSetupStatus = z.object({
  creatorId: z.string(),
  /** `acct_…`, or null before the creator started onboarding. */
  stripeAccountId: z.string().nullable(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  /** Status of the `transfers` capability (active, inactive, pending), null without an account. Sales need it active. */
  transfersCapability: z.string().nullable(),
  /** Whether buyers can buy the creator's plugins: the `transfers` capability is active. */
  canReceiveTransfers: z.boolean(),
  /** Stripe's `requirements.currently_due`, e.g. external_account, individual.dob.day. */
  currentlyDue: z.array(z.string()),
  /** Stripe's `requirements.past_due`. */
  pastDue: z.array(z.string()),
  /** Stripe's `requirements.disabled_reason`, e.g. requirements.past_due. */
  disabledReason: z.string().nullable(),
  /** When Stripe's account was last read. */
  syncedAt: z.date().nullable(),
});
export type PayoutSetupStatus = z.infer<typeof ZPayoutSetupStatus>;


/** An http(s) URL Stripe's hosted onboarding sends the creator to. */
const ZReturnUrl = zText({ max: 2000, isTrimmed: false }).url().regex(/^https?:\/\//, 'an http:// or https:// URL');
/**
 * Where Stripe sends the creator: `returnUrl` when they leave onboarding (the console page, which
 * re-reads the account), `refreshUrl` when the link expired or was used (a page that makes a new link).
 */
export const ZOnboardingLinkInput = z.object({ returnUrl: ZReturnUrl, refreshUrl: ZReturnUrl });
export const ZOnboardingLinkOutput = z.object({
  /** Stripe's hosted onboarding page. */
  url: z.string().url(),
  /** Unix seconds: the link cannot be followed after. */
  expiresAt: z.number().int(),
});

export const ZRestrictedCreatorsInput = z.object({ limit: zPageSize(200, 100) });
export const ZRestrictedCreatorsOutput = z.object({
  items: z.array(ZPayoutSetupStatus.extend({ slug: z.string(), displayName: z.string(), publishedPlugins: z.number().int() })),
});
