/**
 * The review queue through the tRPC caller on a real database: claims (expiry, limit,
 * self-review), decisions with stale-page protection and reasons, notifications and audit
 * rows, bulk results, and the queue's filters, order, pages and counts.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/platform/deps.ts';
import { claimSubmission } from '../src/modules/moderation/claims.ts';
import { decideSubmission } from '../src/modules/moderation/decide.ts';
import { listQueue, listQueuePage } from '../src/modules/moderation/list-queue.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createDecisionReason, createPlugin, createSubmission, type SubmissionOptions } from './factories.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

async function moderator(name?: string) {
  const user = await createTestUser(db.prisma, ['MODERATOR'], { name });
  const ctx = await contextFor(testDeps(db), user);
  return { user, caller: createCaller(ctx), actor: { userId: user.id, email: user.email, requestId: ctx.requestId, ip: null } };
}

async function pendingSubmission(options: SubmissionOptions = {}) {
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  return createSubmission(db.prisma, plugin, options);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)));
}

describe('claims', () => {
  it('claims for 10 minutes; another moderator is refused with the holder named until it expires', async () => {
    const alice = await moderator('Alice Reviewer');
    const bob = await moderator('Bob Reviewer');
    const submission = await pendingSubmission();
    const deps = testDeps(db);
    const at = (now: Date) => ({ ...deps, clock: fixedClock(now) });
    const t0 = new Date();
    const claim = await claimSubmission(at(t0), { actor: alice.actor, submissionId: submission.id });
    expect(claim.claimExpiresAt.getTime() - t0.getTime()).toBe(10 * 60 * 1000);
    await expect(claimSubmission(at(new Date(t0.getTime() + 9 * 60 * 1000)), { actor: bob.actor, submissionId: submission.id })).rejects.toThrow(/Claimed by Alice Reviewer/);
    // Expired: Bob can take it, and Alice's late decision is refused.
    const later = new Date(t0.getTime() + 10 * 60 * 1000 + 1);
    await claimSubmission(at(later), { actor: bob.actor, submissionId: submission.id });
    await expect(decideSubmission(at(later), { actor: alice.actor, kind: 'APPROVE', submissionId: submission.id, version: 1, message: '' })).rejects.toThrow(/Claimed by Bob Reviewer/);
  });

  it('renews with a heartbeat, and refuses renewal of a claim that is gone', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    await alice.caller.queue.claim({ submissionId: submission.id });
    const renewed = await alice.caller.queue.renew({ submissionId: submission.id });
    expect(renewed.claimExpiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60 * 1000);
    expect(await alice.caller.queue.release({ submissionId: submission.id })).toEqual({ submissionId: submission.id, isReleased: true });
    expect(await codeOf(alice.caller.queue.renew({ submissionId: submission.id }))).toMatch(/^CONFLICT: You no longer hold/);
  });

  it('holds at most 3 active claims per moderator', async () => {
    const alice = await moderator();
    const submissions = await Promise.all([1, 2, 3, 4].map(() => pendingSubmission()));
    for (const s of submissions.slice(0, 3)) await alice.caller.queue.claim({ submissionId: s.id });
    expect(await codeOf(alice.caller.queue.claim({ submissionId: submissions[3]!.id }))).toMatch(/^PRECONDITION_FAILED: You already hold 3 claims/);
    await alice.caller.queue.release({ submissionId: submissions[0]!.id });
    expect(await codeOf(alice.caller.queue.claim({ submissionId: submissions[3]!.id }))).toBe('OK');
    // Re-claiming one already held does not count twice.
    expect(await codeOf(alice.caller.queue.claim({ submissionId: submissions[3]!.id }))).toBe('OK');
  });

  it('refuses self-review, even for a creator who is also a moderator', async () => {
    const user = await createTestUser(db.prisma, ['MODERATOR', 'CREATOR']);
    const creator = await createCreator(db.prisma, user.id);
    const plugin = await createPlugin(db.prisma, creator.id);
    const submission = await createSubmission(db.prisma, plugin);
    const caller = createCaller(await contextFor(testDeps(db), user));
    expect(await codeOf(caller.queue.claim({ submissionId: submission.id }))).toBe('FORBIDDEN: You cannot review your own plugin');
    expect(await codeOf(caller.queue.approve({ submissionId: submission.id, version: 1 }))).toBe('FORBIDDEN: You cannot review your own plugin');
  });
});

describe('decisions', () => {
  it('approves: publishes the version, notifies the creator, audits, and bumps the version', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    await alice.caller.queue.claim({ submissionId: submission.id });
    expect(await alice.caller.queue.approve({ submissionId: submission.id, version: 1, message: 'Looks great' })).toEqual({ submissionId: submission.id, status: 'APPROVED', version: 2 });
    const stored = await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id }, include: { pluginVersion: true } });
    expect(stored).toMatchObject({ status: 'APPROVED', claimedById: null, version: 2 });
    expect(stored.pluginVersion).toMatchObject({ status: 'PUBLISHED' });
    expect(stored.pluginVersion.publishedAt).toBeInstanceOf(Date);
    const notification = await db.prisma.notification.findFirstOrThrow({ where: { creatorId: submission.creatorId } });
    expect(notification).toMatchObject({ kind: 'submission.approved', body: 'Looks great', sentAt: null });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: submission.id, action: 'submissions.approve' } });
    expect(audit.before).toEqual({ status: 'PENDING', version: 1 });
  });

  it('refuses a decision made on a stale page with CONFLICT and changes nothing', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    await db.prisma.submission.update({ where: { id: submission.id }, data: { version: 2 } }); // e.g. the creator replied meanwhile
    await alice.caller.queue.claim({ submissionId: submission.id });
    expect(await codeOf(alice.caller.queue.approve({ submissionId: submission.id, version: 1 }))).toMatch(/^CONFLICT: This submission changed since you opened it \(version 1, now 2/);
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).status).toBe('PENDING');
    expect(await db.prisma.reviewDecision.count({ where: { submissionId: submission.id } })).toBe(0);
  });

  it('requires a claim, and a reason of the right kind to reject', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    const reason = await createDecisionReason(db.prisma, 'REJECT');
    const changesReason = await createDecisionReason(db.prisma, 'REQUEST_CHANGES');
    expect(await codeOf(alice.caller.queue.reject({ submissionId: submission.id, version: 1, reasonId: reason.id, message: 'No' }))).toMatch(/^PRECONDITION_FAILED: Claim this submission/);
    await alice.caller.queue.claim({ submissionId: submission.id });
    expect(await codeOf(alice.caller.queue.reject({ submissionId: submission.id, version: 1, reasonId: changesReason.id, message: 'No' }))).toMatch(/^BAD_REQUEST: .*is a reason for request changes/);
    expect(await codeOf(alice.caller.queue.reject({ submissionId: submission.id, version: 1, reasonId: 'nope', message: 'No' }))).toMatch(/^BAD_REQUEST: Unknown decision reason/);
    expect(await codeOf(alice.caller.queue.reject({ submissionId: submission.id, version: 1, reasonId: reason.id, message: '' }))).toMatch(/^BAD_REQUEST/);
    expect(await alice.caller.queue.reject({ submissionId: submission.id, version: 1, reasonId: reason.id, message: 'Contains obfuscated code' })).toMatchObject({ status: 'REJECTED' });
    const decision = await db.prisma.reviewDecision.findFirstOrThrow({ where: { submissionId: submission.id } });
    expect(decision).toMatchObject({ kind: 'REJECT', reasonId: reason.id, message: 'Contains obfuscated code', moderatorId: alice.user.id });
    expect(await codeOf(alice.caller.queue.claim({ submissionId: submission.id }))).toMatch(/^CONFLICT: This submission is rejected/);
  });

  it('requests changes with a message to the creator', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    await alice.caller.queue.claim({ submissionId: submission.id });
    expect(await alice.caller.queue.requestChanges({ submissionId: submission.id, version: 1, message: 'Please add tests' })).toMatchObject({ status: 'CHANGES_REQUESTED', version: 2 });
    expect(await db.prisma.notification.findFirstOrThrow({ where: { creatorId: submission.creatorId } })).toMatchObject({ kind: 'submission.changes_requested', body: 'Please add tests' });
  });

  it('bulk approves a selection with one result per submission', async () => {
    const alice = await moderator();
    const bob = await moderator('Bob Holder');
    const [a, b, c] = await Promise.all([pendingSubmission(), pendingSubmission(), pendingSubmission()]);
    await bob.caller.queue.claim({ submissionId: b!.id });
    await db.prisma.submission.update({ where: { id: c!.id }, data: { version: 5 } });
    const { results } = await alice.caller.queue.bulkDecide({ kind: 'APPROVE', items: [a, b, c].map((s) => ({ submissionId: s!.id, version: 1 })) });
    expect(results).toEqual([
      { submissionId: a!.id, outcome: 'done', reason: null },
      { submissionId: b!.id, outcome: 'refused', reason: expect.stringMatching(/Claimed by Bob Holder/) },
      { submissionId: c!.id, outcome: 'refused', reason: expect.stringMatching(/changed since you opened it/) },
    ]);
    expect(await codeOf(alice.caller.queue.bulkDecide({ kind: 'REJECT', items: [{ submissionId: a!.id, version: 2 }] }))).toMatch(/^BAD_REQUEST/);
  });
});

describe('queue listing', () => {
  it('orders by due date, filters, pages by keyset and counts tabs', async () => {
    const isolated = await openTestDatabase();
    try {
      const user = await createTestUser(isolated.prisma, ['MODERATOR']);
      const caller = createCaller(await contextFor(testDeps(isolated), user));
      const creator = await createCreator(isolated.prisma);
      const plugin = await createPlugin(isolated.prisma, creator.id);
      const now = Date.now();
      const hour = 3600 * 1000;
      const overdueCritical = await createSubmission(isolated.prisma, plugin, { dueAt: new Date(now - 2 * hour), qualityScore: 30, hasCriticalFindings: true, queueReasons: ['NEW_VERSION', 'CRITICAL_FINDING'] });
      const overdue = await createSubmission(isolated.prisma, plugin, { dueAt: new Date(now - hour), qualityScore: 80 });
      const soon = await createSubmission(isolated.prisma, plugin, { dueAt: new Date(now + hour), qualityScore: 90, queueReasons: ['NEW_PLUGIN'] });
      const later = await createSubmission(isolated.prisma, plugin, { dueAt: new Date(now + 30 * 24 * hour) });
      await createSubmission(isolated.prisma, plugin, { status: 'CHANGES_REQUESTED' });
      await caller.queue.claim({ submissionId: soon.id });

      const all = await caller.queue.list({});
      expect(all.items.map((i) => i.id)).toEqual([overdueCritical.id, overdue.id, soon.id, later.id]);
      expect(all.counts).toEqual({ pending: 4, overdue: 2, unclaimed: 3, mine: 1, changesRequested: 1 });
      expect(all.items[2]!.claim).toMatchObject({ holderId: user.id });
      expect(all.items[0]).toMatchObject({ score: 30, hasCriticalFindings: true, queueReasons: ['NEW_VERSION', 'CRITICAL_FINDING'], plugin: { name: plugin.name } });

      const ids = async (input: Parameters<typeof caller.queue.list>[0]) => (await caller.queue.list(input)).items.map((i) => i.id);
      expect(await ids({ due: 'overdue', hasCriticalFindings: true })).toEqual([overdueCritical.id]);
      expect(await ids({ due: 'soon' })).toEqual([soon.id]);
      expect(await ids({ claim: 'mine' })).toEqual([soon.id]);
      expect(await ids({ claim: 'unclaimed' })).toEqual([overdueCritical.id, overdue.id, later.id]);
      expect(await ids({ scoreMin: 50, scoreMax: 85 })).toEqual([overdue.id]);
      expect(await ids({ reason: 'NEW_PLUGIN' })).toEqual([soon.id]);
      expect(await ids({ reason: 'CRITICAL_FINDING' })).toEqual([overdueCritical.id]);

      const page1 = await caller.queue.list({ limit: 3 });
      const page2 = await caller.queue.list({ limit: 3, cursor: page1.nextCursor! });
      expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
      expect(page2.nextCursor).toBeNull();
    } finally {
      await isolated.close();
    }
  });
});

describe('queue tab counts', () => {
  // The counts come from the partial indexes of migration queue_indexes; here they meet the claim
  // states at their edges. The database is shared with the other tests, so the checks are the rows
  // this test adds (deltas), the statement the counts replaced (one FILTER count over every open
  // submission, the oracle) and the number of rows each tab lists.
  it('equal the replaced FILTER count and the listed rows, for running, ended, ending-now and expiry-less claims', async () => {
    const at = new Date('2026-12-01T12:00:00.000Z');
    const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
    const alice = (await moderator()).user;
    const bob = (await moderator()).user;
    const deps = { prisma: db.prisma, clock: fixedClock(at) };
    const input = { status: 'PENDING' as const, due: 'all' as const, claim: 'all' as const, limit: 100, moderatorId: alice.id };
    const listed = async (filters: Partial<Parameters<typeof listQueuePage>[1]>) => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = await listQueuePage(deps, { ...input, ...filters, cursor });
        count += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return count;
    };
    const countsAsBefore = async () => {
      const [row] = await db.query<Record<string, unknown>>(`
        SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
               count(*) FILTER (WHERE status = 'PENDING' AND "dueAt" < $1) AS overdue,
               count(*) FILTER (WHERE status = 'PENDING' AND ("claimedById" IS NULL OR "claimExpiresAt" <= $1)) AS unclaimed,
               count(*) FILTER (WHERE status = 'PENDING' AND "claimedById" = $2 AND "claimExpiresAt" > $1) AS mine,
               count(*) FILTER (WHERE status = 'CHANGES_REQUESTED') AS "changesRequested"
          FROM "Submission" WHERE status IN ('PENDING', 'CHANGES_REQUESTED')`, ['2026-12-01 12:00:00.000', alice.id]);
      return Object.fromEntries(Object.entries(row!).map(([tab, count]) => [tab, Number(count)]));
    };
    const before = (await listQueue(deps, input)).counts;

    const submission = async (options: SubmissionOptions, claim?: { by: string; until: Date | null }) => {
      const row = await pendingSubmission({ dueAt: minutes(60), ...options });
      if (claim) await db.prisma.submission.update({ where: { id: row.id }, data: { claimedById: claim.by, claimExpiresAt: claim.until } });
    };
    await submission({ dueAt: minutes(-60) }); // overdue, never claimed
    await submission({}, { by: alice.id, until: minutes(5) }); // Alice's running claim
    await submission({ dueAt: minutes(-1) }, { by: alice.id, until: minutes(-1) }); // overdue, Alice's claim ended
    await submission({}, { by: bob.id, until: minutes(5) }); // Bob's running claim
    await submission({}, { by: alice.id, until: null }); // a claim with no expiry: neither unclaimed nor Alice's
    await submission({}, { by: bob.id, until: at }); // a claim ending now: unclaimed
    await submission({ dueAt: at }); // due now: not overdue
    await submission({ status: 'CHANGES_REQUESTED', dueAt: minutes(-60) }, { by: alice.id, until: minutes(5) });
    await submission({ status: 'APPROVED', dueAt: minutes(-60) }, { by: bob.id, until: minutes(5) });

    const { counts } = await listQueue(deps, input);
    const added = Object.fromEntries(Object.entries(counts).map(([tab, count]) => [tab, count - before[tab as keyof typeof before]]));
    expect(added).toEqual({ pending: 7, overdue: 2, unclaimed: 4, mine: 1, changesRequested: 1 });
    expect(counts).toEqual(await countsAsBefore());
    expect(await listed({})).toBe(counts.pending);
    expect(await listed({ due: 'overdue' })).toBe(counts.overdue);
    expect(await listed({ claim: 'unclaimed' })).toBe(counts.unclaimed);
    expect(await listed({ claim: 'mine' })).toBe(counts.mine);
    expect(await listed({ status: 'CHANGES_REQUESTED' })).toBe(counts.changesRequested);
  });
});

describe('reference lists', () => {
  it('lists active decision reasons for moderators and own plugins for creators', async () => {
    const alice = await moderator();
    const reason = await createDecisionReason(db.prisma, 'REQUEST_CHANGES');
    const retired = await createDecisionReason(db.prisma, 'REJECT');
    await db.prisma.decisionReason.update({ where: { id: retired.id }, data: { isActive: false } });
    const reasons = await alice.caller.queue.reasons();
    expect(reasons).toContainEqual({ id: reason.id, code: reason.code, label: reason.label, cannedResponse: reason.cannedResponse, appliesTo: 'REQUEST_CHANGES' });
    expect(reasons.map((r) => r.id)).not.toContain(retired.id);

    const user = await createTestUser(db.prisma, ['CREATOR']);
    const creator = await createCreator(db.prisma, user.id);
    const plugin = await createPlugin(db.prisma, creator.id);
    await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const caller = createCaller(await contextFor(testDeps(db), user));
    expect(await caller.submissions.plugins()).toEqual([{ id: plugin.id, name: plugin.name, latestVersion: null }]);
  });
});

describe('manual flags', () => {
  it('sends an approved submission back to the queue with MANUAL_FLAG, audited with the reason', async () => {
    const alice = await moderator();
    const submission = await pendingSubmission();
    await alice.caller.queue.claim({ submissionId: submission.id });
    await alice.caller.queue.approve({ submissionId: submission.id, version: 1 });
    expect(await codeOf(alice.caller.queue.flag({ submissionId: submission.id, version: 1, reason: 'stale' }))).toMatch(/^CONFLICT/);
    expect(await alice.caller.queue.flag({ submissionId: submission.id, version: 2, reason: 'Users report a crypto miner' })).toEqual({ submissionId: submission.id, status: 'PENDING', version: 3 });
    const stored = await db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored.queueReasons).toEqual(['NEW_VERSION', 'MANUAL_FLAG']);
    expect(stored.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: submission.id, action: 'submissions.flag' } })).toMatchObject({ reason: 'Users report a crypto miner' });
  });
});
