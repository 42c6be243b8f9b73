import { z } from 'zod';
import { ZCursor, zId, zPageSize } from '../text.ts';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZPayoutStatus } from './analytics.schema.ts';
import { checkPeriod, ZInterval, ZPeriodDate, ZTimeZone } from './period.schema.ts';
import { ZRefundRecord } from './records.schema.ts';

/** Every creator procedure may name a creator; only the signed-in creator's own id is found (others: NOT_FOUND). */
const ZCreatorScope = { creatorId: zId().optional() };
const ZPage = { limit: zPageSize(100, 25), cursor: ZCursor.optional() };

export const ZCreatorEarningsInput = z.object({ currency: ZCurrency.default('usd'), ...ZCreatorScope });
export const ZCreatorEarningsOutput = z.object({
  currency: ZCurrency,
  /** Paid out, still on the way to the bank (payouts pending / in transit). */
  pending: ZMinorUnits,
  /** In the creator's Stripe balance, not paid out: Σ CREATOR_PAYABLE. */
  available: ZMinorUnits,
  /** Payouts that reached the bank. */
  paidOut: ZMinorUnits,
  /** Everything earned: available + pending + paid out. */
  lifetime: ZMinorUnits,
});

/** Bounded like every period (period.schema.ts): years 2000–2100, an IANA zone, `MAX_SERIES_DAYS[interval]`. */
export const ZCreatorSeriesInput = z.object({
  from: ZPeriodDate,
  to: ZPeriodDate,
  currency: ZCurrency,
  interval: ZInterval.default('day'),
  /** IANA zone the buckets start in (midnight local), default UTC. */
  timeZone: ZTimeZone.default('UTC'),
  ...ZCreatorScope,
}).superRefine(checkPeriod);
export const ZCreatorSeriesOutput = z.object({
  points: z.array(z.object({ bucket: z.string(), sales: ZMinorUnits, refunds: ZMinorUnits, earnings: ZMinorUnits })),
});

export const ZCreatorSalesInput = z.object({ from: ZPeriodDate, to: ZPeriodDate, currency: ZCurrency, ...ZCreatorScope }).superRefine(checkPeriod);
export const ZCreatorSalesOutput = z.object({
  items: z.array(z.object({ pluginId: z.string(), pluginName: z.string(), salesCount: z.number().int(), grossVolume: ZMinorUnits, refunds: ZMinorUnits, earnings: ZMinorUnits })),
});

export const ZCreatorPayoutsInput = z.object({ ...ZPage, ...ZCreatorScope });
export const ZCreatorPayoutsOutput = z.object({
  items: z.array(z.object({ id: z.string(), stripePayoutId: z.string(), amount: ZMinorUnits, currency: ZCurrency, status: ZPayoutStatus, arrivalDate: z.date().nullable(), failureMessage: z.string().nullable(), createdAt: z.date() })),
  nextCursor: z.string().nullable(),
});

export const ZCreatorRefundsInput = z.object({ ...ZPage, ...ZCreatorScope });
export const ZCreatorRefundsOutput = z.object({
  items: z.array(ZRefundRecord.omit({ note: true, revokeLicense: true }).extend({ pluginName: z.string() })),
  nextCursor: z.string().nullable(),
});
