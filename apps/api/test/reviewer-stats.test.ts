/**
 * Reviewer statistics through the tRPC caller on a real database (its own, so the counts are
 * exact): decisions made by the moderation services at fixed times, read back as weekly counts,
 * medians, shares by the due date, per-moderator counts, reasons and the pending queue's age.
 * Allowed for admins and moderators; FORBIDDEN for finance, support and creators.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@marketdesk/shared';
import { fixedClock } from '../src/platform/deps.ts';
import { claimSubmission } from '../src/modules/moderation/claims.ts';
import { decideSubmission } from '../src/modules/moderation/decide.ts';
import { startOfUtcWeek } from '../src/modules/reviewer-stats/index.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createDecisionReason, createPlugin, createSubmission } from './factories.ts';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
/** "Now" for the whole file: Wednesday 25 November 2026, 12:00 UTC (the current week starts Monday the 23rd). */
const NOW = new Date('2026-11-25T12:00:00Z');
const at = (iso: string) => new Date(iso);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

async function callerAs(roles: Role[], name?: string) {
  const user = await createTestUser(db.prisma, roles, { name });
  return { user, caller: createCaller(await contextFor(testDeps(db, { clock: fixedClock(NOW) }), user)) };
}

async function pendingSubmission(submittedAt: Date) {
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  return createSubmission(db.prisma, plugin, { submittedAt });
}

/** Moderator `userId` claims and decides a submission submitted at `submittedAt`, at `decidedAt`, through the services. */
async function decide(moderator: { id: string; email: string }, submittedAt: Date, decidedAt: Date, kind: 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES', reasonId?: string) {
  const submission = await pendingSubmission(submittedAt);
  const deps = { ...testDeps(db), clock: fixedClock(decidedAt) };
  const actor = { userId: moderator.id, email: moderator.email, requestId: `stats-${submission.id}`, ip: null };
  await claimSubmission(deps, { actor, submissionId: submission.id });
  await decideSubmission(deps, { actor, kind, submissionId: submission.id, version: submission.version, reasonId, message: kind === 'APPROVE' ? '' : 'Please fix the problem described.' });
  return submission;
}

describe('reviewer statistics', () => {
  it('weekly decisions, median time to decision and share by the due date, per moderator, reasons used, and the queue age now', async () => {
    const alice = await createTestUser(db.prisma, ['MODERATOR'], { name: 'Alice Reviewer' });
    const bob = await createTestUser(db.prisma, ['MODERATOR'], { name: 'Bob Reviewer' });
    const rejectReason = await createDecisionReason(db.prisma, 'REJECT');
    const changesReason = await createDecisionReason(db.prisma, 'REQUEST_CHANGES');

    // Before the period (week of 2 November): not counted.
    await decide(alice, at('2026-11-02T10:00:00Z'), at('2026-11-03T10:00:00Z'), 'APPROVE');
    // Week of 9 November. Due dates are 3 business days after submission (Mon 9th → Thu 12th).
    await decide(alice, at('2026-11-09T10:00:00Z'), at('2026-11-10T10:00:00Z'), 'APPROVE'); // 1 day, on time
    await decide(bob, at('2026-11-09T10:00:00Z'), at('2026-11-13T10:00:00Z'), 'REJECT', rejectReason.id); // 4 days, late
    await decide(alice, at('2026-11-10T10:00:00Z'), at('2026-11-10T16:00:00Z'), 'REQUEST_CHANGES', changesReason.id); // 6 hours, on time
    // Week of 16 November: no decisions. Week of 23 November (current):
    await decide(bob, at('2026-11-20T12:00:00Z'), at('2026-11-24T12:00:00Z'), 'APPROVE'); // Fri → Tue: 4 days, due Wed 25th: on time
    await decide(alice, at('2026-11-23T00:00:00Z'), at('2026-11-23T02:00:00Z'), 'APPROVE'); // 2 hours, on time

    // The pending queue now, by calendar days since submission.
    const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
    for (const age of [2 * HOUR_S, 1.5 * DAY_S, 2.5 * DAY_S, 4 * DAY_S, 5 * DAY_S, 10 * DAY_S]) await pendingSubmission(ago(age));

    const { caller } = await callerAs(['MODERATOR']);
    const stats = await caller.reviewerStats.report({ weeks: 3 });

    expect(stats.timeZone).toBe('UTC');
    expect(stats.from).toEqual(at('2026-11-09T00:00:00Z'));
    expect(stats.to).toEqual(at('2026-11-30T00:00:00Z'));
    expect(stats.weeks).toEqual([
      { weekStart: at('2026-11-09T00:00:00Z'), decisions: 3, medianSecondsToDecision: DAY_S, decidedByDueDate: 2, shareDecidedByDueDate: 2 / 3 },
      { weekStart: at('2026-11-16T00:00:00Z'), decisions: 0, medianSecondsToDecision: null, decidedByDueDate: 0, shareDecidedByDueDate: null },
      { weekStart: at('2026-11-23T00:00:00Z'), decisions: 2, medianSecondsToDecision: (2 * HOUR_S + 4 * DAY_S) / 2, decidedByDueDate: 2, shareDecidedByDueDate: 1 },
    ]);
    expect(stats.decisionsByModerator).toEqual([
      { weekStart: at('2026-11-09T00:00:00Z'), moderatorId: alice.id, moderatorName: 'Alice Reviewer', decisions: 2 },
      { weekStart: at('2026-11-09T00:00:00Z'), moderatorId: bob.id, moderatorName: 'Bob Reviewer', decisions: 1 },
      { weekStart: at('2026-11-23T00:00:00Z'), moderatorId: alice.id, moderatorName: 'Alice Reviewer', decisions: 1 },
      { weekStart: at('2026-11-23T00:00:00Z'), moderatorId: bob.id, moderatorName: 'Bob Reviewer', decisions: 1 },
    ]);
    expect(stats.reasons).toEqual(expect.arrayContaining([
      { reasonId: rejectReason.id, code: rejectReason.code, label: rejectReason.label, kind: 'REJECT', count: 1 },
      { reasonId: changesReason.id, code: changesReason.code, label: changesReason.label, kind: 'REQUEST_CHANGES', count: 1 },
    ]));
    expect(stats.reasons).toHaveLength(2);
    expect(stats.queueAge.asOf).toEqual(NOW);
    expect(stats.queueAge.buckets.map((b) => [b.label, b.count])).toEqual([['< 1 day', 1], ['1–2 days', 1], ['2–3 days', 1], ['3–5 days', 1], ['> 5 days', 2]]);

    // One week: only the current one.
    const current = await caller.reviewerStats.report({ weeks: 1 });
    expect(current.weeks.map((w) => w.decisions)).toEqual([2]);
    expect(current.reasons).toEqual([]);
  });

  it('weeks start Monday 00:00 UTC', () => {
    expect(startOfUtcWeek(at('2026-11-29T23:59:59Z'))).toEqual(at('2026-11-23T00:00:00Z'));
    expect(startOfUtcWeek(at('2026-11-30T00:00:00Z'))).toEqual(at('2026-11-30T00:00:00Z'));
    expect(startOfUtcWeek(at('2026-01-01T08:00:00Z'))).toEqual(at('2025-12-29T00:00:00Z'));
  });

  it('the period is bounded: 1 to 26 weeks', async () => {
    const { caller } = await callerAs(['ADMIN']);
    expect((await caller.reviewerStats.report({})).weeks).toHaveLength(8);
    expect((await caller.reviewerStats.report({ weeks: 26 })).weeks).toHaveLength(26);
    for (const weeks of [0, 27, 1.5]) await expect(caller.reviewerStats.report({ weeks })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it.each([['ADMIN'], ['MODERATOR']] as const)('%s may read them', async (role) => {
    const { caller } = await callerAs([role]);
    await expect(caller.reviewerStats.report({ weeks: 2 })).resolves.toMatchObject({ timeZone: 'UTC' });
  });

  it.each([['FINANCE'], ['SUPPORT'], ['CREATOR']] as const)('%s is refused (FORBIDDEN)', async (role) => {
    const { caller } = await callerAs([role]);
    const error = await caller.reviewerStats.report({ weeks: 2 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
  });
});
