/** findEvidenceRefusal: when Stripe still takes evidence for a dispute, and the reason finance reads when not. */
import { describe, expect, it } from 'vitest';
import { findEvidenceRefusal } from '../src/modules/disputes/rules.ts';

const now = new Date('2026-12-02T12:00:00Z');
const dueBy = new Date('2026-12-09T12:00:00Z');

describe('findEvidenceRefusal', () => {
  it('takes evidence while a chargeback or inquiry awaits a response, until its due date', () => {
    expect(findEvidenceRefusal({ status: 'NEEDS_RESPONSE', evidenceDueBy: dueBy, evidenceSubmissionCount: 0 }, now)).toBeNull();
    expect(findEvidenceRefusal({ status: 'WARNING_NEEDS_RESPONSE', evidenceDueBy: null, evidenceSubmissionCount: 0 }, now)).toBeNull();
    expect(findEvidenceRefusal({ status: 'NEEDS_RESPONSE', evidenceDueBy: dueBy, evidenceSubmissionCount: 0 }, dueBy)).toBeNull();
  });

  it('refuses after a submission, after the due date, and once closed — closed first', () => {
    expect(findEvidenceRefusal({ status: 'UNDER_REVIEW', evidenceDueBy: dueBy, evidenceSubmissionCount: 1 }, now)).toMatch(/already submitted/);
    expect(findEvidenceRefusal({ status: 'NEEDS_RESPONSE', evidenceDueBy: dueBy, evidenceSubmissionCount: 0 }, new Date(dueBy.getTime() + 1000))).toBe('The evidence was due by 9 Dec 2026, 12:00 UTC; Stripe no longer takes it');
    expect(findEvidenceRefusal({ status: 'WON', evidenceDueBy: dueBy, evidenceSubmissionCount: 1 }, now)).toBe('The dispute is closed (won); it takes no more evidence');
    expect(findEvidenceRefusal({ status: 'WARNING_CLOSED', evidenceDueBy: dueBy, evidenceSubmissionCount: 0 }, now)).toMatch(/closed \(warning closed\)/);
  });
});
