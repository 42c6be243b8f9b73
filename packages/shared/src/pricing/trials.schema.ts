/**
 * Trials of a paid tier (Stripe's trial_period_days): `POST /v1/trials` starts one with the card
 * saved and nothing charged; the renewal job charges period 1 at the trial end (conversion) or
 * lets the trial expire; support extends an ACTIVE trial (licenses.extendTrial).
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { ZEmail } from '../users/users.schema.ts';
import { ZFingerprint } from '../licenses/license-api.schema.ts';
import { ZTierKey } from './tiers.schema.ts';

const ZRedirectUrl = zText({ max: 2000, isTrimmed: false }).pipe(z.string().url().refine((url) => /^https?:\/\//i.test(url), { message: 'must be an http(s) URL' }));

export const TRIAL_STATUSES = ['ACTIVE', 'CONVERTED', 'EXPIRED', 'CANCELED'] as const;
export const ZTrialStatus = z.enum(TRIAL_STATUSES);
export type TrialStatus = z.infer<typeof ZTrialStatus>;

/** `POST /v1/trials` body: one trial per (plugin, buyer email) and per (plugin, machine fingerprint). */
export const ZTrialStartInput = z.object({
  pluginId: zId(),
  /** The paid tier to try (it must offer a trial: trialDays > 0). */
  tier: ZTierKey,
  buyerEmail: ZEmail,
  /** The machine the trial starts on (the same fingerprint cannot start a second trial of the plugin). */
  fingerprint: ZFingerprint,
  /**
   * Save this Stripe test payment method server-side (`pm_card_visa`…; test keys only); without
   * it, the buyer saves a card on a Checkout page in setup mode (`checkoutUrl`) and the trial
   * starts when that completes.
   */
  paymentMethod: zId({ prefix: 'pm' }).optional(),
  successUrl: ZRedirectUrl.optional(),
  cancelUrl: ZRedirectUrl.optional(),
});
export type TrialStartInput = z.infer<typeof ZTrialStartInput>;

/** `POST /v1/trials` answer (201). */
export const ZTrialStartOutput = z.object({
  /** ACTIVE: the license works now; PENDING_SETUP: the buyer saves a card at `checkoutUrl` first. */
  status: z.enum(['ACTIVE', 'PENDING_SETUP']),
  trialId: z.string(),
  pluginId: z.string(),
  tier: ZTierKey,
  /** Null until the card is saved (PENDING_SETUP). */
  licenseId: z.string().nullable(),
  licenseKey: z.string().nullable(),
  /** When the trial ends and the saved card is charged, ISO 8601; null while PENDING_SETUP. */
  trialEndsAt: z.string().nullable(),
  trialDays: z.number().int(),
  /** What period 1 will cost: minor units of `currency`. */
  amount: z.number().int(),
  currency: z.string(),
  checkoutSessionId: z.string().nullable(),
  checkoutUrl: z.string().nullable(),
});
export type TrialStartOutput = z.infer<typeof ZTrialStartOutput>;

/** Days support may add to a trial at once. */
export const MAX_TRIAL_EXTENSION_DAYS = 30;

/** licenses.extendTrial input. */
export const ZExtendTrialInput = z.object({
  licenseId: zId(),
  days: z.number({ error: 'days must be a whole number of days' }).int('days must be a whole number of days').min(1, 'days must be at least 1').max(MAX_TRIAL_EXTENSION_DAYS, `days must be at most ${MAX_TRIAL_EXTENSION_DAYS}`),
  reason: zText({ min: 5, minMessage: 'Give a reason (at least 5 characters)', max: 1000, isMultiline: true }),
});
export type ExtendTrialInput = z.infer<typeof ZExtendTrialInput>;

/** A license's trial, as support reads it. Dates ISO 8601. */
export const ZLicenseTrial = z.object({
  id: z.string(),
  status: ZTrialStatus,
  tier: z.object({ key: z.string(), name: z.string() }),
  startedAt: z.string(),
  endsAt: z.string(),
  extendedDays: z.number().int(),
  convertedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** What the conversion charges: minor units of `currency`. */
  amount: z.number().int(),
  currency: z.string(),
});
export type LicenseTrial = z.infer<typeof ZLicenseTrial>;

/** licenses.trialOf input / output: the license's trial, or null when it was never a trial license. */
export const ZLicenseTrialInput = z.object({ licenseId: zId() });
export const ZLicenseTrialOutput = ZLicenseTrial.nullable();
