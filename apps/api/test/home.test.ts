/**
 * home.attention: per role, real rows (factories) counted exactly, the urgent date right, each
 * count equal to the list it links to, a creator never counting another creator's rows; and
 * home.reconciliation against the Stripe emulator (finance only, left out without Stripe).
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfUtcDay, type AttentionItem, type AttentionSection, type HomeAttentionOutput, type Role } from '@marketdesk/shared';
import { MAX_FAILED_SIGN_INS } from '../src/modules/auth/sign-in.ts';
import { THROTTLE_WINDOW_SECONDS } from '../src/modules/auth/sign-in-throttle.ts';
import { ensureCurrentSigningKey } from '../src/modules/licenses/signing-keys.ts';
import { chargeEntries, postLedgerTransaction, transferEntries } from '../src/modules/payments/ledger.ts';
import { fixedClock, type AppDeps } from '../src/platform/deps.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createPurchase, createSubmission } from './factories.ts';
import { createLicense } from './licenses/helpers.ts';
import { insertReview } from './reviews/helpers.ts';
import { buy, callerAs, settle, startMoneyServer, type MoneyServer } from './money/helpers.ts';

const NOW = new Date();
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
/** Strictly inside [now, next midnight UTC), whatever the time the test runs at. */
const LATER_TODAY = new Date(NOW.getTime() + Math.floor((endOfUtcDay(NOW).getTime() - NOW.getTime()) / 2));

let db: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  db = await openTestDatabase();
  deps = testDeps(db, { clock: fixedClock(NOW) });
});
afterAll(async () => db?.close());

async function callerFor(user: { id: string }) {
  return createCaller(await contextFor(deps, user));
}

async function attentionOf(user: { id: string }): Promise<HomeAttentionOutput> {
  return (await callerFor(user)).home.attention();
}

function itemsOf(out: HomeAttentionOutput, section: AttentionSection): Record<string, AttentionItem> {
  const found = out.sections.find((s) => s.section === section);
  expect(found, `section ${section}`).toBeDefined();
  return Object.fromEntries(found!.items.map((item) => [item.key, item]));
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: unknown) => (error instanceof TRPCError ? error.code : String(error)));

describe('sections by role', () => {
  it.each<[Role[], AttentionSection[]]>([
    [['MODERATOR'], ['moderation']],
    [['FINANCE'], ['finance']],
    [['SUPPORT'], ['support']],
    [['ADMIN'], ['moderation', 'finance', 'support', 'admin']],
    [['MODERATOR', 'SUPPORT'], ['moderation', 'support']],
    // A creator role without a creator account has nothing of its own to count.
    [['CREATOR'], []],
  ])('%j sees %j', async (roles, sections) => {
    const user = await createTestUser(db.prisma, roles);
    expect((await attentionOf(user)).sections.map((s) => s.section)).toEqual(sections);
  });

  it('is refused without a session; the reconciliation is finance-only', async () => {
    expect(await codeOf(createCaller(await contextFor(deps, null)).home.attention())).toBe('UNAUTHORIZED');
    for (const role of ['SUPPORT', 'MODERATOR', 'CREATOR'] as const) {
      expect(await codeOf((await callerFor(await createTestUser(db.prisma, [role]))).home.reconciliation())).toBe('FORBIDDEN');
    }
    // This process has no Stripe: the home leaves the item out.
    const finance = await createTestUser(db.prisma, ['FINANCE']);
    expect(await (await callerFor(finance)).home.reconciliation()).toEqual({ isStripeConfigured: false, periods: [] });
  });
});

describe('moderation', () => {
  it('counts overdue, due today, critical findings and own claims as the queue filters them', async () => {
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    const other = await createTestUser(db.prisma, ['MODERATOR']);
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const claim = (holder: { id: string }, expiresAt: Date) => ({ claimedById: holder.id, claimExpiresAt: expiresAt });
    await createSubmission(db.prisma, plugin, { dueAt: at(-2 * DAY) });
    await createSubmission(db.prisma, plugin, { dueAt: at(-HOUR), hasCriticalFindings: true });
    const today = await createSubmission(db.prisma, plugin, { dueAt: LATER_TODAY });
    await db.prisma.submission.update({ where: { id: today.id }, data: claim(moderator, at(10 * 60_000)) });
    const critical = await createSubmission(db.prisma, plugin, { dueAt: at(3 * DAY), hasCriticalFindings: true });
    await db.prisma.submission.update({ where: { id: critical.id }, data: claim(other, at(10 * 60_000)) });
    const expired = await createSubmission(db.prisma, plugin, { dueAt: at(5 * DAY) });
    await db.prisma.submission.update({ where: { id: expired.id }, data: claim(moderator, at(-60_000)) });
    // Not pending: never counted for moderators.
    await createSubmission(db.prisma, plugin, { dueAt: at(-5 * DAY), status: 'CHANGES_REQUESTED', hasCriticalFindings: true });
    await createSubmission(db.prisma, plugin, { dueAt: at(-5 * DAY), status: 'APPROVED' });

    const items = itemsOf(await attentionOf(moderator), 'moderation');
    expect(items['submissions.overdue']).toMatchObject({ count: 2, at: at(-2 * DAY) });
    expect(items['submissions.dueToday']).toMatchObject({ count: 1, at: LATER_TODAY });
    expect(items['submissions.critical']).toMatchObject({ count: 2, at: at(-HOUR) });
    expect(items['submissions.myClaims']).toMatchObject({ count: 1, at: LATER_TODAY });
    expect(itemsOf(await attentionOf(other), 'moderation')['submissions.myClaims']).toMatchObject({ count: 1, at: at(3 * DAY) });

    // Each count is the length of the list it links to (/queue?due=overdue, ?due=today, ?critical=yes, ?claim=mine).
    const caller = await callerFor(moderator);
    expect((await caller.queue.list({ due: 'overdue' })).items).toHaveLength(2);
    expect((await caller.queue.list({ due: 'today' })).items.map((s) => s.id)).toEqual([today.id]);
    expect((await caller.queue.list({ hasCriticalFindings: true })).items).toHaveLength(2);
    expect((await caller.queue.list({ claim: 'mine' })).items.map((s) => s.id)).toEqual([today.id]);
  });

  it('counts the buyer reviews waiting in their queue (issue 16) as its "All" tab does, for those who may moderate them', async () => {
    const moderator = await createTestUser(db.prisma, ['MODERATOR']);
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    await insertReview(db.prisma, plugin, { signals: ['LINK'], queuedAt: at(-2 * DAY) });
    await insertReview(db.prisma, plugin, { reports: 1, queuedAt: at(-HOUR) });
    await insertReview(db.prisma, plugin); // published, not queued
    const items = itemsOf(await attentionOf(moderator), 'moderation');
    expect(items['reviews.waiting']).toMatchObject({ count: 2, at: at(-2 * DAY) });
    expect((await (await callerFor(moderator)).reviewQueue.list({})).counts.all).toBe(2);
  });
});

describe('finance', () => {
  it('counts disputes awaiting evidence, dead and failed events, failed refunds and failed payouts', async () => {
    const finance = await createTestUser(db.prisma, ['FINANCE']);
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const [p1, p2, p3] = [await createPurchase(db.prisma, plugin), await createPurchase(db.prisma, plugin), await createPurchase(db.prisma, plugin)];
    const dispute = (purchaseId: string, status: 'NEEDS_RESPONSE' | 'WARNING_NEEDS_RESPONSE' | 'UNDER_REVIEW' | 'WON', evidenceDueBy: Date) =>
      db.prisma.dispute.create({ data: { stripeDisputeId: `dp_${randomUUID()}`, purchaseId, amount: 1900, currency: 'usd', reason: 'fraudulent', status, evidenceDueBy } });
    await dispute(p1!.id, 'NEEDS_RESPONSE', at(3 * DAY));
    await dispute(p2!.id, 'WARNING_NEEDS_RESPONSE', at(DAY));
    await dispute(p3!.id, 'NEEDS_RESPONSE', at(2 * DAY));
    await dispute(p3!.id, 'UNDER_REVIEW', at(-DAY));
    await dispute(p3!.id, 'WON', at(-2 * DAY));
    const event = (status: 'DEAD' | 'FAILED' | 'PROCESSED', receivedAt: Date) =>
      db.prisma.stripeEvent.create({ data: { id: `evt_${randomUUID()}`, type: 'charge.refunded', payload: {}, status, stripeCreatedAt: receivedAt, receivedAt } });
    await event('DEAD', at(-3 * HOUR));
    await event('DEAD', at(-HOUR));
    await event('FAILED', at(-2 * HOUR));
    await event('PROCESSED', at(-9 * HOUR));
    const refund = (purchaseId: string, status: 'FAILED' | 'CANCELED' | 'SUCCEEDED' | 'PENDING', createdAt: Date) =>
      db.prisma.refund.create({ data: { purchaseId, amount: 500, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', status, idempotencyKey: randomUUID(), createdAt } });
    await refund(p1!.id, 'FAILED', at(-4 * DAY));
    await refund(p2!.id, 'CANCELED', at(-DAY));
    await refund(p3!.id, 'SUCCEEDED', at(-6 * DAY));
    await refund(p3!.id, 'PENDING', at(-7 * DAY));
    const payout = (status: 'FAILED' | 'PAID', createdAt: Date) =>
      db.prisma.payout.create({ data: { stripePayoutId: `po_${randomUUID()}`, creatorId: plugin.creatorId, amount: 1000, currency: 'usd', status, createdAt } });
    await payout('FAILED', at(-2 * DAY));
    await payout('PAID', at(-3 * DAY));

    const items = itemsOf(await attentionOf(finance), 'finance');
    expect(items['disputes.evidenceDue']).toMatchObject({ count: 2, at: at(2 * DAY) });
    expect(items['disputes.inquiryDue']).toMatchObject({ count: 1, at: at(DAY) });
    expect(items['stripeEvents.dead']).toMatchObject({ count: 2, at: at(-3 * HOUR) });
    expect(items['stripeEvents.failed']).toMatchObject({ count: 1, at: at(-2 * HOUR) });
    expect(items['refunds.failed']).toMatchObject({ count: 2, at: at(-4 * DAY) });
    expect(items['payouts.failed']).toMatchObject({ count: 1, at: at(-2 * DAY) });

    // The lists the items open: the webhook inbox by status, purchases with a failed refund, failed payouts.
    const caller = await callerFor(finance);
    expect((await caller.stripeEvents.list({ status: 'DEAD' })).items).toHaveLength(2);
    expect((await caller.finance.disputes({ status: 'NEEDS_RESPONSE' })).items.map((d) => d.evidenceDueBy!.getTime()).sort()).toEqual([at(2 * DAY).getTime(), at(3 * DAY).getTime()]);
    expect((await caller.finance.disputes({ status: 'WARNING_NEEDS_RESPONSE' })).items).toHaveLength(1);
    expect((await caller.finance.searchPurchases({ refunds: 'failed' })).items.map((p) => p.id).sort()).toEqual([p1!.id, p2!.id].sort());
    expect((await caller.finance.payouts({ status: 'FAILED' })).items).toHaveLength(1);
  });
});

describe('support', () => {
  it('counts suspended licenses and licenses refused TOO_MANY_MACHINES in the last 24 hours', async () => {
    const support = await createTestUser(db.prisma, ['SUPPORT']);
    await ensureCurrentSigningKey(deps);
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const license = async (status: 'ACTIVE' | 'SUSPENDED', statusChangedAt: Date | null) => {
      const { license: row } = await createLicense(deps, { pluginId: plugin.id, status });
      return db.prisma.license.update({ where: { id: row.id }, data: { statusChangedAt } });
    };
    await license('SUSPENDED', at(-3 * DAY));
    await license('SUSPENDED', at(-DAY));
    const [l1, l2, l3, l4] = [await license('ACTIVE', null), await license('ACTIVE', null), await license('ACTIVE', null), await license('ACTIVE', null)];
    const validation = (licenseId: string, code: string, occurredAt: Date) => db.prisma.licenseValidation.create({ data: { licenseId, code, occurredAt } });
    await validation(l1!.id, 'TOO_MANY_MACHINES', at(-2 * HOUR));
    await validation(l1!.id, 'TOO_MANY_MACHINES', at(-HOUR));
    await validation(l2!.id, 'TOO_MANY_MACHINES', at(-23 * HOUR));
    await validation(l3!.id, 'TOO_MANY_MACHINES', at(-25 * HOUR));
    await validation(l4!.id, 'VALID', at(-60_000));

    const items = itemsOf(await attentionOf(support), 'support');
    expect(items['licenses.suspended']).toMatchObject({ count: 2, at: at(-3 * DAY) });
    expect(items['licenses.tooManyMachines']).toMatchObject({ count: 2, at: at(-HOUR) });
    expect((await (await callerFor(support)).licenses.search({ status: 'SUSPENDED' })).items).toHaveLength(2);
  });
});

describe('admin', () => {
  it('counts disabled accounts and accounts the sign-in throttle refuses now, as the staff list filters them', async () => {
    const admin = await createTestUser(db.prisma, ['ADMIN']);
    for (let i = 0; i < 2; i += 1) {
      const disabled = await createTestUser(db.prisma, ['SUPPORT']);
      await db.prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: at(-DAY) } });
    }
    const [locked, almost, expired] = [await createTestUser(db.prisma, ['FINANCE']), await createTestUser(db.prisma, ['FINANCE']), await createTestUser(db.prisma, ['FINANCE'])];
    const windowOver = at(-THROTTLE_WINDOW_SECONDS * 1000 - 1000);
    await db.prisma.signInThrottle.createMany({
      data: [
        { key: `email-client:${locked.email} 203.0.113.7`, attempts: MAX_FAILED_SIGN_INS, windowStart: at(-60_000) },
        { key: `email-client:${locked.email} 2001:db8::1`, attempts: MAX_FAILED_SIGN_INS + 3, windowStart: at(-120_000) },
        { key: `email-client:${almost.email} 203.0.113.7`, attempts: MAX_FAILED_SIGN_INS - 1, windowStart: at(-60_000) },
        { key: `email-client:${expired.email} 203.0.113.7`, attempts: MAX_FAILED_SIGN_INS + 5, windowStart: windowOver },
        { key: 'email-client:nobody-here@example.test 203.0.113.7', attempts: MAX_FAILED_SIGN_INS + 5, windowStart: at(-60_000) },
        { key: 'client:203.0.113.7', attempts: 100, windowStart: at(-60_000) },
      ],
    });

    const items = itemsOf(await attentionOf(admin), 'admin');
    expect(items['accounts.disabled']).toMatchObject({ count: 2 });
    expect(items['accounts.lockedOut']).toMatchObject({ count: 1 });
    const caller = await callerFor(admin);
    expect((await caller.users.list({ status: 'locked' })).items.map((u) => u.id)).toEqual([locked.id]);
    expect((await caller.users.list({ status: 'disabled' })).total).toBe(2);
  });
});

describe('creator', () => {
  it('counts only the caller\'s own submissions awaiting a reply, balance and payouts', async () => {
    const ownUser = await createTestUser(db.prisma, ['CREATOR']);
    const own = await createCreator(db.prisma, ownUser.id);
    const otherUser = await createTestUser(db.prisma, ['CREATOR']);
    const other = await createCreator(db.prisma, otherUser.id);
    const [ownPlugin, otherPlugin] = [await createPlugin(db.prisma, own.id), await createPlugin(db.prisma, other.id, { currency: 'eur' })];
    for (const [plugin, decidedAt] of [[ownPlugin, at(-3 * DAY)], [ownPlugin, at(-DAY)], [otherPlugin, at(-9 * DAY)]] as const) {
      const submission = await createSubmission(db.prisma, plugin, { status: 'CHANGES_REQUESTED' });
      await db.prisma.submission.update({ where: { id: submission.id }, data: { decidedAt } });
    }
    await createSubmission(db.prisma, ownPlugin, { status: 'PENDING' });
    const sale = async (plugin: { id: string; creatorId: string }, currency: string, amount: number, creatorShare: number) => {
      const purchase = await createPurchase(db.prisma, plugin, { amount, currency });
      const tags = { creatorId: plugin.creatorId, pluginId: plugin.id };
      await db.prisma.$transaction(async (tx) => {
        await postLedgerTransaction(tx, { externalKey: `charge:${purchase.chargeId}`, kind: 'payment', purchaseId: purchase.id, currency, occurredAt: at(-DAY), entries: chargeEntries(tags, amount, 85) });
        await postLedgerTransaction(tx, { externalKey: `transfer:${purchase.chargeId}`, kind: 'transfer', purchaseId: purchase.id, currency, occurredAt: at(-DAY), entries: transferEntries(tags, creatorShare) });
      });
    };
    await sale(ownPlugin, 'usd', 1900, 1710);
    await sale(ownPlugin, 'eur', 1000, 900);
    await sale(otherPlugin, 'usd', 9000, 8100);
    const payout = (creatorId: string, status: 'PENDING' | 'IN_TRANSIT' | 'PAID', amount: number, arrivalDate: Date) =>
      db.prisma.payout.create({ data: { stripePayoutId: `po_${randomUUID()}`, creatorId, amount, currency: 'usd', status, arrivalDate } });
    await payout(own.id, 'IN_TRANSIT', 500, at(2 * DAY));
    await payout(own.id, 'PENDING', 300, at(DAY));
    await payout(own.id, 'PAID', 700, at(-DAY));
    await payout(other.id, 'IN_TRANSIT', 4000, at(HOUR));

    const out = await attentionOf(ownUser);
    expect(out.sections.map((s) => s.section)).toEqual(['creator']);
    const items = itemsOf(out, 'creator');
    expect(items['submissions.changesRequested']).toMatchObject({ count: 2, at: at(-3 * DAY) });
    expect(items['creator.nextPayout']).toMatchObject({ count: 2, at: at(DAY), money: [{ amount: 300, currency: 'usd' }] });
    // The balance is the Earnings page's "available", per currency the creator earned in.
    const caller = await callerFor(ownUser);
    const available = await Promise.all(['eur', 'usd'].map(async (currency) => ({ amount: (await caller.creator.earnings({ currency })).available, currency })));
    expect(items['creator.balance']).toMatchObject({ count: 2, money: available });
    expect(available).toEqual([{ amount: 900, currency: 'eur' }, { amount: 1710, currency: 'usd' }]);
    expect((await caller.submissions.mine({ status: 'CHANGES_REQUESTED' })).total).toBe(2);

    const otherItems = itemsOf(await attentionOf(otherUser), 'creator');
    expect(otherItems['submissions.changesRequested']).toMatchObject({ count: 1, at: at(-9 * DAY) });
    expect(otherItems['creator.balance']!.money).toEqual([{ amount: 8100, currency: 'usd' }]);
    expect(otherItems['creator.nextPayout']).toMatchObject({ count: 1, money: [{ amount: 4000, currency: 'usd' }] });
  });
});

describe('reconciliation against the Stripe emulator', () => {
  let ts: MoneyServer;
  beforeAll(async () => { ts = await startMoneyServer(); });
  afterAll(async () => ts?.close());

  it('reconciles this month and last in the ledger\'s currencies with finance.reconcile\'s rule', async () => {
    const seller = await createPlugin(ts.prisma, (await createCreator(ts.prisma)).id, { priceAmount: 2500 });
    await buy(ts, seller.id);
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const out = await caller.home.reconciliation();
    expect(out.isStripeConfigured).toBe(true);
    expect(out.periods.map((p) => p.currency)).toEqual(['usd', 'usd']);
    const [previous, current] = out.periods;
    expect(previous!.to).toEqual(current!.from);
    expect(current!.from.getUTCDate()).toBe(1);
    expect(current!.ledgerPlatformNet).toBeGreaterThan(0);
    const direct = await caller.finance.reconcile({ from: current!.from, to: current!.to, currency: 'usd' });
    expect(current).toMatchObject({ ledgerPlatformNet: direct.ledgerPlatformNet, stripePlatformNet: direct.stripePlatformNet, difference: direct.difference, isBalanced: direct.isBalanced });
    expect(current!.isBalanced).toBe(true);
  });

  it('names a month whose ledger holds money Stripe never saw', async () => {
    const { caller } = await callerAs(ts, ['FINANCE']);
    const entries = [{ accountType: 'BUYER_PAYMENTS' as const, amount: -700 }, { accountType: 'STRIPE_BALANCE' as const, amount: 700 }];
    await ts.prisma.$transaction((tx) => postLedgerTransaction(tx, { externalKey: `manual:${randomUUID()}`, kind: 'payment', currency: 'usd', occurredAt: new Date(), entries }));
    const current = (await caller.home.reconciliation()).periods.at(-1)!;
    expect(current).toMatchObject({ currency: 'usd', difference: 700, isBalanced: false });
  });
});
