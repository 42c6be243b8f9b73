/**
 * Tiers and free plugins end to end: a creator saves their own plugin's tiers (validated, audited,
 * another creator's plugin NOT_FOUND), the public pricing endpoint, a tier bought through the
 * emulator and the webhook (the license carries the tier), a free tier licensed without any
 * Stripe call, and the EXPIRED answer of a trial that ended unpaid.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZFreeLicenseOutput, ZPluginPricing, type TierInput } from '@marketdesk/shared';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { contextFor, createCaller, createTestUser } from '../harness.ts';
import { callLicenseApi } from '../licenses/helpers.ts';
import { callerAs, createSeller, onboardSeller, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const FREE: TierInput = { key: 'free', name: 'Free', priceAmount: 0, entitlements: ['plugin.use'], machineLimit: 1, trialDays: 0, quotas: [{ metric: 'api_calls', included: 100, isHard: true, overageUnitAmount: 0 }] };
const PRO: TierInput = { key: 'pro', name: 'Pro', priceAmount: 2500, entitlements: ['plugin.use', 'plugin.updates', 'export.pdf'], machineLimit: 5, trialDays: 14, quotas: [] };
const ENTERPRISE: TierInput = { key: 'enterprise', name: 'Enterprise', priceAmount: 9900, entitlements: ['plugin.use', 'plugin.updates', 'export.pdf', 'sso'], machineLimit: 50, trialDays: 0, quotas: [] };

async function creatorCaller(user: { id: string }) {
  return createCaller(await contextFor(ts.app.deps, user));
}

/** A published plugin of a new creator, with `tiers` saved by that creator. */
async function sellerWithTiers(tiers: TierInput[], plugin: { pricingModel?: 'ONE_TIME' | 'SUBSCRIPTION' | 'FREE' } = {}) {
  const seller = await createSeller(ts.prisma, { priceAmount: 1200 });
  if (plugin.pricingModel === 'SUBSCRIPTION') await ts.prisma.plugin.update({ where: { id: seller.plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  const caller = await creatorCaller(seller.user);
  const saved = await caller.pricing.saveTiers({ pluginId: seller.plugin.id, tiers, ...(plugin.pricingModel === 'FREE' ? { pricingModel: 'FREE' as const } : {}) });
  return { ...seller, caller, saved };
}

async function postPurchase(body: Record<string, unknown>) {
  const response = await fetch(`${ts.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The zod issue paths of a refused tRPC call, dotted (`tiers.0.priceAmount`), or the AppError's field. */
async function refusedFields(call: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError & { cause?: { issues?: { path: (string | number)[] }[]; field?: string } };
  const fields = trpc.cause?.issues?.map((issue) => issue.path.join('.')) ?? (trpc.cause?.field ? [trpc.cause.field] : []);
  return { code: trpc.code, fields };
}

describe('pricing.saveTiers and pricing.tiers', () => {
  it('saves the owner\'s tiers cheapest first, audited, and shows them to staff and the owner', async () => {
    const { plugin, user, caller, saved } = await sellerWithTiers([ENTERPRISE, FREE, PRO]);
    expect(saved.tiers.map((t) => t.key)).toEqual(['free', 'pro', 'enterprise']);
    expect(saved.tiers[1]).toMatchObject({ name: 'Pro', priceAmount: 2500, currency: 'usd', machineLimit: 5, trialDays: 14, entitlements: PRO.entitlements });
    expect(saved.tiers[0]!.quotas).toEqual(FREE.quotas);
    const audit = await ts.prisma.auditLog.findMany({ where: { action: 'pricing.saveTiers', targetId: plugin.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(user.id);

    const { caller: support } = await callerAs(ts, ['SUPPORT']);
    const staffView = ZPluginPricing.parse(await support.pricing.tiers({ pluginId: plugin.id }));
    expect(staffView).toEqual(saved);
    expect(await caller.pricing.ownTiers({ pluginId: plugin.id })).toEqual(saved);

    // Saving again replaces the set: enterprise left out is removed (nobody bought it), pro repriced.
    const resaved = await caller.pricing.saveTiers({ pluginId: plugin.id, tiers: [FREE, { ...PRO, priceAmount: 3000 }] });
    expect(resaved.tiers.map((t) => [t.key, t.priceAmount])).toEqual([['free', 0], ['pro', 3000]]);
  });

  it('answers another creator\'s plugin as NOT_FOUND and refuses the wrong roles', async () => {
    const { plugin } = await sellerWithTiers([FREE, PRO]);
    const other = await createSeller(ts.prisma);
    const otherCaller = await creatorCaller(other.user);
    await expect(otherCaller.pricing.ownTiers({ pluginId: plugin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(otherCaller.pricing.saveTiers({ pluginId: plugin.id, tiers: [FREE] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(otherCaller.pricing.tiers({ pluginId: plugin.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { caller: support } = await callerAs(ts, ['SUPPORT']);
    await expect(support.pricing.saveTiers({ pluginId: plugin.id, tiers: [FREE] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nothing changed: the owner's two tiers are still there.
    expect(await ts.prisma.pluginTier.count({ where: { pluginId: plugin.id } })).toBe(2);
  });

  it('refuses invalid tiers naming the field', async () => {
    const { plugin, caller } = await sellerWithTiers([FREE]);
    const save = (tiers: TierInput[], extra: Record<string, unknown> = {}) => refusedFields(caller.pricing.saveTiers({ pluginId: plugin.id, tiers, ...extra }));
    expect(await save([{ ...PRO, priceAmount: 0, trialDays: 0 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.priceAmount'] });
    expect(await save([{ ...FREE, trialDays: 7 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.trialDays'] });
    expect(await save([{ ...PRO, priceAmount: -1 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.priceAmount'] });
    expect(await save([FREE, { ...FREE, priceAmount: 100 }])).toMatchObject({ code: 'BAD_REQUEST', fields: expect.arrayContaining(['tiers.1.key', 'tiers.1.priceAmount']) });
    expect(await save([{ ...PRO, machineLimit: 101 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.machineLimit'] });
    expect(await save([{ ...PRO, machineLimit: 0 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.machineLimit'] });
    expect(await save([{ ...PRO, trialDays: 31 }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.trialDays'] });
    expect(await save([{ ...PRO, quotas: [FREE.quotas[0]!, FREE.quotas[0]!] }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.quotas'] });
    expect(await save([{ ...PRO, quotas: [{ metric: 'API calls', included: 1, isHard: true, overageUnitAmount: 0 }] }])).toEqual({ code: 'BAD_REQUEST', fields: ['tiers.0.quotas.0.metric'] });
    expect(await save([FREE, PRO], { pricingModel: 'FREE' })).toEqual({ code: 'BAD_REQUEST', fields: ['pricingModel'] });
    expect(await save([FREE, PRO, ENTERPRISE, PRO])).toMatchObject({ code: 'BAD_REQUEST', fields: expect.arrayContaining(['tiers']) });
    // A FREE plugin gets no paid tier without changing its model (the service's own check).
    await caller.pricing.saveTiers({ pluginId: plugin.id, tiers: [FREE], pricingModel: 'FREE' });
    expect(await save([FREE, PRO])).toEqual({ code: 'BAD_REQUEST', fields: ['pricingModel'] });
    expect(await ts.prisma.pluginTier.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('keeps a tier someone holds a license of (CONFLICT naming tiers)', async () => {
    const { plugin, caller } = await sellerWithTiers([FREE, PRO]);
    const free = await postPurchase({ pluginId: plugin.id, buyerEmail: `keep-${randomUUID().slice(0, 8)}@example.com`, tier: 'free' });
    expect(free.status).toBe(201);
    expect(await refusedFields(caller.pricing.saveTiers({ pluginId: plugin.id, tiers: [PRO] }))).toEqual({ code: 'CONFLICT', fields: ['tiers'] });
    // Editing its terms is allowed; the license issued keeps what it was issued with.
    await caller.pricing.saveTiers({ pluginId: plugin.id, tiers: [{ ...FREE, machineLimit: 2, entitlements: ['plugin.use', 'plugin.updates'] }, PRO] });
    const license = await ts.prisma.license.findUniqueOrThrow({ where: { id: free.body.licenseId as string } });
    expect(license).toMatchObject({ machineLimit: 1, entitlements: ['plugin.use'] });
  });
});

describe('GET /v1/plugins/:pluginId/pricing', () => {
  it('answers a published plugin\'s pricing, publicly cacheable for 60 s', async () => {
    const { plugin, saved } = await sellerWithTiers([PRO, FREE], { pricingModel: 'SUBSCRIPTION' });
    const response = await fetch(`${ts.url}/v1/plugins/${plugin.id}/pricing`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const body = ZPluginPricing.parse(await response.json());
    expect(body).toEqual(saved);
    expect(body).toMatchObject({ pricingModel: 'SUBSCRIPTION', billingInterval: 'month', currency: 'usd' });
    expect(body.tiers.map((t) => t.key)).toEqual(['free', 'pro']);
  });

  it('answers a draft plugin as one that does not exist, and a malformed id 400', async () => {
    const { plugin } = await sellerWithTiers([FREE]);
    await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { status: 'DRAFT' } });
    const draft = await fetch(`${ts.url}/v1/plugins/${plugin.id}/pricing`);
    const missing = await fetch(`${ts.url}/v1/plugins/c${randomUUID().replaceAll('-', '').slice(0, 24)}/pricing`);
    expect([draft.status, missing.status]).toEqual([404, 404]);
    const malformed = await fetch(`${ts.url}/v1/plugins/${encodeURIComponent('no such!')}/pricing`);
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).toContain('pluginId');
  });
});

describe('POST /v1/purchases with a tier', () => {
  it('buys a tier through Stripe: the purchase at its price, the license with its entitlements and machine limit, validate names it', async () => {
    const { plugin, saved } = await sellerWithTiers([FREE, PRO, ENTERPRISE]);
    await onboardSeller(ts, plugin.creatorId);
    const bought = await postPurchase({ pluginId: plugin.id, buyerEmail: `pro-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa', tier: 'pro' });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    expect(bought.body).toMatchObject({ amount: 2500, currency: 'usd', applicationFeeAmount: 250, status: 'PENDING' });
    await settle(ts);
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: bought.body.purchaseId as string } });
    const proTier = saved.tiers.find((t) => t.key === 'pro')!;
    expect(purchase).toMatchObject({ status: 'SUCCEEDED', amount: 2500, kind: 'ONE_TIME', tierId: proTier.id });
    const pi = await ts.stripe.paymentIntents.retrieve(purchase.paymentIntentId);
    expect(pi.metadata).toMatchObject({ tier: 'pro', purchase_id: purchase.id });
    expect(pi.amount).toBe(2500);

    const license = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: purchase.id } });
    expect(license).toMatchObject({ tierId: proTier.id, machineLimit: 5, entitlements: PRO.entitlements, expiresAt: null });
    const key = await renderLicenseKey(ts.app.deps, license);
    const validated = await callLicenseApi(ts.url, 'validate', { key });
    expect(validated.body).toMatchObject({ valid: true, code: 'VALID', license: { tier: { key: 'pro', name: 'Pro' }, trialEndsAt: null, maxMachines: 5, entitlements: PRO.entitlements } });
  });

  it('requires a tier when the plugin sells paid tiers, and refuses one it does not sell (400 naming tier)', async () => {
    const { plugin } = await sellerWithTiers([FREE, PRO]);
    const buyerEmail = `tierless-${randomUUID().slice(0, 8)}@example.com`;
    const missing = await postPurchase({ pluginId: plugin.id, buyerEmail, paymentMethod: 'pm_card_visa' });
    const unknown = await postPurchase({ pluginId: plugin.id, buyerEmail, paymentMethod: 'pm_card_visa', tier: 'enterprise' });
    const invalid = await postPurchase({ pluginId: plugin.id, buyerEmail, paymentMethod: 'pm_card_visa', tier: 'gold' });
    for (const answer of [missing, unknown, invalid]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('tier');
    }
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(0);
  });

  it('a subscription tier: the purchase is SUBSCRIPTION and its first payment gives the subscription the tier', async () => {
    const { plugin, saved } = await sellerWithTiers([PRO, ENTERPRISE], { pricingModel: 'SUBSCRIPTION' });
    await onboardSeller(ts, plugin.creatorId);
    const bought = await postPurchase({ pluginId: plugin.id, buyerEmail: `sub-${randomUUID().slice(0, 8)}@example.com`, paymentMethod: 'pm_card_visa', tier: 'enterprise' });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    await settle(ts);
    const enterprise = saved.tiers.find((t) => t.key === 'enterprise')!;
    const purchase = await ts.prisma.purchase.findUniqueOrThrow({ where: { id: bought.body.purchaseId as string } });
    expect(purchase).toMatchObject({ kind: 'SUBSCRIPTION', amount: 9900, tierId: enterprise.id, status: 'SUCCEEDED' });
    const subscription = await ts.prisma.subscription.findUniqueOrThrow({ where: { id: purchase.subscriptionId! } });
    expect(subscription.tierId).toBe(enterprise.id);
    const license = await ts.prisma.license.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
    expect(license).toMatchObject({ tierId: enterprise.id, machineLimit: 50, entitlements: ENTERPRISE.entitlements });
  });
});

describe('free licenses', () => {
  it('a free tier is licensed at once, without any Stripe call, the same license for the same request, found by support', async () => {
    const { plugin } = await sellerWithTiers([FREE, PRO]);
    const newestBefore = (await ts.stripe.paymentIntents.list({ limit: 1 })).data[0]?.id ?? null;
    const buyerEmail = `free-${randomUUID().slice(0, 8)}@example.com`;
    const first = await postPurchase({ pluginId: plugin.id, buyerEmail, tier: 'free' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const answer = ZFreeLicenseOutput.parse(first.body);
    expect(answer).toMatchObject({ status: 'FREE', pluginId: plugin.id, tier: 'free', purchaseId: null, amount: 0, currency: 'usd' });
    // Again (another case of the same email): the same license.
    const again = await postPurchase({ pluginId: plugin.id, buyerEmail: buyerEmail.toUpperCase(), tier: 'free' });
    expect(again.body).toMatchObject({ licenseId: answer.licenseId, licenseKey: answer.licenseKey });

    expect((await ts.stripe.paymentIntents.list({ limit: 1 })).data[0]?.id ?? null).toBe(newestBefore);
    expect(await ts.prisma.purchase.count({ where: { pluginId: plugin.id } })).toBe(0);
    expect(await ts.prisma.ledgerEntry.count({ where: { pluginId: plugin.id } })).toBe(0);
    const license = await ts.prisma.license.findUniqueOrThrow({ where: { id: answer.licenseId } });
    expect(license).toMatchObject({ purchaseId: null, subscriptionId: null, status: 'ACTIVE', expiresAt: null, machineLimit: 1, entitlements: ['plugin.use'] });
    expect(await ts.prisma.license.count({ where: { pluginId: plugin.id } })).toBe(1);

    const validated = await callLicenseApi(ts.url, 'validate', { key: answer.licenseKey });
    expect(validated.body).toMatchObject({ valid: true, code: 'VALID', license: { id: answer.licenseId, tier: { key: 'free', name: 'Free' }, maxMachines: 1 } });
    const { caller: support } = await callerAs(ts, ['SUPPORT']);
    const found = await support.licenses.search({ query: buyerEmail });
    expect(found.items.map((item) => item.id)).toEqual([answer.licenseId]);
  });

  it('a FREE plugin without tiers is licensed with the default terms; works without Stripe onboarding', async () => {
    const { plugin } = await sellerWithTiers([], { pricingModel: 'FREE' });
    const answer = await postPurchase({ pluginId: plugin.id, buyerEmail: `plain-${randomUUID().slice(0, 8)}@example.com` });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'FREE', tier: null, amount: 0 });
    const license = await ts.prisma.license.findUniqueOrThrow({ where: { id: answer.body.licenseId as string } });
    expect(license).toMatchObject({ tierId: null, purchaseId: null, machineLimit: 3, entitlements: ['plugin.use', 'plugin.updates'] });
    const validated = await callLicenseApi(ts.url, 'validate', { key: answer.body.licenseKey });
    expect(validated.body).toMatchObject({ code: 'VALID', license: { tier: null } });
  });
});

describe('a trial that ended unpaid', () => {
  it('answers EXPIRED naming the trial, its length, plugin, tier and end date', async () => {
    const { plugin, saved } = await sellerWithTiers([FREE, PRO]);
    const pro = saved.tiers.find((t) => t.key === 'pro')!;
    const endsAt = new Date(Date.UTC(2026, 10, 20, 9, 30));
    const startedAt = new Date(endsAt.getTime() - 14 * 86_400_000);
    const current = await ts.prisma.signingKey.findFirstOrThrow({ where: { status: 'CURRENT' }, select: { kid: true } });
    const buyerEmail = `trial-${randomUUID().slice(0, 8)}@example.com`;
    const license = await ts.prisma.license.create({
      data: {
        keyId: randomUUID(), pluginId: plugin.id, buyerEmail, entitlements: PRO.entitlements, machineLimit: 5, tierId: pro.id, trialEndsAt: endsAt, expiresAt: endsAt,
        status: 'EXPIRED', statusReason: 'Trial ended unpaid', signingKid: current.kid, issuedAt: startedAt,
      },
    });
    await ts.prisma.trial.create({ data: { pluginId: plugin.id, tierId: pro.id, buyerEmail, fingerprint: `fp-${randomUUID()}`, licenseId: license.id, status: 'EXPIRED', startedAt, endsAt, endedAt: endsAt } });
    const key = await renderLicenseKey(ts.app.deps, license);
    const detail = `The 14-day trial of ${plugin.name} Pro ended on 2026-11-20; buy the plugin to keep using it`;
    const validated = await callLicenseApi(ts.url, 'validate', { key });
    expect(validated.body).toMatchObject({ valid: false, code: 'EXPIRED', detail, license: { id: license.id, trialEndsAt: endsAt.toISOString(), tier: { key: 'pro', name: 'Pro' } } });
    const activated = await callLicenseApi(ts.url, 'activate', { key, fingerprint: 'machine-1' });
    expect(activated.body).toMatchObject({ code: 'EXPIRED', detail });

    // Without a Trial row the tier's trialDays give the length; a paid license expiring the usual way keeps the usual sentence.
    const noTrialRow = await ts.prisma.license.create({ data: { ...license, id: undefined, keyId: randomUUID(), replacesLicenseId: null } });
    expect((await callLicenseApi(ts.url, 'validate', { key: await renderLicenseKey(ts.app.deps, noTrialRow) })).body.detail).toBe(detail);
    const paid = await ts.prisma.license.create({ data: { keyId: randomUUID(), pluginId: plugin.id, buyerEmail, entitlements: ['plugin.use'], machineLimit: 1, expiresAt: endsAt, status: 'EXPIRED', signingKid: current.kid, issuedAt: startedAt } });
    expect((await callLicenseApi(ts.url, 'validate', { key: await renderLicenseKey(ts.app.deps, paid) })).body.detail).not.toContain('trial');
  });
});

describe('roles', () => {
  it('a creator user without a creator account owns no plugin (NOT_FOUND)', async () => {
    const { plugin } = await sellerWithTiers([FREE]);
    const unlinked = await createTestUser(ts.prisma, ['CREATOR']);
    const caller = await creatorCaller(unlinked);
    await expect(caller.pricing.ownTiers({ pluginId: plugin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
