/**
 * Reports of buyer reviews: a buyer reports a review through the public API with any genuine
 * license key (`POST /v1/reviews/report`), a creator reports a review of their own plugin in the
 * console (`reviewReports.report`). One report per reporter and review; a report queues the
 * review for a moderator.
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';
import { REVIEW_REPORT_REASONS } from './rules.ts';

/** Longest report note, in characters. */
export const MAX_REPORT_NOTE = 1000;
/** Reports one reporter (a user, or a buyer email) may file per hour, all reviews together. */
export const MAX_REPORTS_PER_HOUR = 10;

export const ZReviewReportReason = z.enum(REVIEW_REPORT_REASONS, { error: `reason must be one of ${REVIEW_REPORT_REASONS.join(', ')}` });
/** What the reporter says; required (not empty) when the reason is OTHER. */
export const ZReviewReportNote = zText({ max: MAX_REPORT_NOTE, maxMessage: `note must be at most ${MAX_REPORT_NOTE} characters`, isMultiline: true });

const noteRequiredForOther = (value: { reason: string; note?: string }, ctx: z.RefinementCtx) => {
  if (value.reason === 'OTHER' && !value.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'note is required when the reason is OTHER' });
};

/** `reviewReports.report` input: a creator reports a review of one of their plugins. */
export const ZReviewReportInput = z
  .object({ reviewId: zId(), reason: ZReviewReportReason, note: ZReviewReportNote.default('') })
  .superRefine(noteRequiredForOther);
export type ReviewReportInput = z.infer<typeof ZReviewReportInput>;

/** The report filed (dates as Date through superjson). */
export const ZReviewReport = z.object({ id: z.string(), reviewId: z.string(), reason: ZReviewReportReason, createdAt: z.date() });
export const ZReviewReportOutput = z.object({ report: ZReviewReport });
export type ReviewReportOutput = z.infer<typeof ZReviewReportOutput>;

/** `POST /v1/reviews/report` body: any genuine license key (expired is fine), the review and why. */
export const ZPublicReviewReportRequest = z
  .object({
    key: zText({ min: 1, minMessage: 'key must not be empty', max: 4096, maxMessage: 'key must be at most 4096 characters', isTrimmed: false }),
    reviewId: zId(),
    reason: ZReviewReportReason,
    note: ZReviewReportNote.optional(),
  })
  .superRefine(noteRequiredForOther);
export type PublicReviewReportRequest = z.infer<typeof ZPublicReviewReportRequest>;

/** `POST /v1/reviews/report` answer (201, signed): the report, `createdAt` an ISO 8601 string. */
export const ZPublicReviewReportAnswer = z.object({
  report: z.object({ id: z.string(), reviewId: z.string(), reason: ZReviewReportReason, createdAt: z.string() }),
});
