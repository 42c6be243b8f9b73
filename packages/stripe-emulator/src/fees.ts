/**
 * Money rules of the emulator, all in integer minor units of the charge's currency.
 *
 * Processing fee (the emulator's stand-in for Stripe's pricing, "2.9 % + 30¢"):
 *   fee = roundHalfUp(amount × percentBasisPoints / 10 000) + fixedMinorUnits
 * The fixed part is in minor units of whatever the currency is (30 = $0.30, ¥30, 0.030 KWD):
 * one rule for every currency, so tests can compute it. E.g. $10.00 → 29 + 30 = 59;
 * $0.50 → round(1.45) = 1 → 31; ¥1,000 → 29 + 30 = 59.
 *
 * Partial refunds (reverse_transfer, refund_application_fee) take Stripe's proportional share of
 * the transfer and the application fee by `proportionalRefundShare`, and amounts are bounded by
 * `MAX_AMOUNT` / `minimumChargeAmount`: one copy of each rule, in packages/shared/src/money/, used
 * by Marketdesk's refund preview too.
 */
import { formatMoney } from '@marketdesk/shared';

export interface FeeSchedule {
  /** Percentage part in basis points (290 = 2.9 %). */
  percentBasisPoints: number;
  /** Fixed part per successful charge, in minor units of the charge's currency. */
  fixedMinorUnits: number;
  /** Dispute fee withdrawn with a chargeback (returned if the dispute is won), in minor units. */
  disputeFeeMinorUnits: number;
}

export const DEFAULT_FEES: FeeSchedule = { percentBasisPoints: 290, fixedMinorUnits: 30, disputeFeeMinorUnits: 1500 };

/** The processing fee in minor units for a successful charge of `amount` minor units. */
export function processingFee(amount: number, schedule: FeeSchedule): number {
  return roundHalfUpDivide(BigInt(amount) * BigInt(schedule.percentBasisPoints), 10_000n) + schedule.fixedMinorUnits;
}

/** Formats minor units as Stripe writes amounts in messages, e.g. (1000, 'usd') → "$10.00", (12345, 'kwd') → "KWD 12.345". */
export function formatAmount(amount: number, currency: string): string {
  return formatMoney(amount, currency).replace(/\u00a0/g, ' ');
}

function roundHalfUpDivide(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
