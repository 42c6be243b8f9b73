import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHARGEBACK_WITHHELD_STATUSES, CLOSED_DISPUTE_STATUSES, disputeStatusFromStripe, isChargebackWithheld, isDisputeClosed, isDisputeLost, isDisputeOpen, OPEN_DISPUTE_STATUSES,
  type DisputeStatus,
} from '../src/finance/disputes.ts';
import { ZDisputeStatus } from '../src/finance/records.schema.ts';
import { isRefundHoldingMoney } from '../src/finance/refunds.schema.ts';
import * as shared from '../src/index.ts';

const ALL: readonly DisputeStatus[] = ZDisputeStatus.options;

describe('dispute status sets', () => {
  it('open: inquiries and chargebacks awaiting a response or a decision', () => {
    expect([...OPEN_DISPUTE_STATUSES].sort()).toEqual(['NEEDS_RESPONSE', 'UNDER_REVIEW', 'WARNING_NEEDS_RESPONSE', 'WARNING_UNDER_REVIEW']);
    expect(ALL.filter(isDisputeOpen).sort()).toEqual([...OPEN_DISPUTE_STATUSES].sort());
  });

  it('chargeback withheld: needs_response, under_review and lost (won gives the money back, inquiries take none)', () => {
    expect([...CHARGEBACK_WITHHELD_STATUSES].sort()).toEqual(['LOST', 'NEEDS_RESPONSE', 'UNDER_REVIEW']);
    expect(ALL.filter(isChargebackWithheld).sort()).toEqual([...CHARGEBACK_WITHHELD_STATUSES].sort());
    for (const status of ['WON', 'PREVENTED', 'WARNING_NEEDS_RESPONSE', 'WARNING_UNDER_REVIEW', 'WARNING_CLOSED'] as const) expect(isChargebackWithheld(status)).toBe(false);
  });

  it('closed: won, lost, inquiry closed, prevented', () => {
    expect([...CLOSED_DISPUTE_STATUSES].sort()).toEqual(['LOST', 'PREVENTED', 'WARNING_CLOSED', 'WON']);
    expect(ALL.filter(isDisputeClosed).sort()).toEqual([...CLOSED_DISPUTE_STATUSES].sort());
  });

  it('lost: only LOST', () => {
    expect(ALL.filter(isDisputeLost)).toEqual(['LOST']);
  });

  it('every status is exactly one of open or closed', () => {
    for (const status of ALL) expect(isDisputeOpen(status) !== isDisputeClosed(status)).toBe(true);
    expect(OPEN_DISPUTE_STATUSES.length + CLOSED_DISPUTE_STATUSES.length).toBe(ALL.length);
  });

  it('the sets are frozen and are valid ZDisputeStatus values', () => {
    for (const set of [OPEN_DISPUTE_STATUSES, CHARGEBACK_WITHHELD_STATUSES, CLOSED_DISPUTE_STATUSES]) {
      expect(Object.isFrozen(set)).toBe(true);
      for (const status of set) expect(ZDisputeStatus.parse(status)).toBe(status);
    }
  });

  it('is exported from the package root', () => {
    expect(shared.isDisputeOpen).toBe(isDisputeOpen);
    expect(shared.disputeStatusFromStripe).toBe(disputeStatusFromStripe);
    expect(shared.CHARGEBACK_WITHHELD_STATUSES).toBe(CHARGEBACK_WITHHELD_STATUSES);
  });
});

describe('disputeStatusFromStripe (docs.stripe.com/api/disputes/object#dispute_object-status)', () => {
  it.each([
    ['warning_needs_response', 'WARNING_NEEDS_RESPONSE'], ['warning_under_review', 'WARNING_UNDER_REVIEW'], ['warning_closed', 'WARNING_CLOSED'],
    ['needs_response', 'NEEDS_RESPONSE'], ['under_review', 'UNDER_REVIEW'], ['won', 'WON'], ['lost', 'LOST'], ['prevented', 'PREVENTED'],
  ] as const)('%s → %s', (stripe, ours) => {
    expect(disputeStatusFromStripe(stripe)).toBe(ours);
  });

  it('maps every Stripe status onto a distinct one of ours, covering ZDisputeStatus', () => {
    const mapped = ALL.map((status) => disputeStatusFromStripe(status.toLowerCase()));
    expect(mapped).toEqual(ALL);
  });

  it.each(['charge_refunded', 'NEEDS_RESPONSE', 'Won', '', 'constructor', 'toString', ' lost'])('refuses %j with a RangeError naming it', (status) => {
    expect(() => disputeStatusFromStripe(status)).toThrowError(new RangeError(`Unknown Stripe dispute status "${status}"`));
  });

  it('agrees with the emulator’s lowercase blocking set: a refund is refused exactly for withheld chargebacks', () => {
    const emulatorBlocking = new Set(['needs_response', 'under_review', 'lost']);
    fc.assert(
      fc.property(fc.constantFrom(...ALL.map((s) => s.toLowerCase())), (stripe) => {
        expect(isChargebackWithheld(disputeStatusFromStripe(stripe))).toBe(emulatorBlocking.has(stripe));
      }),
      { seed: 4242, numRuns: 50 },
    );
  });
});

describe('refunds holding money', () => {
  it('pending, requires_action and succeeded refunds count against the refundable amount; failed and canceled do not', () => {
    expect(['PENDING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'CANCELED'].filter((s) => isRefundHoldingMoney(s as 'PENDING'))).toEqual(['PENDING', 'REQUIRES_ACTION', 'SUCCEEDED']);
  });
});
