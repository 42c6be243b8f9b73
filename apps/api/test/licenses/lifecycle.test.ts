/**
 * Licenses driven by payments, through the real purchase path: POST /v1/purchases, the Stripe
 * emulator's signed webhooks, the inbox, the payment sync. A paid purchase issues one license
 * (never two, however often its events come); a full refund, a refund marked revokeLicense or a
 * lost dispute revokes; a partial refund does not; an open dispute suspends until it is won.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPurchase } from '../../src/modules/payments/sync-purchase.ts';
import { renderLicenseKey } from '../../src/modules/licenses/render-license-key.ts';
import { buy, callerAs, createSeller, newRequestKey, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { callLicenseApi } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

async function paidLicense(priceAmount = 2000, paymentMethod?: string) {
  const { plugin } = await createSeller(ts.prisma, { priceAmount });
  const started = await buy(ts, plugin.id, paymentMethod ? { paymentMethod } : {});
  await settle(ts);
  const license = await ts.prisma.license.findFirstOrThrow({ where: { purchaseId: started.purchaseId } });
  return { ...started, pluginId: plugin.id, license, key: await renderLicenseKey(ts.app.deps, license) };
}

const codeFor = async (key: string) => (await callLicenseApi(ts.url, 'validate', { key })).body.code;
const statusOf = async (id: string) => (await ts.prisma.license.findUniqueOrThrow({ where: { id } })).status;
const resolveDispute = (id: string, outcome: 'won' | 'lost') =>
  fetch(`${ts.app.deps.stripe!.emulatorUrl}/_emulator/disputes/${id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }) });

describe('issuing', () => {
  it('a completed purchase issues exactly one license that validates; replays and re-syncs issue nothing more', async () => {
    const { purchaseId, paymentIntentId, pluginId, license, key } = await paidLicense();
    expect(license).toMatchObject({ status: 'ACTIVE', machineLimit: 3, pluginId, expiresAt: null });
    expect(await codeFor(key)).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'validate', { key, pluginId })).body.code).toBe('VALID');
    await syncPurchase(ts.app.deps, { paymentIntentId });
    await syncPurchase(ts.app.deps, { paymentIntentId });
    await ts.prisma.stripeEvent.updateMany({ where: { status: { in: ['PROCESSED', 'IGNORED'] } }, data: { status: 'PENDING', nextAttemptAt: new Date(0) } });
    await settle(ts);
    expect(await ts.prisma.license.count({ where: { purchaseId } })).toBe(1);
    expect(await ts.prisma.auditLog.count({ where: { targetId: license.id, action: 'licenses.issue' } })).toBe(1);
    const timeline = await (await callerAs(ts, ['FINANCE'])).caller.finance.purchase({ purchaseId });
    expect(JSON.stringify(timeline)).toContain('License issued');
  });

  it('a declined payment issues no license', async () => {
    const { plugin } = await createSeller(ts.prisma);
    const { purchaseId } = await buy(ts, plugin.id, { paymentMethod: 'pm_card_chargeDeclined' });
    await settle(ts);
    expect(await ts.prisma.license.count({ where: { purchaseId } })).toBe(0);
  });
});

describe('refunds', () => {
  it('a partial refund keeps the license; refunding the rest revokes it', async () => {
    const { purchaseId, license, key } = await paidLicense(3000);
    const { caller } = await callerAs(ts, ['FINANCE']);
    await caller.refunds.create({ purchaseId, amount: 1000, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() });
    await settle(ts);
    expect(await statusOf(license.id)).toBe('ACTIVE');
    expect(await codeFor(key)).toBe('VALID');
    await caller.refunds.create({ purchaseId, amount: 2000, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', requestKey: newRequestKey() });
    // Revoked by the refund request itself (it syncs the purchase), before any webhook.
    expect(await codeFor(key)).toBe('REVOKED');
    await settle(ts);
    const revoked = await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id } });
    expect(revoked).toMatchObject({ status: 'REVOKED', statusReason: 'Purchase fully refunded', statusChangedById: null });
    expect(await ts.prisma.auditLog.findFirst({ where: { targetId: license.id, action: 'licenses.payment.revoked' } })).toMatchObject({ actorEmail: 'system:payments', reason: 'Purchase fully refunded' });
  });

  it('a partial refund with revokeLicense revokes', async () => {
    const { purchaseId, key } = await paidLicense(3000);
    const { caller } = await callerAs(ts, ['FINANCE']);
    await caller.refunds.create({ purchaseId, amount: 500, currency: 'usd', reason: 'FRAUDULENT', revokeLicense: true, requestKey: newRequestKey() });
    expect(await codeFor(key)).toBe('REVOKED');
  });

  it('a full refund made at Stripe (the Dashboard) revokes from the webhook', async () => {
    const { purchaseId, key } = await paidLicense(2500);
    const chargeId = (await ts.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).chargeId!;
    await ts.stripe.refunds.create({ charge: chargeId });
    await settle(ts);
    expect(await codeFor(key)).toBe('REVOKED');
  });
});

describe('disputes', () => {
  it('an open dispute suspends; won → ACTIVE again', async () => {
    const { purchaseId, license, key } = await paidLicense(4000, 'pm_card_createDispute');
    expect(await statusOf(license.id)).toBe('SUSPENDED');
    // The reason is support's to read (License.statusReason); the key holder gets the public detail.
    expect(await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id }, select: { statusReason: true } })).toMatchObject({ statusReason: expect.stringMatching(/^Payment disputed/) });
    const suspended = await callLicenseApi(ts.url, 'validate', { key });
    expect(suspended.body).toMatchObject({ code: 'SUSPENDED', detail: "This license is suspended. Contact the seller's support" });
    expect(suspended.text).not.toMatch(/disputed/i);
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    await resolveDispute(dispute.stripeDisputeId, 'won');
    await settle(ts);
    expect(await codeFor(key)).toBe('VALID');
    expect((await ts.prisma.auditLog.findMany({ where: { targetId: license.id }, orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual(['licenses.issue', 'licenses.payment.suspended', 'licenses.payment.active']);
  });

  it('lost → REVOKED', async () => {
    const { purchaseId, key } = await paidLicense(4000, 'pm_card_createDispute');
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    await resolveDispute(dispute.stripeDisputeId, 'lost');
    await settle(ts);
    expect(await codeFor(key)).toBe('REVOKED');
  });

  it('a won dispute does not lift a suspension support made', async () => {
    const { purchaseId, license, key } = await paidLicense(4000, 'pm_card_createDispute');
    const { caller } = await callerAs(ts, ['SUPPORT']);
    await caller.licenses.reinstate({ id: license.id, reason: 'Buyer proved the purchase' });
    await caller.licenses.suspend({ id: license.id, reason: 'Key shared in a forum' });
    const dispute = await ts.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    await resolveDispute(dispute.stripeDisputeId, 'won');
    await settle(ts);
    expect(await codeFor(key)).toBe('SUSPENDED');
    expect(await ts.prisma.license.findUniqueOrThrow({ where: { id: license.id }, select: { statusReason: true } })).toEqual({ statusReason: 'Key shared in a forum' });
  });
});
