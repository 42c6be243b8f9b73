/**
 * The home page's "what needs me now": per role section, counts of the rows waiting on that role,
 * each with the date that makes it urgent. Labels and links live in the console; the API sends
 * keys, counts, dates and money only.
 */
import { z } from 'zod';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZReconcileOutput } from '../finance/analytics.schema.ts';

/** Sections in the order the home shows them; a user sees those their roles may open the list of. */
export const ATTENTION_SECTIONS = ['moderation', 'finance', 'support', 'creator', 'admin'] as const;
export const ZAttentionSection = z.enum(ATTENTION_SECTIONS);
export type AttentionSection = z.infer<typeof ZAttentionSection>;

/**
 * Every attention item. `at` per key: the oldest due date (`submissions.*`), the nearest
 * evidence due date (`disputes.evidenceDue`: chargebacks, NEEDS_RESPONSE; `disputes.inquiryDue`:
 * inquiries, WARNING_NEEDS_RESPONSE), when the oldest row was received or created
 * (`stripeEvents.*`, `refunds.failed`, `payouts.failed`), the oldest suspension
 * (`licenses.suspended`), the latest refusal (`licenses.tooManyMachines`), the oldest change
 * request (`submissions.changesRequested`), the next payout's arrival (`creator.nextPayout`), the
 * oldest buyer review waiting in the moderation queue (`reviews.waiting`).
 */
export const ATTENTION_KEYS = [
  'submissions.overdue', 'submissions.dueToday', 'submissions.critical', 'submissions.myClaims',
  'disputes.evidenceDue', 'disputes.inquiryDue', 'stripeEvents.dead', 'stripeEvents.failed', 'refunds.failed', 'payouts.failed',
  'licenses.suspended', 'licenses.tooManyMachines',
  'submissions.changesRequested', 'creator.balance', 'creator.nextPayout',
  'accounts.disabled', 'accounts.lockedOut',
  'reviews.waiting',
] as const;
export const ZAttentionKey = z.enum(ATTENTION_KEYS);
export type AttentionKey = z.infer<typeof ZAttentionKey>;

export const ZAttentionItem = z.object({
  key: ZAttentionKey,
  /** Rows waiting (for `creator.balance`: currencies with a balance; `creator.nextPayout`: payouts on the way). */
  count: z.number().int().nonnegative(),
  /** The date that makes the item urgent (see {@link ATTENTION_KEYS}); null when there is none. */
  at: z.date().nullable(),
  /** Money of the item, minor units: the available balance per currency, or the next payout. Empty otherwise. */
  money: z.array(z.object({ amount: ZMinorUnits, currency: ZCurrency })),
});
export type AttentionItem = z.infer<typeof ZAttentionItem>;

export const ZHomeAttentionOutput = z.object({
  sections: z.array(z.object({ section: ZAttentionSection, items: z.array(ZAttentionItem) })),
  /** When the counts were taken. */
  asOf: z.date(),
});
export type HomeAttentionOutput = z.infer<typeof ZHomeAttentionOutput>;

/** One reconciled month and currency: the ledger against Stripe's balance transactions, minor units. */
export const ZReconciliationPeriod = ZReconcileOutput.omit({ stripeByType: true });

export const ZHomeReconciliationOutput = z.object({
  /** False in a process without Stripe: the home leaves the item out. */
  isStripeConfigured: z.boolean(),
  /** The current and the previous calendar month (UTC) in each currency the platform's ledger holds. */
  periods: z.array(ZReconciliationPeriod),
});
export type HomeReconciliationOutput = z.infer<typeof ZHomeReconciliationOutput>;
