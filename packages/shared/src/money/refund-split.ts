/**
 * The refund split of a Connect destination charge: which part of a refund is taken back from the
 * creator (a transfer reversal) and which part the platform gives back (an application-fee
 * refund). All amounts are integer minor units of the charge's currency; the arithmetic is BigInt,
 * so no float ever rounds a cent away, in any currency (zero-, two- or three-decimal).
 *
 * The rule is Stripe's for `reverse_transfer` and `refund_application_fee` on a refund
 * (https://docs.stripe.com/connect/destination-charges#issue-refunds: "the transfer is reversed
 * proportionally" / "the application fee is refunded proportionally"), computed as the Stripe
 * emulator computes it. A refund of `a` on a charge of `C` of which `R` was already refunded takes
 * this share of a total `T` (the transfer amount, or the application fee):
 *
 *   share = roundHalfUp((R + a) × T / C) − roundHalfUp(R × T / C)
 *
 * never negative, and at most what is left of `T` (T − the part already reversed / refunded).
 *
 * Cumulative ("telescoping") rounding: the shares of successive refunds sum to
 * roundHalfUp(refunded × T / C), so a charge refunded in full, in any number of parts, gives back
 * exactly `T` — no drift of a minor unit either way — while each single share is within one minor
 * unit of the refund's own proportion a × T / C (and the running total within half a unit of
 * refunded × T / C).
 *
 * Worked examples (application fee 123 on a charge of 1,000):
 *   refunds of 333 + 333 + 334 → fee refunds 41 + 41 + 41 (= 123);
 *   refunds of 500 + 500       → fee refunds 62 + 61 (61.5 rounds up to 62, then 123 − 62).
 */

/** Input of {@link proportionalRefundShare}; every field is a non-negative safe integer in minor units. */
export interface ProportionalRefundShareInput {
  /** This refund, > 0 and ≤ chargeAmount − alreadyRefunded. */
  amount: number;
  /** What earlier refunds of the charge took (pending + succeeded), ≤ chargeAmount. */
  alreadyRefunded: number;
  /** The captured charge amount, > 0. */
  chargeAmount: number;
  /** The total to share out: the transfer amount, or the application fee. */
  total: number;
  /** The part of `total` already reversed / refunded, ≤ total. The share is capped at total − alreadyReturned. */
  alreadyReturned: number;
}

/**
 * The part of `total` that goes with refunding `amount` of a charge of `chargeAmount` when
 * `alreadyRefunded` was refunded before, by Stripe's proportional rule (module comment):
 * roundHalfUp((alreadyRefunded + amount) × total / chargeAmount) − roundHalfUp(alreadyRefunded ×
 * total / chargeAmount), at least 0 and at most `total − alreadyReturned`.
 * Source: https://docs.stripe.com/connect/destination-charges#issue-refunds
 *
 * E.g. ({ amount: 500, alreadyRefunded: 500, chargeAmount: 1000, total: 123, alreadyReturned: 62 }) → 61.
 * @returns minor units, a safe integer in [0, total − alreadyReturned].
 * @throws RangeError naming the field when a field is not a safe integer or is negative, when
 *   chargeAmount ≤ 0, alreadyRefunded > chargeAmount, amount ≤ 0,
 *   amount > chargeAmount − alreadyRefunded, or alreadyReturned > total.
 */
export function proportionalRefundShare(input: ProportionalRefundShareInput): number {
  const { amount, alreadyRefunded, chargeAmount, total, alreadyReturned } = input;
  requireMinorUnits({ amount, alreadyRefunded, chargeAmount, total, alreadyReturned });
  requireRefundFits(amount, alreadyRefunded, chargeAmount);
  requireReturnedWithin('alreadyReturned', alreadyReturned, 'total', total);
  return shareOf(amount, alreadyRefunded, chargeAmount, total, alreadyReturned);
}

/** Input of {@link splitRefund}; every field is a non-negative safe integer in minor units. */
export interface SplitRefundInput {
  /** This refund, > 0 and ≤ chargeAmount − alreadyRefunded. */
  amount: number;
  /** What earlier refunds of the charge took (pending + succeeded), ≤ chargeAmount. */
  alreadyRefunded: number;
  /** The captured charge amount, > 0. */
  chargeAmount: number;
  /** The transfer to the creator's connected account (the whole charge for a destination charge; 0 without one). */
  transferAmount: number;
  /**
   * Part of the transfer already reversed, ≤ transferAmount. Default: what earlier refunds of
   * `alreadyRefunded` reversed by this rule, roundHalfUp(alreadyRefunded × transferAmount / chargeAmount).
   */
  transferReversed?: number;
  /** The platform's application fee on the charge (0 without one). */
  applicationFee: number;
  /**
   * Part of the application fee already refunded, ≤ applicationFee. Default: what earlier
   * refunds of `alreadyRefunded` refunded by this rule, roundHalfUp(alreadyRefunded × applicationFee / chargeAmount).
   */
  applicationFeeRefunded?: number;
}

/** Result of {@link splitRefund}, in minor units; creatorShare + platformShare = the refund amount. */
export interface RefundShares {
  /** Reversed from the transfer (Stripe's `reverse_transfer`): ≥ 0, ≤ transferAmount − transferReversed. */
  transferReversal: number;
  /** Application fee given back (Stripe's `refund_application_fee`): ≥ 0, ≤ applicationFee − applicationFeeRefunded. */
  applicationFeeRefund: number;
  /**
   * What the creator gives back: transferReversal − applicationFeeRefund (the reversal, less the
   * fee returned to the connected account). Negative only if the fee share exceeds the transfer share.
   */
  creatorShare: number;
  /** What the platform gives back: amount − creatorShare. */
  platformShare: number;
}

/**
 * Splits a refund of `amount` on a destination charge between creator and platform, by Stripe's
 * proportional transfer reversal and application-fee refund (module comment; each share by
 * {@link proportionalRefundShare}). Omitted `transferReversed` / `applicationFeeRefunded` default
 * to what earlier refunds took by the same rule; pass the actual amounts (e.g. from Stripe) when
 * a transfer was reversed by hand, or a failed refund left its reversal in place.
 * Source: https://docs.stripe.com/connect/destination-charges#issue-refunds
 *
 * E.g. charge 1,000, transfer 1,000, fee 123, first refund 500 →
 *   { transferReversal: 500, applicationFeeRefund: 62, creatorShare: 438, platformShare: 62 };
 * then the other 500 (alreadyRefunded 500) → { 500, 61, 439, 61 }.
 * @throws RangeError naming the field when a field is not a safe integer or is negative, when
 *   chargeAmount ≤ 0, alreadyRefunded > chargeAmount, amount ≤ 0,
 *   amount > chargeAmount − alreadyRefunded, transferReversed > transferAmount, or
 *   applicationFeeRefunded > applicationFee.
 */
export function splitRefund(input: SplitRefundInput): RefundShares {
  const { amount, alreadyRefunded, chargeAmount, transferAmount, applicationFee } = input;
  requireMinorUnits({ amount, alreadyRefunded, chargeAmount, transferAmount, applicationFee });
  if (input.transferReversed !== undefined) requireMinorUnits({ transferReversed: input.transferReversed });
  if (input.applicationFeeRefunded !== undefined) requireMinorUnits({ applicationFeeRefunded: input.applicationFeeRefunded });
  requireRefundFits(amount, alreadyRefunded, chargeAmount);
  const transferReversed = input.transferReversed ?? roundHalfUpDivide(BigInt(alreadyRefunded) * BigInt(transferAmount), BigInt(chargeAmount));
  const applicationFeeRefunded = input.applicationFeeRefunded ?? roundHalfUpDivide(BigInt(alreadyRefunded) * BigInt(applicationFee), BigInt(chargeAmount));
  requireReturnedWithin('transferReversed', transferReversed, 'transferAmount', transferAmount);
  requireReturnedWithin('applicationFeeRefunded', applicationFeeRefunded, 'applicationFee', applicationFee);

  const transferReversal = shareOf(amount, alreadyRefunded, chargeAmount, transferAmount, transferReversed);
  const applicationFeeRefund = shareOf(amount, alreadyRefunded, chargeAmount, applicationFee, applicationFeeRefunded);
  const creatorShare = transferReversal - applicationFeeRefund;
  return { transferReversal, applicationFeeRefund, creatorShare, platformShare: amount - creatorShare };
}

/** Input of {@link refundableAmount}. */
export interface RefundableAmountInput {
  /** The captured charge amount, minor units. */
  captured: number;
  /** Refunds that hold money, minor units: pending + succeeded (+ requires_action); failed and canceled ones do not count. */
  refunded: number;
  /**
   * Whether the charge has a chargeback that was not won (needs_response, under_review, lost:
   * isChargebackWithheld in finance/disputes.ts) — for any part of the amount.
   */
  isChargedBack: boolean;
}

/**
 * What can still be refunded on a charge, in minor units: max(0, captured − refunded), or 0 once
 * the charge is charged back. Stripe caps a refund at the charge amount less what was already
 * refunded (pending and succeeded; https://docs.stripe.com/refunds) and refuses any refund of a
 * charge with a chargeback that was not won, even a partial one that left part of the amount
 * (`charge_disputed`, https://docs.stripe.com/error-codes#charge-disputed); the emulator
 * refuses the same. An inquiry is not a chargeback; a won chargeback gave the money back.
 * E.g. ({ captured: 1000, refunded: 300, isChargedBack: false }) → 700; a lost dispute of 500 on it → 0.
 * @throws RangeError naming the field when captured or refunded is not a non-negative safe integer.
 */
export function refundableAmount(input: RefundableAmountInput): number {
  const { captured, refunded } = input;
  requireMinorUnits({ captured, refunded });
  return input.isChargedBack ? 0 : Math.max(0, captured - refunded);
}

function shareOf(amount: number, alreadyRefunded: number, chargeAmount: number, total: number, alreadyReturned: number): number {
  const whole = BigInt(chargeAmount);
  const after = roundHalfUpDivide(BigInt(alreadyRefunded + amount) * BigInt(total), whole);
  const before = roundHalfUpDivide(BigInt(alreadyRefunded) * BigInt(total), whole);
  return Math.max(0, Math.min(after - before, total - alreadyReturned));
}

/** roundHalfUp(numerator / denominator) for numerator ≥ 0, denominator > 0: floor((2n + d) / 2d). */
function roundHalfUpDivide(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

function requireMinorUnits(fields: Record<string, number>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer number of minor units; got ${String(value)}`);
    if (value < 0) throw new RangeError(`${name} must not be negative; got ${value}`);
  }
}

function requireRefundFits(amount: number, alreadyRefunded: number, chargeAmount: number): void {
  if (chargeAmount <= 0) throw new RangeError(`chargeAmount must be positive; got ${chargeAmount}`);
  if (alreadyRefunded > chargeAmount) throw new RangeError(`alreadyRefunded (${alreadyRefunded}) exceeds chargeAmount (${chargeAmount})`);
  if (amount <= 0) throw new RangeError(`amount must be positive; got ${amount}`);
  const left = chargeAmount - alreadyRefunded;
  if (amount > left) {
    throw new RangeError(`amount (${amount}) exceeds what is left to refund: chargeAmount (${chargeAmount}) − alreadyRefunded (${alreadyRefunded}) = ${left}`);
  }
}

function requireReturnedWithin(name: string, returned: number, totalName: string, total: number): void {
  if (returned > total) throw new RangeError(`${name} (${returned}) exceeds ${totalName} (${total})`);
}
