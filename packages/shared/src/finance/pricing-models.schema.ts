/**
 * Revenue by pricing model (finance.pricingModels) and the creator's view of it
 * (creator.earningsByModel, creator.usage). Amounts are integer minor units of `currency`; a
 * stream is the ledger's RevenueStream (LedgerEntry.stream).
 */
import { z } from 'zod';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { ZRevenueStream } from '../pricing/tiers.schema.ts';
import { zId } from '../text.ts';
import { checkPeriod, ZPeriodDate } from './period.schema.ts';

/** A rate 0–1, or null when its base is 0. */
const ZRate = z.number().min(0).max(1).nullable();

/** One revenue stream's sums over the ledger entries of the period. */
export const ZStreamFigures = z.object({
  stream: ZRevenueStream,
  /**
   * The stream's headline: what buyers paid (−Σ BUYER_PAYMENTS) for ONE_TIME, SUBSCRIPTION,
   * OVERAGE and CREDITS_SOLD; revenue recognised from credits (−Σ CREDIT_LIABILITY) for
   * CREDITS_USED; credits given (Σ CREDIT_LIABILITY) for CREDITS_GRANTED.
   */
  amount: ZMinorUnits,
  /** Σ PLATFORM_FEES: the platform's fees (a credit pack's share is kept when its credits are used). */
  platformFees: ZMinorUnits,
  /** Σ REFUNDS. */
  refunds: ZMinorUnits,
  /** Σ CREATOR_PAYABLE: what reached the creators. */
  creatorEarnings: ZMinorUnits,
  /** Σ STRIPE_FEES. */
  stripeFees: ZMinorUnits,
});
export type StreamFigures = z.infer<typeof ZStreamFigures>;

export const ZPricingModelsOutput = z.object({
  currency: ZCurrency,
  from: z.date(),
  to: z.date(),
  /** Every stream, in REVENUE_STREAMS order, zeros included. */
  streams: z.array(ZStreamFigures),
  /** Per UTC month (YYYY-MM-01) that has entries, oldest first: each stream's `amount`. */
  months: z.array(z.object({ month: z.string(), amounts: z.record(ZRevenueStream, ZMinorUnits) })),
  /** Unused credits at `to`: Σ CREDIT_LIABILITY of every entry before `to` (a liability: deferred revenue). */
  deferredRevenue: ZMinorUnits,
  trials: z.object({
    /** Trials converted in [from, to) (Trial.convertedAt). */
    converted: z.number().int(),
    /** Trials that ended unpaid in [from, to) (Trial.endedAt, status EXPIRED). */
    expired: z.number().int(),
    /** converted ÷ (converted + expired). */
    conversionRate: ZRate,
  }),
  /** Licenses issued in [from, to) without a purchase, a trial or a license they replace (every currency). */
  freeInstalls: z.number().int(),
  /** Subscriptions of plugins priced in `currency` (packages/shared/src/pricing/metrics.ts for the definitions). */
  subscriptions: z.object({
    /** MRR at `to`, minor units. */
    mrr: ZMinorUnits,
    mrrAtStart: ZMinorUnits,
    activeAtStart: z.number().int(),
    activeAtEnd: z.number().int(),
    canceled: z.number().int(),
    logoChurnRate: ZRate,
    revenueChurnRate: ZRate,
  }),
});
export type PricingModelsOutput = z.infer<typeof ZPricingModelsOutput>;

/** The creator's earnings by stream: a period [from, to) in one currency; the creator id is optional (own only). */
export const ZCreatorEarningsByModelInput = z.object({ from: ZPeriodDate, to: ZPeriodDate, currency: ZCurrency, creatorId: zId().optional() }).superRefine(checkPeriod);
export const ZCreatorEarningsByModelOutput = z.object({
  currency: ZCurrency,
  /** Per stream with entries, in REVENUE_STREAMS order: `gross` as ZStreamFigures.amount (paid by buyers; credits used or granted), refunds, and earnings (Σ CREATOR_PAYABLE + Σ PAYOUTS). */
  streams: z.array(z.object({ stream: ZRevenueStream, gross: ZMinorUnits, refunds: ZMinorUnits, earnings: ZMinorUnits })),
  /** Per UTC month (YYYY-MM-01) with entries, oldest first: earnings per stream. */
  months: z.array(z.object({ month: z.string(), earnings: z.record(ZRevenueStream, ZMinorUnits) })),
});

export const ZCreatorUsageInput = z.object({ creatorId: zId().optional() });
const ZUsageFigures = z.object({ reports: z.number().int(), quantity: z.number().int(), overageQuantity: z.number().int(), creditAmount: ZMinorUnits });
export const ZCreatorUsageOutput = z.object({
  /** Start of this UTC month and of the last one. */
  thisMonth: z.date(),
  lastMonth: z.date(),
  /** Every plugin of the creator, by name; `metrics` empty when nothing was reported in the two months. */
  plugins: z.array(z.object({
    pluginId: z.string(),
    pluginName: z.string(),
    metrics: z.array(z.object({ metric: z.string(), thisMonth: ZUsageFigures, lastMonth: ZUsageFigures })),
  })),
});
