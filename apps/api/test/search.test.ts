/**
 * `search.global` (the command palette) against a real database and the Stripe emulator over
 * HTTP: purchases bought through POST /v1/purchases and paid with the `stripe` SDK, a refund, a
 * dispute (pm_card_createDispute), a payout settled at the emulator and the webhook events they
 * sent; plugins, creators, submissions and staff accounts from factories with unique names.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, type Role, type SearchGlobalOutput, type SearchKind } from '@marketdesk/shared';
import { renderLicenseKey } from '../src/modules/licenses/index.ts';
import { contextFor, createCaller, createTestUser } from './harness.ts';
import { createSubmission } from './factories.ts';
import { buy, createSeller, newRequestKey, onboardSeller, settle, startMoneyServer, type MoneyServer } from './money/helpers.ts';

let ts: MoneyServer;
/** A unique word in this run's buyer emails, so a part of it finds only them. */
const word = `pal${randomUUID().slice(0, 6)}`;
const buyerEmail = `${word}.buyer@example.com`;
type Seller = Awaited<ReturnType<typeof createSeller>>;
let sellerA: Seller;
let sellerB: Seller;
let purchase: { purchaseId: string; paymentIntentId: string };
let chargeId: string;
let license: { id: string; keyId: string };
let licenseKey: string;
let refundId: string;
let disputeId: string;
let payoutId: string;
let eventId: string;
let subscriptionId: string;
let submissionA: { id: string; version: string };
let submissionB: { id: string };
let staffMember: { id: string; email: string; name: string };

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`));

async function searchAs(user: { id: string } | null, input: unknown): Promise<SearchGlobalOutput> {
  const caller = createCaller(await contextFor(ts.app.deps, user)) as unknown as { search: { global(input: unknown): Promise<SearchGlobalOutput> } };
  return caller.search.global(input);
}

/** The ids found per kind, e.g. `{ purchase: ['cm…'], license: ['cm…'] }`. */
const idsByKind = (output: SearchGlobalOutput) => Object.fromEntries(output.groups.map((g) => [g.kind, g.results.map((r) => r.id)])) as Partial<Record<SearchKind, string[]>>;
const resultOf = (output: SearchGlobalOutput, kind: SearchKind, id: string) => output.groups.find((g) => g.kind === kind)?.results.find((r) => r.id === id);

const users = new Map<Role, { id: string }>();

beforeAll(async () => {
  ts = await startMoneyServer();
  for (const role of ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT'] as const) users.set(role, await createTestUser(ts.prisma, [role]));
  sellerA = await createSeller(ts.prisma, { priceAmount: 2500 });
  sellerB = await createSeller(ts.prisma, { priceAmount: 1500 });
  const finance = createCaller(await contextFor(ts.app.deps, users.get('FINANCE')!));

  purchase = await buy(ts, sellerA.plugin.id, { email: buyerEmail });
  await settle(ts);
  chargeId = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.purchaseId } })).chargeId!;
  const licenseRow = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: purchase.purchaseId } });
  license = licenseRow;
  licenseKey = await renderLicenseKey(ts.app.deps, licenseRow);
  const refund = await finance.refunds.create({ purchaseId: purchase.purchaseId, amount: 500, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() });
  await settle(ts);
  refundId = (await ts.prisma.refund.findUniqueOrThrow({ where: { id: refund.refundId } })).stripeRefundId!;

  const disputed = await buy(ts, sellerB.plugin.id, { paymentMethod: 'pm_card_createDispute' });
  await settle(ts);
  disputeId = (await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId: disputed.purchaseId } })).stripeDisputeId;

  const account = await onboardSeller(ts, sellerA.creator.id);
  const payout = await ts.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: account });
  await ts.app.deps.stripe!.emulator!.control.settlePayout(payout.id, 'paid');
  await settle(ts);
  payoutId = payout.id;
  eventId = (await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: { startsWith: 'payout.' } }, select: { id: true } })).id;

  const monthly = await ts.prisma.plugin.update({ where: { id: sellerB.plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  const subscribed = await buy(ts, monthly.id);
  await settle(ts);
  subscriptionId = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: subscribed.purchaseId } })).subscriptionId!;

  const submitted = await createSubmission(ts.prisma, sellerA.plugin);
  submissionA = { id: submitted.id, version: (await ts.prisma.pluginVersion.findUniqueOrThrow({ where: { id: submitted.pluginVersionId } })).version };
  submissionB = await createSubmission(ts.prisma, sellerB.plugin);
  staffMember = await createTestUser(ts.prisma, ['SUPPORT'], { name: `Robin ${word}` });
}, 120_000);
afterAll(async () => ts?.close());

describe('search.global', () => {
  it('finds each kind for an admin, each with the route that opens it', async () => {
    const admin = users.get('ADMIN')!;
    const expectFound = async (query: string, kind: SearchKind, id: string, route: string | RegExp) => {
      const found = resultOf(await searchAs(admin, { query }), kind, id);
      expect(found, `${query} → ${kind} ${id}`).toBeDefined();
      if (typeof route === 'string') expect(found!.route).toBe(route);
      else expect(found!.route).toMatch(route);
    };
    await expectFound(purchase.purchaseId, 'purchase', purchase.purchaseId, `/transactions/${purchase.purchaseId}`);
    await expectFound(purchase.paymentIntentId, 'purchase', purchase.purchaseId, `/transactions/${purchase.purchaseId}`);
    await expectFound(chargeId, 'purchase', purchase.purchaseId, `/transactions/${purchase.purchaseId}`);
    await expectFound(license.id, 'license', license.id, `/licenses/${license.id}`);
    const refundRow = await ts.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: refundId } });
    await expectFound(refundId, 'refund', refundRow.id, `/transactions/${purchase.purchaseId}`);
    const disputeRow = await ts.prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: disputeId } });
    await expectFound(disputeId, 'dispute', disputeRow.id, `/disputes/${disputeRow.id}`);
    const payoutRow = await ts.prisma.payout.findUniqueOrThrow({ where: { stripePayoutId: payoutId } });
    await expectFound(payoutId, 'payout', payoutRow.id, `/payouts?creatorId=${sellerA.creator.id}`);
    await expectFound(eventId, 'stripeEvent', eventId, `/stripe-events/${eventId}`);
    await expectFound(subscriptionId, 'subscription', subscriptionId, /^\/transactions\/\w+$/);
    await expectFound(sellerA.plugin.name.slice(0, -2).toUpperCase(), 'plugin', sellerA.plugin.id, `/queue?plugin=${sellerA.plugin.id}`);
    await expectFound(sellerA.creator.displayName.toLowerCase(), 'creator', sellerA.creator.id, `/queue?creator=${sellerA.creator.id}`);
    await expectFound(sellerA.creator.slug, 'creator', sellerA.creator.id, `/queue?creator=${sellerA.creator.id}`);
    await expectFound(`${sellerA.plugin.name}@${submissionA.version}`, 'submission', submissionA.id, `/queue/${submissionA.id}`);
    await expectFound(staffMember.email.slice(0, 12), 'staffAccount', staffMember.id, `/staff-accounts?search=${encodeURIComponent(staffMember.email)}`);
    await expectFound(`robin ${word}`, 'staffAccount', staffMember.id, /^\/staff-accounts\?search=/);
  });

  it('finds both the purchases and the licenses of a buyer by part of the email, any case', async () => {
    const found = await searchAs(users.get('ADMIN')!, { query: word.toUpperCase() });
    expect(idsByKind(found).purchase).toEqual([purchase.purchaseId]);
    expect(idsByKind(found).license).toEqual([license.id]);
    expect(resultOf(found, 'purchase', purchase.purchaseId)).toMatchObject({ title: buyerEmail, subtitle: `${sellerA.plugin.name} · $25.00 · PARTIALLY_REFUNDED` });
    expect(resultOf(found, 'license', license.id)).toMatchObject({ title: sellerA.plugin.name, subtitle: `${buyerEmail} · ACTIVE`, route: `/licenses/${license.id}` });
  });

  it('finds the license of a pasted key, and nothing else', async () => {
    const found = await searchAs(users.get('SUPPORT')!, { query: ` ${licenseKey} ` });
    expect(found.groups).toEqual([{ kind: 'license', results: [expect.objectContaining({ id: license.id, route: `/licenses/${license.id}` })] }]);
  });

  it('gives support licenses but no purchases (no finance.read), and finance purchases but no licenses', async () => {
    expect(hasPermission(['SUPPORT'], 'finance.read')).toBe(false);
    expect(hasPermission(['FINANCE'], 'licenses.read')).toBe(false);
    const support = idsByKind(await searchAs(users.get('SUPPORT')!, { query: word }));
    expect(support).toEqual({ license: [license.id] });
    expect(idsByKind(await searchAs(users.get('SUPPORT')!, { query: purchase.paymentIntentId }))).toEqual({});
    const finance = idsByKind(await searchAs(users.get('FINANCE')!, { query: word }));
    expect(finance.purchase).toEqual([purchase.purchaseId]);
    expect(finance.license).toBeUndefined();
    // Staff accounts are for admins only.
    expect(idsByKind(await searchAs(users.get('FINANCE')!, { query: `robin ${word}` }))).toEqual({});
  });

  it('limits each kind to the pages the role opens: moderators the queue, support a plugin\'s licenses, finance a creator\'s payouts', async () => {
    const moderator = await searchAs(users.get('MODERATOR')!, { query: sellerA.plugin.name });
    expect(resultOf(moderator, 'submission', submissionA.id)?.route).toBe(`/queue/${submissionA.id}`);
    expect(idsByKind(moderator).purchase).toBeUndefined();
    const support = await searchAs(users.get('SUPPORT')!, { query: sellerA.plugin.name });
    expect(resultOf(support, 'plugin', sellerA.plugin.id)?.route).toBe(`/licenses?plugin=${sellerA.plugin.id}`);
    expect(idsByKind(support).submission).toBeUndefined();
    const finance = await searchAs(users.get('FINANCE')!, { query: sellerA.creator.displayName });
    expect(resultOf(finance, 'creator', sellerA.creator.id)?.route).toBe(`/payouts?creatorId=${sellerA.creator.id}`);
  });

  it('keeps a creator to their own plugins and submissions; another creator\'s rows are not found', async () => {
    // "paid-plugin-" starts both sellers' plugin names.
    const a = await searchAs(sellerA.user, { query: 'paid-plugin-' });
    expect(idsByKind(a)).toEqual({ plugin: [sellerA.plugin.id], submission: [submissionA.id] });
    expect(resultOf(a, 'submission', submissionA.id)?.route).toBe(`/my-submissions/${submissionA.id}`);
    const text = JSON.stringify(a);
    for (const id of [sellerB.plugin.id, sellerB.creator.id, submissionB.id]) expect(text).not.toContain(id);
    expect(await searchAs(sellerA.user, { query: sellerB.plugin.name })).toEqual({ groups: [] });
    expect(await searchAs(sellerA.user, { query: submissionB.id })).toEqual({ groups: [] });
    // Their buyers' purchases and licenses are finance's and support's, not a creator's.
    expect(await searchAs(sellerA.user, { query: word })).toEqual({ groups: [] });
    // A creator user not linked to a creator account finds nothing at all.
    expect(await searchAs(await createTestUser(ts.prisma, ['CREATOR']), { query: 'paid-plugin-' })).toEqual({ groups: [] });
  });

  it('searches only the kinds asked for', async () => {
    const found = await searchAs(users.get('ADMIN')!, { query: word, kinds: ['purchase'] });
    expect(idsByKind(found)).toEqual({ purchase: [purchase.purchaseId] });
  });

  it('refuses bad input naming the field, and anonymous callers', async () => {
    const admin = createCaller(await contextFor(ts.app.deps, users.get('ADMIN')!));
    const expectRefused = async (input: unknown, field: string, words: string) => {
      const outcome = await codeOf(admin.search.global(input as { query: string }));
      expect(outcome).toMatch(/^BAD_REQUEST: /);
      expect(outcome).toContain(`"path": [\n      "${field}"`);
      expect(outcome).toContain(words);
    };
    await expectRefused({ query: '' }, 'query', 'Type at least 2 characters');
    await expectRefused({ query: ' a ' }, 'query', 'Type at least 2 characters');
    await expectRefused({ query: 'abc\u0000' }, 'query', 'must not contain a NUL character');
    await expectRefused({ query: 'x'.repeat(4097) }, 'query', 'must be at most 4096 characters');
    await expectRefused({ query: 'abc', kinds: ['everything'] }, 'kinds', 'Invalid option');
    expect(await codeOf(createCaller(await contextFor(ts.app.deps, null)).search.global({ query: word }))).toMatch(/^UNAUTHORIZED/);
  });
});
