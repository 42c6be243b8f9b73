/**
 * The canned reasons a moderator picks from when keeping, hiding or deleting a buyer review.
 * Each carries the message pre-filled for the review's author and the plugin's creator
 * (editable before sending). HIDE reasons serve a deletion too (shared `isReasonFor`).
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import type { TableCount } from './types.ts';

export interface ReviewModerationReasonSeed {
  code: string;
  label: string;
  appliesTo: 'KEEP' | 'HIDE' | 'DELETE';
  cannedResponse: string;
}

export const REVIEW_MODERATION_REASONS: readonly ReviewModerationReasonSeed[] = [
  {
    code: 'REVIEWED_OK',
    label: 'Reviewed — no problem',
    appliesTo: 'KEEP',
    cannedResponse: 'A moderator read this review and found nothing against our review guidelines, so it stays published.',
  },
  {
    code: 'LEAKED_SECRET',
    label: 'Leaked secret',
    appliesTo: 'HIDE',
    cannedResponse:
      'This review contains what looks like a live credential (an API key, token or private key), so we have hidden it to protect its owner. Please revoke that credential with its provider; you can edit your review without it and it will be published again after a check.',
  },
  {
    code: 'PERSONAL_DATA',
    label: 'Personal data',
    appliesTo: 'HIDE',
    cannedResponse:
      'This review contains personal data (an email address, a phone number or similar), so we have hidden it. Please edit your review to leave the personal details out.',
  },
  {
    code: 'SPAM',
    label: 'Spam',
    appliesTo: 'DELETE',
    cannedResponse: 'This review was removed as spam: it advertises something or repeats text posted elsewhere rather than describing the plugin.',
  },
  {
    code: 'OFFENSIVE_LANGUAGE',
    label: 'Offensive language',
    appliesTo: 'HIDE',
    cannedResponse: 'This review was hidden because of offensive language. Criticism is welcome; please edit your review to say what went wrong without insults.',
  },
  {
    code: 'NOT_ABOUT_PLUGIN',
    label: 'Not about the plugin',
    appliesTo: 'HIDE',
    cannedResponse: 'This review was hidden because it is not about the plugin itself. Reviews help other buyers decide; please tell them about your experience with the plugin.',
  },
  {
    code: 'BUG_REPORT',
    label: 'Bug report (belongs in support)',
    appliesTo: 'HIDE',
    cannedResponse:
      'This review reads as a bug report, which the creator can answer much better through their support channel. We have hidden it; please contact the creator with the details, and edit your review once you know how it turned out.',
  },
];

/** Inserts the reasons whose code is not there yet; existing rows (possibly edited by staff) are left alone. */
export async function seedReviewModerationReasons(prisma: PrismaClient): Promise<TableCount> {
  const { count } = await prisma.reviewModerationReason.createMany({ data: [...REVIEW_MODERATION_REASONS], skipDuplicates: true });
  return { created: count, existing: REVIEW_MODERATION_REASONS.length - count };
}
