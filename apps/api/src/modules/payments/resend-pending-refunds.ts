/**
 * The refund resend job. A refund is stored PENDING (with its audit row) before Stripe is called
 * (refunds.ts); when Stripe does not answer — down, timed out, or this process died before the
 * answer was recorded — the row stays PENDING without a Stripe refund id. This job sends such a
 * refund again with its own idempotency key, so Stripe makes it once, whoever sends it and however
 * often, and the sync posts it. Finance is told the refund is pending; nobody has to send it again.
 *
 * Claims: a candidate is claimed by moving its `updatedAt` to now under `FOR UPDATE SKIP LOCKED`,
 * so any number of API processes run the job and each refund is sent by one of them per
 * `input.resendAfterSeconds` (its lease); a refund waiting for Stripe is tried again after that.
 */
import { AppError } from '@marketdesk/shared';
import type { RefundReason } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { PaymentsDeps } from './deps.ts';
import { sendRefundToStripe } from './refunds.ts';

/** How long a refund stays PENDING without a Stripe id before the job sends it again (seconds; config `leaseSeconds.refundResend`, REFUND_RESEND_SECONDS). */
export const REFUND_RESEND_AFTER_SECONDS = 30;
/** How often the API's background worker runs the job at most (ms; more often when the resend lease is under 20 s). */
export const REFUND_RESEND_POLL_MS = 10_000;

export interface RefundResendRun {
  /** Refunds Stripe answered (whatever their status: succeeded, pending, failed at Stripe). */
  confirmed: number;
  /** Refunds Stripe refused outright (marked FAILED by sendRefundToStripe). */
  refused: number;
  /** Refunds Stripe did not answer again (or whose sync failed); left PENDING for the next lease. */
  unanswered: number;
}

interface ClaimedRefund {
  id: string;
  purchaseId: string;
  amount: number;
  reason: RefundReason;
  idempotencyKey: string;
}

/**
 * Sends again, with their idempotency keys, up to `input.limit` (default 20) refunds PENDING without
 * a Stripe refund id whose row has not changed for `input.resendAfterSeconds` (default 30) at
 * `deps.clock`'s now, audited as the system (`refunds.confirmed` / `refunds.failed`).
 * @returns counts of what Stripe answered.
 * @throws AppError PRECONDITION_FAILED without Stripe; database errors. A Stripe failure on one
 *   refund is counted (and logged), never thrown.
 */
export async function resendPendingRefunds(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { resendAfterSeconds?: number; limit?: number } = {}): Promise<RefundResendRun> {
  const { resendAfterSeconds = REFUND_RESEND_AFTER_SECONDS, limit = 20 } = input;
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - resendAfterSeconds * 1000);
  const claimed = await deps.prisma.$queryRaw<ClaimedRefund[]>`
    UPDATE "Refund" AS r SET "updatedAt" = ${now}
     WHERE r.id IN (
             SELECT id FROM "Refund"
              WHERE status = 'PENDING' AND "stripeRefundId" IS NULL AND "updatedAt" < ${staleBefore}
              ORDER BY "createdAt", id
              FOR UPDATE SKIP LOCKED
              LIMIT ${limit})
    RETURNING r.id, r."purchaseId", r.amount, r.reason, r."idempotencyKey"`;
  const run: RefundResendRun = { confirmed: 0, refused: 0, unanswered: 0 };
  for (const refund of claimed) {
    try {
      await sendRefundToStripe(deps, {
        refundId: refund.id, purchaseId: refund.purchaseId, amount: refund.amount, reason: refund.reason, idempotencyKey: refund.idempotencyKey,
        auditAs: { systemReason: 'Stripe had not confirmed the refund; the resend job sent it again with the same idempotency key' },
      });
      run.confirmed += 1;
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_INPUT') run.refused += 1;
      else run.unanswered += 1;
      deps.log?.warn({ err: error, refundId: refund.id }, 'pending refund not confirmed by Stripe');
    }
  }
  return run;
}
