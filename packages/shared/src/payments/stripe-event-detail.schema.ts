/**
 * One stored Stripe event as the event page reads it (`stripeEvents.get`): the inbox row, its
 * payload, what the event is about (with our row for it, when we have one) and each processing
 * attempt the webhook worker made.
 */
import { z } from 'zod';
import { zId } from '../text.ts';
import { ZStripeEventRecord, ZStripeEventStatus } from '../finance/records.schema.ts';

export const ZStripeEventGetInput = z.object({ id: zId({ prefix: 'evt' }) });

/** Where the console shows the event's object: a purchase page, or a creator's payouts. */
export const ZStripeEventObjectLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('purchase'), purchaseId: z.string() }),
  z.object({ kind: z.literal('creator'), creatorId: z.string(), creatorName: z.string() }),
]);
export type StripeEventObjectLink = z.infer<typeof ZStripeEventObjectLink>;

export const ZStripeEventAttempt = z.object({
  attempt: z.number().int(),
  worker: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date(),
  outcome: ZStripeEventStatus,
  error: z.string().nullable(),
});

export const ZStripeEventGetOutput = ZStripeEventRecord.extend({
  /** The event as Stripe signed it (JSON), stored storable. */
  payload: z.unknown(),
  /** `data.object`: its `object` type (charge, refund, payout …) and id; null when the payload names none. */
  object: z.object({ type: z.string(), id: z.string(), link: ZStripeEventObjectLink.nullable() }).nullable(),
  /** Processing attempts, oldest first. */
  processingAttempts: z.array(ZStripeEventAttempt),
});
