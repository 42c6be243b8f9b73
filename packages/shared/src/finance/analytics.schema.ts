import { z } from 'zod';
import { ZCurrency, ZMinorUnits } from '../money/currency.ts';
import { checkPeriod, ZInterval, ZPeriodDate, ZTimeZone } from './period.schema.ts';

/** A period [from, to) in one currency, within the years 2000–2100 (period.schema.ts). */
export const ZPeriodInput = z.object({
  from: ZPeriodDate,
  to: ZPeriodDate,
  currency: ZCurrency,
}).superRefine(checkPeriod);

/** Every figure, minor units of `currency`, sums over the ledger (see apps/api/src/ledger). */
export const ZMoneyFigures = z.object({
  grossVolume: ZMinorUnits,
  refunds: ZMinorUnits,
  disputes: ZMinorUnits,
  /** gross − refunds − disputes */
  netVolume: ZMinorUnits,
  /** What the platform keeps: platform fees − Stripe fees − chargebacks it bore. */
  netRevenue: ZMinorUnits,
  platformFees: ZMinorUnits,
  creatorEarnings: ZMinorUnits,
  stripeFees: ZMinorUnits,
});
export type MoneyFigures = z.infer<typeof ZMoneyFigures>;

export const ZKpisOutput = ZMoneyFigures.extend({
  currency: ZCurrency,
  from: z.date(),
  to: z.date(),
  /** Succeeded payments in the period. */
  paymentCount: z.number().int(),
  refundCount: z.number().int(),
  disputeCount: z.number().int(),
  /** refunds ÷ gross volume (0–1), 0 without volume. */
  refundRate: z.number(),
  /** disputes ÷ gross volume (0–1). */
  disputeRate: z.number(),
});

/** A series: at most `MAX_SERIES_DAYS[interval]` days long (period.schema.ts). */
export const ZSeriesInput = z.object({
  from: ZPeriodDate,
  to: ZPeriodDate,
  currency: ZCurrency,
  interval: ZInterval.default('day'),
  /** IANA zone the buckets start in (midnight local), default UTC. */
  timeZone: ZTimeZone.default('UTC'),
}).superRefine(checkPeriod);
export const ZSeriesOutput = z.object({
  currency: ZCurrency,
  interval: ZInterval,
  timeZone: z.string(),
  /** One point per bucket that has entries, oldest first; `bucket` is the local start date YYYY-MM-DD. */
  points: z.array(ZMoneyFigures.extend({ bucket: z.string() })),
});

export const ZTopInput = z.object({
  from: ZPeriodDate,
  to: ZPeriodDate,
  currency: ZCurrency,
  by: z.enum(['plugin', 'creator']),
  limit: z.number().int().min(1).max(100).default(10),
}).superRefine(checkPeriod);
export const ZTopOutput = z.object({
  items: z.array(z.object({
    id: z.string(),
    name: z.string(),
    grossVolume: ZMinorUnits,
    refunds: ZMinorUnits,
    disputes: ZMinorUnits,
    platformFees: ZMinorUnits,
    creatorEarnings: ZMinorUnits,
  })),
});

export const ZPayoutsByStatusInput = z.object({ currency: ZCurrency.optional(), from: ZPeriodDate.optional(), to: ZPeriodDate.optional() });
export const ZPayoutStatus = z.enum(['PENDING', 'IN_TRANSIT', 'PAID', 'FAILED', 'CANCELED']);
export const ZPayoutsByStatusOutput = z.object({
  items: z.array(z.object({ status: ZPayoutStatus, currency: ZCurrency, count: z.number().int(), amount: ZMinorUnits })),
});

export const ZReconcileOutput = z.object({
  currency: ZCurrency,
  from: z.date(),
  to: z.date(),
  /** The ledger's view of the platform balance: Σ STRIPE_BALANCE + Σ PLATFORM_FEES + Σ CREDIT_LIABILITY (prepaid credits held). */
  ledgerPlatformNet: ZMinorUnits,
  /** Σ net of the platform's Stripe balance transactions (payouts of the platform excluded). */
  stripePlatformNet: ZMinorUnits,
  difference: ZMinorUnits,
  /** Per balance-transaction type at Stripe, for reading a difference. */
  stripeByType: z.array(z.object({ type: z.string(), count: z.number().int(), net: ZMinorUnits })),
  isBalanced: z.boolean(),
});
