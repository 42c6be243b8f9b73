/**
 * finance.pricingModels, creator.earningsByModel and creator.usage over a small hand-made
 * ledger (postLedgerTransaction + payments/ledger.ts' entry builders, every stream and credits),
 * trials, free licenses, subscriptions and usage records: each figure equals the value computed
 * by hand in the comments; who may call them; a creator sees only their own.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@marketdesk/shared';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import {
  applicationFeeEntries, chargeEntries, creditGrantEntries, creditUseEntries, feeRefundEntries, postLedgerTransaction, refundEntries, transferEntries, transferReversalEntries,
  type LedgerEntryInput, type LedgerKind, type SaleTags,
} from '../../src/modules/payments/ledger.ts';
import { createCreator, createPlugin } from '../factories.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from '../harness.ts';

let db: TestDatabase;
let prisma: PrismaClient;
const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);
const MARCH = { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-04-01T00:00:00.000Z'), currency: 'usd' };

/** Creator A (plugin P, subscriptions at 1000 a month, tier pro at 1500), creator B (plugin Q), creator C (a yearly plugin Y and a EUR plugin E). */
let a: { userId: string; creatorId: string; pluginId: string; licenseId: string };
let b: { userId: string; creatorId: string; pluginId: string; licenseId: string };

async function post(kind: LedgerKind, at: string, entries: LedgerEntryInput[], purchaseId: string | null = null) {
  await prisma.$transaction((tx) => postLedgerTransaction(tx, { externalKey: `${kind}:${randomUUID()}`, kind, purchaseId, currency: 'usd', occurredAt: day(at), entries }));
}

/** A destination sale of `amount`: charge (Stripe fee `stripeFee`), transfer, application fee 10 %. */
async function sale(tags: SaleTags, at: string, amount: number, stripeFee: number, purchaseId: string | null = null) {
  await post('payment', at, chargeEntries(tags, amount, stripeFee), purchaseId);
  await post('transfer', at, transferEntries(tags, amount), purchaseId);
  await post('application_fee', at, applicationFeeEntries(tags, amount / 10), purchaseId);
}

async function license(pluginId: string, at: string, options: { purchaseId?: string; replacesLicenseId?: string } = {}) {
  return prisma.license.create({
    data: { keyId: randomUUID(), pluginId, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.test`, entitlements: [], signingKid: 'kid-test', issuedAt: day(at), purchaseId: options.purchaseId ?? null, replacesLicenseId: options.replacesLicenseId ?? null },
  });
}

async function trial(pluginId: string, tierId: string, status: 'ACTIVE' | 'CONVERTED' | 'EXPIRED', at: { started: string; converted?: string; ended?: string }, subscriptionId: string | null = null) {
  const row = await license(pluginId, at.started);
  await prisma.license.update({ where: { id: row.id }, data: { trialEndsAt: day(at.ended ?? at.converted ?? '2026-04-20') } });
  return prisma.trial.create({
    data: {
      pluginId, tierId, buyerEmail: row.buyerEmail, fingerprint: randomUUID(), licenseId: row.id, subscriptionId, status, startedAt: day(at.started), endsAt: day(at.ended ?? at.converted ?? '2026-04-20'),
      convertedAt: at.converted ? day(at.converted) : null, endedAt: at.ended ? day(at.ended) : null,
    },
  });
}

async function subscription(pluginId: string, data: { tierId?: string; status?: 'TRIALING' | 'ACTIVE' | 'CANCELED'; createdAt: string; billingAnchor?: string; canceledAt?: string }) {
  return prisma.subscription.create({
    data: {
      pluginId, buyerEmail: `sub-${randomUUID().slice(0, 8)}@example.test`, status: data.status ?? 'ACTIVE', tierId: data.tierId ?? null, createdAt: day(data.createdAt),
      billingAnchor: data.billingAnchor ? day(data.billingAnchor) : null, canceledAt: data.canceledAt ? day(data.canceledAt) : null,
      currentPeriodStart: day(data.createdAt), currentPeriodEnd: day('2026-04-10'),
    },
  });
}

async function callerAs(roles: Role[], userId?: string) {
  const user = userId ? { id: userId } : await createTestUser(prisma, roles);
  return createCaller(await contextFor(testDeps(db), user));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  prisma = db.prisma;
  // Licenses name the key that signed them; these are never rendered, so any row does.
  await prisma.signingKey.create({ data: { kid: 'kid-test', publicJwk: {}, privateKeyEncrypted: 'unused' } });
  const seller = async () => {
    const user = await createTestUser(prisma, ['CREATOR']);
    const creator = await createCreator(prisma, user.id);
    const plugin = await prisma.plugin.update({ where: { id: (await createPlugin(prisma, creator.id, { priceAmount: 1000 })).id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
    const credits = await license(plugin.id, '2026-01-05', {});
    return { userId: user.id, creatorId: creator.id, pluginId: plugin.id, licenseId: credits.id };
  };
  a = await seller();
  b = await seller();
  const pro = await prisma.pluginTier.create({ data: { pluginId: a.pluginId, key: 'pro', name: 'Pro', priceAmount: 1500, entitlements: ['pro'] } });
  const c = await createCreator(prisma);
  const yearly = await prisma.plugin.update({ where: { id: (await createPlugin(prisma, c.id, { priceAmount: 12_000 })).id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'year' } });
  const euro = await prisma.plugin.update({ where: { id: (await createPlugin(prisma, c.id, { priceAmount: 900, currency: 'eur' })).id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });

  const tags = (stream: SaleTags['stream'], who = a) => ({ creatorId: who.creatorId, pluginId: who.pluginId, stream });
  const credits = (stream: SaleTags['stream']) => ({ ...tags(stream), licenseId: a.licenseId });
  // February (outside March): a one-time sale of 1000 and a credit pack of 2000 (still unused: deferred).
  await sale(tags('ONE_TIME'), '2026-02-15', 1000, 59);
  await post('payment', '2026-02-20', chargeEntries(credits('CREDITS_SOLD'), 2000, 88));
  // March, creator A: one-time 2000 (fee 200, Stripe 88) refunded 500 (reversal 500, fee refund 50).
  await sale(tags('ONE_TIME'), '2026-03-05', 2000, 88);
  await post('refund', '2026-03-26', refundEntries(tags('ONE_TIME'), 500));
  await post('transfer_reversal', '2026-03-26', transferReversalEntries(tags('ONE_TIME'), 500));
  await post('fee_refund', '2026-03-26', feeRefundEntries(tags('ONE_TIME'), 50));
  // Subscription 1500 (Stripe 74); a posting older than streams (no stream) of a SUBSCRIPTION purchase: 1000 (Stripe 59).
  await sale(tags('SUBSCRIPTION'), '2026-03-10', 1500, 74);
  const legacy = await prisma.purchase.create({ data: { pluginId: a.pluginId, creatorId: a.creatorId, buyerEmail: 'legacy@example.test', paymentIntentId: `pi_${randomUUID()}`, amount: 1000, currency: 'usd', applicationFeeAmount: 100, status: 'SUCCEEDED', kind: 'SUBSCRIPTION', paidAt: day('2026-03-15') } });
  await sale(tags(undefined), '2026-03-15', 1000, 59, legacy.id);
  // Overage 300 (Stripe 39), late on the 31st.
  await sale(tags('OVERAGE'), '2026-03-31', 300, 39);
  // Credit pack 5000 (Stripe 175), 1000 of it refunded; 1200 used (fee 120, creator's 1080 transferred); 500 granted.
  await post('payment', '2026-03-12', chargeEntries(credits('CREDITS_SOLD'), 5000, 175));
  await post('refund', '2026-03-25', refundEntries(credits('CREDITS_SOLD'), 1000));
  await post('credit_use', '2026-03-20', creditUseEntries(credits('CREDITS_USED') as SaleTags & { licenseId: string }, 1200, 120));
  await post('transfer', '2026-03-22', transferEntries(credits('CREDITS_USED'), 1080));
  await post('credit_grant', '2026-03-21', creditGrantEntries(credits('CREDITS_GRANTED') as SaleTags & { licenseId: string }, 500));
  // A's payout of 800 (no stream): creator earnings stay what was earned.
  await post('payout', '2026-03-28', [{ accountType: 'CREATOR_PAYABLE', amount: -800, creatorId: a.creatorId }, { accountType: 'PAYOUTS', amount: 800, creatorId: a.creatorId }]);
  // April (after March): 300 credits used, not deferred at April 1 any more but still in March's deferred revenue.
  await post('credit_use', '2026-04-02', creditUseEntries(credits('CREDITS_USED') as SaleTags & { licenseId: string }, 300, 30));
  // March, creator B: one-time 3000 (Stripe 117).
  await sale(tags('ONE_TIME', b), '2026-03-08', 3000, 117);

  // Free installs: two in March; not the February one, a replacement, a paid one or a trial license.
  await license(a.pluginId, '2026-03-02');
  const free = await license(b.pluginId, '2026-03-30');
  await license(a.pluginId, '2026-02-27');
  await license(b.pluginId, '2026-03-31', { replacesLicenseId: free.id });
  await license(a.pluginId, '2026-03-03', { purchaseId: legacy.id });

  // Subscriptions (USD): S1 pro since January (1500); S2 at the plugin's 1000, canceled on March 15;
  // S3 yearly 12000 (1000 a month), older row without a billing anchor; S4 pro from March 10;
  // S5 trialing; S6 a trial converted on March 5 (pro). A EUR one is another currency.
  await subscription(a.pluginId, { tierId: pro.id, createdAt: '2026-01-10', billingAnchor: '2026-01-10' });
  await subscription(a.pluginId, { createdAt: '2026-02-01', billingAnchor: '2026-02-01', status: 'CANCELED', canceledAt: '2026-03-15' });
  await subscription(yearly.id, { createdAt: '2025-06-01' });
  await subscription(a.pluginId, { tierId: pro.id, createdAt: '2026-03-10', billingAnchor: '2026-03-10' });
  const trialing = await subscription(a.pluginId, { tierId: pro.id, createdAt: '2026-03-20', status: 'TRIALING' });
  const converted = await subscription(a.pluginId, { tierId: pro.id, createdAt: '2026-02-19' });
  await subscription(euro.id, { createdAt: '2026-01-01', billingAnchor: '2026-01-01' });
  // Trials ended in March: converted on the 5th (S6) and the 20th, expired on the 18th; one converted in February; one still on.
  await trial(a.pluginId, pro.id, 'CONVERTED', { started: '2026-02-19', converted: '2026-03-05' }, converted.id);
  await trial(a.pluginId, pro.id, 'CONVERTED', { started: '2026-03-06', converted: '2026-03-20' });
  await trial(a.pluginId, pro.id, 'EXPIRED', { started: '2026-03-04', ended: '2026-03-18' });
  await trial(a.pluginId, pro.id, 'CONVERTED', { started: '2026-02-01', converted: '2026-02-15' });
  await trial(a.pluginId, pro.id, 'ACTIVE', { started: '2026-03-20' }, trialing.id);
}, 120_000);
afterAll(async () => db?.close());

describe('finance.pricingModels', () => {
  it('sums each stream of March from the ledger, as computed by hand', async () => {
    const caller = await callerAs(['FINANCE']);
    const result = await caller.finance.pricingModels(MARCH);
    expect(result.streams).toEqual([
      // A 2000 + B 3000; fees 200 − 50 + 300; creators 1800 − 500 + 50 + 2700; Stripe 88 + 117.
      { stream: 'ONE_TIME', amount: 5000, platformFees: 450, refunds: 500, creatorEarnings: 4050, stripeFees: 205 },
      // 1500 + the stream-less posting of a SUBSCRIPTION purchase, 1000.
      { stream: 'SUBSCRIPTION', amount: 2500, platformFees: 250, refunds: 0, creatorEarnings: 2250, stripeFees: 133 },
      { stream: 'OVERAGE', amount: 300, platformFees: 30, refunds: 0, creatorEarnings: 270, stripeFees: 39 },
      { stream: 'CREDITS_SOLD', amount: 5000, platformFees: 0, refunds: 1000, creatorEarnings: 0, stripeFees: 175 },
      { stream: 'CREDITS_USED', amount: 1200, platformFees: 120, refunds: 0, creatorEarnings: 1080, stripeFees: 0 },
      { stream: 'CREDITS_GRANTED', amount: 500, platformFees: 0, refunds: 0, creatorEarnings: 0, stripeFees: 0 },
    ]);
    // Unused credits at April 1: 2000 + 5000 − 1000 − 1200 + 500 (April's use comes later).
    expect(result.deferredRevenue).toBe(5300);
    expect(result.trials).toEqual({ converted: 2, expired: 1, conversionRate: 2 / 3 });
    expect(result.freeInstalls).toBe(2);
    // At March 1: S1 1500, S2 1000, S3 1000 = 3500; S2 canceled (1000); at April 1: S1, S3, S4, S6 = 5500.
    expect(result.subscriptions).toEqual({ mrr: 5500, mrrAtStart: 3500, activeAtStart: 3, activeAtEnd: 4, canceled: 1, logoChurnRate: 1 / 3, revenueChurnRate: 1000 / 3500 });
  });

  it('gives each stream per UTC month; deferred revenue is the liability at the period end', async () => {
    const caller = await callerAs(['ADMIN']);
    const result = await caller.finance.pricingModels({ ...MARCH, from: new Date('2026-02-01T00:00:00.000Z'), to: new Date('2026-05-01T00:00:00.000Z') });
    const zeros = { ONE_TIME: 0, SUBSCRIPTION: 0, OVERAGE: 0, CREDITS_SOLD: 0, CREDITS_USED: 0, CREDITS_GRANTED: 0 };
    expect(result.months).toEqual([
      { month: '2026-02-01', amounts: { ...zeros, ONE_TIME: 1000, CREDITS_SOLD: 2000 } },
      { month: '2026-03-01', amounts: { ...zeros, ONE_TIME: 5000, SUBSCRIPTION: 2500, OVERAGE: 300, CREDITS_SOLD: 5000, CREDITS_USED: 1200, CREDITS_GRANTED: 500 } },
      { month: '2026-04-01', amounts: { ...zeros, CREDITS_USED: 300 } },
    ]);
    expect(result.deferredRevenue).toBe(5000);
    // Every month's amount of a stream adds up to the stream's figure.
    for (const stream of result.streams) expect(result.months.reduce((sum, m) => sum + m.amounts[stream.stream], 0)).toBe(stream.amount);
    const eur = await caller.finance.pricingModels({ ...MARCH, currency: 'eur' });
    expect(eur.streams.every((s) => s.amount === 0) && eur.deferredRevenue === 0).toBe(true);
    expect(eur.subscriptions).toMatchObject({ mrr: 900, activeAtStart: 1, canceled: 0, logoChurnRate: 0 });
  });

  it('is finance\'s and admins\'; support, moderators and creators are refused; a bad period names its field', async () => {
    for (const roles of [['FINANCE'], ['ADMIN']] as Role[][]) expect(await codeOf((await callerAs(roles)).finance.pricingModels(MARCH))).toBe('OK');
    for (const roles of [['SUPPORT'], ['MODERATOR'], ['CREATOR']] as Role[][]) expect(await codeOf((await callerAs(roles)).finance.pricingModels(MARCH))).toBe('FORBIDDEN');
    const error = await (await callerAs(['FINANCE'])).finance.pricingModels({ ...MARCH, to: MARCH.from }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('`from` must be before `to`');
  });
});

describe('creator.earningsByModel', () => {
  it('gives the creator their own earnings per stream and month (payouts move earnings, they are not any)', async () => {
    const caller = await callerAs(['CREATOR'], a.userId);
    const result = await caller.creator.earningsByModel(MARCH);
    expect(result.streams).toEqual([
      { stream: 'ONE_TIME', gross: 2000, refunds: 500, earnings: 1350 },
      { stream: 'SUBSCRIPTION', gross: 2500, refunds: 0, earnings: 2250 },
      { stream: 'OVERAGE', gross: 300, refunds: 0, earnings: 270 },
      { stream: 'CREDITS_SOLD', gross: 5000, refunds: 1000, earnings: 0 },
      { stream: 'CREDITS_USED', gross: 1200, refunds: 0, earnings: 1080 },
      { stream: 'CREDITS_GRANTED', gross: 500, refunds: 0, earnings: 0 },
    ]);
    expect(result.months).toEqual([{ month: '2026-03-01', earnings: { ONE_TIME: 1350, SUBSCRIPTION: 2250, OVERAGE: 270, CREDITS_SOLD: 0, CREDITS_USED: 1080, CREDITS_GRANTED: 0 } }]);
    const other = await (await callerAs(['CREATOR'], b.userId)).creator.earningsByModel(MARCH);
    expect(other.streams).toEqual([{ stream: 'ONE_TIME', gross: 3000, refunds: 0, earnings: 2700 }]);
  });

  it('answers another creator\'s id as not found, and refuses staff', async () => {
    const caller = await callerAs(['CREATOR'], b.userId);
    expect(await codeOf(caller.creator.earningsByModel({ ...MARCH, creatorId: a.creatorId }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.creator.usage({ creatorId: a.creatorId }))).toBe('NOT_FOUND');
    for (const roles of [['FINANCE'], ['ADMIN'], ['SUPPORT']] as Role[][]) {
      const staff = await callerAs(roles);
      expect(await codeOf(staff.creator.earningsByModel(MARCH))).toBe('FORBIDDEN');
      expect(await codeOf(staff.creator.usage({}))).toBe('FORBIDDEN');
    }
  });
});

describe('creator.usage', () => {
  it('counts reports and quantities per plugin and metric, this UTC month and last, of the creator\'s own plugins only', async () => {
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const before = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 20));
    const hour = 3_600_000;
    const record = (licenseId: string, metric: string, quantity: number, occurredAt: Date, extra: { overageQuantity?: number; creditAmount?: number } = {}) =>
      prisma.usageRecord.create({ data: { licenseId, metric, quantity, idempotencyKey: randomUUID(), periodStart: occurredAt, occurredAt, ...extra } });
    await record(a.licenseId, 'api_calls', 10, new Date(thisMonth.getTime() + hour));
    await record(a.licenseId, 'api_calls', 20, new Date(thisMonth.getTime() + 2 * hour), { creditAmount: 100 });
    await record(a.licenseId, 'api_calls', 5, new Date(thisMonth.getTime() + 3 * hour), { overageQuantity: 5 });
    await record(a.licenseId, 'api_calls', 7, new Date(lastMonth.getTime() + hour));
    await record(a.licenseId, 'tokens', 100, new Date(thisMonth.getTime() - hour));
    await record(a.licenseId, 'api_calls', 999, before);
    await record(b.licenseId, 'api_calls', 42, new Date(thisMonth.getTime() + hour));

    const result = await (await callerAs(['CREATOR'], a.userId)).creator.usage({});
    expect(result.thisMonth).toEqual(thisMonth);
    expect(result.lastMonth).toEqual(lastMonth);
    const none = { reports: 0, quantity: 0, overageQuantity: 0, creditAmount: 0 };
    expect(result.plugins).toEqual([{
      pluginId: a.pluginId, pluginName: expect.any(String),
      metrics: [
        { metric: 'api_calls', thisMonth: { reports: 3, quantity: 35, overageQuantity: 5, creditAmount: 100 }, lastMonth: { reports: 1, quantity: 7, overageQuantity: 0, creditAmount: 0 } },
        { metric: 'tokens', thisMonth: none, lastMonth: { reports: 1, quantity: 100, overageQuantity: 0, creditAmount: 0 } },
      ],
    }]);
    const other = await (await callerAs(['CREATOR'], b.userId)).creator.usage({});
    expect(other.plugins).toEqual([{ pluginId: b.pluginId, pluginName: expect.any(String), metrics: [{ metric: 'api_calls', thisMonth: { ...none, reports: 1, quantity: 42 }, lastMonth: none }] }]);
  });
});
