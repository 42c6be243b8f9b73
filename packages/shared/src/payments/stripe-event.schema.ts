/**
 * What every event Stripe sends has (docs.stripe.com/api/events/object), checked after the
 * signature and before anything is stored. An event without these cannot be Stripe's: it gets
 * 400 naming the field (`livemode`, `created`, …). Anything else in the event is Stripe's to
 * define and is stored as it came (storable: see toStorableJson in the API).
 */
import { z } from 'zod';
import { zId, zText } from '../text.ts';

/** Unix seconds of 2000-01-01 and 2101-01-01: the years an event's `created` may fall in (like every period). */
const EARLIEST_CREATED_SECONDS = 946_684_800;
const LATEST_CREATED_SECONDS = 4_133_980_800;

export const ZStripeEventEnvelope = z.object({
  id: zId({ prefix: 'evt' }),
  /** `charge.refunded`, `v2.core.event_destination.ping`: lowercase words, dots and underscores. */
  type: zText({ min: 1, max: 100, isTrimmed: false }).regex(/^[a-z0-9_.]+$/, 'must be an event type (e.g. charge.refunded)'),
  /** Unix seconds. */
  created: z.number().int().min(EARLIEST_CREATED_SECONDS, 'must be in the years 2000–2100 (unix seconds)').max(LATEST_CREATED_SECONDS, 'must be in the years 2000–2100 (unix seconds)'),
  livemode: z.boolean(),
  /** Connect events: the connected account (`acct_…`). */
  account: zId({ prefix: 'acct' }).optional(),
  api_version: zText({ max: 64, isTrimmed: false }).nullish(),
  /** Stripe's object, whatever its fields (stored made storable, read only for the id to re-fetch). */
  data: z.object({ object: z.looseObject({}) }),
});
export type StripeEventEnvelope = z.infer<typeof ZStripeEventEnvelope>;
