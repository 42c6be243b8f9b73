/**
 * The audit log names its targets (issue 14): a staff account by its email, a plugin by its
 * package name, a creator by its display name, a purchase, license, subscription or refund as
 * "plugin · buyer", a submission as "plugin@version", a Stripe event by its type — read for a
 * whole page with one query per target type, never one per row. Through the tRPC caller on the
 * real database; only admins read the log.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameAuditTargets } from '../src/modules/audit/name-audit-targets.ts';
import { createCreator, createPlugin, createPurchase, createSubmission } from './factories.ts';
import { contextFor, createCaller, createTestUser, openTestDatabase, testDeps, type TestDatabase } from './harness.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

/** One of each kind of target, and an audit row about each (two about the purchase), under a unique action prefix. */
async function auditedTargets() {
  const prefix = `names-${randomUUID().slice(0, 8)}`;
  const staff = await createTestUser(db.prisma, ['SUPPORT']);
  const creator = await createCreator(db.prisma);
  const plugin = await createPlugin(db.prisma, creator.id);
  const purchase = await createPurchase(db.prisma, plugin);
  const submission = await createSubmission(db.prisma, plugin);
  const version = await db.prisma.pluginVersion.findUniqueOrThrow({ where: { id: submission.pluginVersionId }, select: { version: true } });
  // A retired key of its own: the license needs one, and a current one would sign other tests' keys.
  const signingKid = `names-test-${randomUUID()}`;
  await db.prisma.signingKey.create({ data: { kid: signingKid, publicJwk: {}, privateKeyEncrypted: 'unused', status: 'RETIRED', retiredAt: new Date() } });
  const license = await db.prisma.license.create({ data: { keyId: `key-${randomUUID()}`, pluginId: plugin.id, purchaseId: purchase.id, buyerEmail: purchase.buyerEmail, signingKid } });
  const refund = await db.prisma.refund.create({ data: { purchaseId: purchase.id, amount: 500, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', idempotencyKey: `refund-${randomUUID()}` } });
  const now = new Date();
  const subscription = await db.prisma.subscription.create({ data: { buyerEmail: `sub-${randomUUID().slice(0, 8)}@example.test`, pluginId: plugin.id, currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000) } });
  const eventId = `evt_${randomUUID().replaceAll('-', '')}`;
  await db.prisma.stripeEvent.create({ data: { id: eventId, type: 'charge.dispute.created', livemode: false, payload: {}, stripeCreatedAt: now } });
  const targets: [string, string][] = [
    ['User', staff.id], ['Plugin', plugin.id], ['Creator', creator.id], ['Purchase', purchase.id], ['Purchase', purchase.id], ['License', license.id],
    ['Refund', refund.id], ['Submission', submission.id], ['Subscription', subscription.id], ['StripeEvent', eventId], ['Purchase', 'gone-purchase'], ['Widget', 'w-1'],
  ];
  for (const [targetType, targetId] of targets) {
    await db.prisma.auditLog.create({ data: { actorEmail: 'system:test', action: `${prefix}.${targetType}`, targetType, targetId } });
  }
  return { prefix, staff, creator, plugin, purchase, submission, version: version.version, license, refund, subscription, eventId };
}

describe('audit target names', () => {
  it('lists each target by its name and the record whose page shows it', async () => {
    const t = await auditedTargets();
    const admin = await createTestUser(db.prisma, ['ADMIN']);
    const caller = createCaller(await contextFor(testDeps(db), admin));
    const { items } = await caller.audit.list({ action: `${t.prefix}.`, limit: 50 });
    const byTarget = new Map(items.map((entry) => [`${entry.targetType}:${entry.targetId}`, entry]));
    const purchaseName = `${t.plugin.name} · ${t.purchase.buyerEmail}`;
    expect(items).toHaveLength(12);
    expect(byTarget.get(`User:${t.staff.id}`)).toMatchObject({ targetName: t.staff.email, targetOpens: { targetType: 'User', targetId: t.staff.id } });
    expect(byTarget.get(`Plugin:${t.plugin.id}`)?.targetName).toBe(t.plugin.name);
    expect(byTarget.get(`Creator:${t.creator.id}`)?.targetName).toBe(t.creator.displayName);
    expect(byTarget.get(`Purchase:${t.purchase.id}`)).toMatchObject({ targetName: purchaseName, targetOpens: { targetType: 'Purchase', targetId: t.purchase.id } });
    expect(byTarget.get(`License:${t.license.id}`)?.targetName).toBe(purchaseName);
    expect(byTarget.get(`Refund:${t.refund.id}`)).toMatchObject({ targetName: `Refund of ${purchaseName}`, targetOpens: { targetType: 'Purchase', targetId: t.purchase.id } });
    expect(byTarget.get(`Submission:${t.submission.id}`)?.targetName).toBe(`${t.plugin.name}@${t.version}`);
    expect(byTarget.get(`Subscription:${t.subscription.id}`)?.targetName).toBe(`${t.plugin.name} · ${t.subscription.buyerEmail}`);
    expect(byTarget.get(`StripeEvent:${t.eventId}`)?.targetName).toBe('charge.dispute.created');
    // A target that no longer exists, or of a type with no name, keeps its id and opens nothing.
    expect(byTarget.get('Purchase:gone-purchase')).toMatchObject({ targetName: null, targetOpens: null });
    expect(byTarget.get('Widget:w-1')).toMatchObject({ targetName: null, targetOpens: null });
  });

  it('reads a page with one query per target type, not one per row', async () => {
    const t = await auditedTargets();
    const rows = await db.prisma.auditLog.findMany({ where: { action: { startsWith: `${t.prefix}.` } }, select: { targetType: true, targetId: true } });
    const calls: string[] = [];
    const counting = new Proxy(db.prisma, {
      get(target, model: string) {
        const delegate = Reflect.get(target, model) as unknown;
        if (typeof model !== 'string' || model.startsWith('$') || !delegate || typeof delegate !== 'object') return delegate;
        return new Proxy(delegate, { get: (d, method: string) => { calls.push(`${model}.${method}`); return Reflect.get(d, method); } });
      },
    });
    // Three more purchase rows on the page change nothing: still one purchase query.
    const page = [...rows, ...rows.filter((row) => row.targetType === 'Purchase'), ...rows.filter((row) => row.targetType === 'Purchase')];
    const names = await nameAuditTargets({ prisma: counting }, { targets: page });
    expect(names.size).toBe(9); // every target but the purchase that is gone and the type with no name
    expect(calls.sort()).toEqual([
      'creatorAccount.findMany', 'license.findMany', 'plugin.findMany', 'plugin.findMany', 'purchase.findMany', 'refund.findMany',
      'stripeEvent.findMany', 'submission.findMany', 'subscription.findMany', 'user.findMany',
    ]); // the second plugin query is the subscriptions' plugins
  });

  it('is for admins only: finance, support, moderators and creators are refused', async () => {
    for (const role of ['FINANCE', 'SUPPORT', 'MODERATOR', 'CREATOR'] as const) {
      const user = await createTestUser(db.prisma, [role]);
      const caller = createCaller(await contextFor(testDeps(db), user));
      await expect(caller.audit.list({ limit: 5 })).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'FORBIDDEN');
    }
  });
});
