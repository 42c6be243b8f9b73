/**
 * Metered usage end to end over HTTP against the real app (PGlite by default, PostgreSQL with
 * DATABASE_URL): `POST /v1/licenses/usage` within the included units, drawing credits (a balanced
 * credit_use posting), overage on a subscription, refusal on a hard quota, idempotent replay, a
 * reused key, an unknown metric, a revoked license; validate's QUOTA_EXCEEDED; support's usage
 * view and quota reset (allowed, denied, audited).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyResponseBody } from '../../src/modules/licenses/response-signature.ts';
import { contextFor, createCaller, createTestUser, startTestServer, type TestServer } from '../harness.ts';
import { callLicenseApi, fetchJwks } from '../licenses/helpers.ts';
import { callUsage, createTieredLicense, grantCredits } from './helpers.ts';

let ts: TestServer;
let support: ReturnType<typeof createCaller>;
let finance: ReturnType<typeof createCaller>;

beforeAll(async () => {
  ts = await startTestServer({ config: { licenseRateLimitPerLicense: 10_000, licenseRateLimitPerIp: 100_000, platformFeePercent: 10 } });
  support = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['SUPPORT'])));
  finance = createCaller(await contextFor(ts.app.deps, await createTestUser(ts.app.deps.prisma, ['FINANCE'])));
});
afterAll(async () => ts?.close());

const hardCalls = { metric: 'api_calls', included: 10, isHard: true, overageUnitAmount: 25 };
const softTokens = { metric: 'tokens', included: 100, isHard: false, overageUnitAmount: 3 };
const report = (key: string, metric: string, quantity: number, idempotencyKey: string = randomUUID()) => callUsage(ts.url, { key, metric, quantity, idempotencyKey, nonce: 'n-usage' });

describe('POST /v1/licenses/usage', () => {
  it('within the included units: VALID, recorded, counted, signed, and the answer carries the quotas', async () => {
    const { license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls, softTokens] });
    const answer = await report(key, 'api_calls', 4);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      valid: true, code: 'VALID', nonce: 'n-usage',
      usage: { metric: 'api_calls', accepted: true, quantity: 4, includedQuantity: 4, creditQuantity: 0, overageQuantity: 0, remaining: 6, creditBalance: 0 },
      license: { id: license.id, creditBalance: 0, currency: 'usd' },
    });
    expect(answer.body.license!.quotas).toEqual([
      expect.objectContaining({ metric: 'api_calls', included: 10, used: 4, remaining: 6, isHard: true }),
      expect.objectContaining({ metric: 'tokens', included: 100, used: 0, remaining: 100, isHard: false }),
    ]);
    const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    expect(answer.body.usage!.periodStart).toBe(monthStart.toISOString());
    const jwks = await fetchJwks(ts.url);
    expect(verifyResponseBody(answer.text, answer.headers.get('license-signature')!, (kid) => jwks.get(kid))).toBe(true);
    const counter = await ts.app.deps.prisma.usageCounter.findUniqueOrThrow({ where: { licenseId_metric_periodStart: { licenseId: license.id, metric: 'api_calls', periodStart: monthStart } } });
    expect(counter).toMatchObject({ used: 4, overageQuantity: 0 });
    expect(await ts.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(1);
  });

  it('beyond the included units, credits pay whole units: a balanced credit_use posting, the balance goes down, revenue and the fee recognised', async () => {
    const { plugin, license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls] });
    await grantCredits(ts.app.deps, license, plugin.creatorId, 110);
    const answer = await report(key, 'api_calls', 14);
    expect(answer.body).toMatchObject({ code: 'VALID', usage: { accepted: true, includedQuantity: 10, creditQuantity: 4, overageQuantity: 0, remaining: 0, creditBalance: 10 } });
    const record = await ts.app.deps.prisma.usageRecord.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(record).toMatchObject({ creditQuantity: 4, creditAmount: 100 });
    const tx = await ts.app.deps.prisma.ledgerTransaction.findFirstOrThrow({ where: { externalKey: `credit_use:${record.id}` }, include: { entries: true } });
    expect(tx.entries.reduce((sum, e) => sum + e.amount, 0n)).toBe(0n);
    const byAccount = Object.fromEntries(tx.entries.map((e) => [e.accountType, Number(e.amount)]));
    expect(byAccount).toEqual({ CREDIT_LIABILITY: -100, PLATFORM_FEES: 10, STRIPE_BALANCE: 90 });
    expect(tx.entries.every((e) => e.stream === 'CREDITS_USED' && e.licenseId === license.id && e.creatorId === plugin.creatorId)).toBe(true);
    // 10 left: less than one unit (25), so the hard quota is spent and validate says so.
    const validate = await callLicenseApi(ts.url, 'validate', { key });
    expect(validate.body).toMatchObject({ valid: false, code: 'QUOTA_EXCEEDED', license: { creditBalance: 10, currency: 'usd' } });
    expect(validate.body.detail).toContain('api_calls');
    expect(validate.body.detail).toMatch(/resets at \d{4}-\d{2}-01T00:00:00.000Z/);
    expect(validate.body.license!.quotas![0]).toMatchObject({ metric: 'api_calls', used: 14, remaining: 0 });
  });

  it('a soft quota on a subscription bills overage after the credits; the counter keeps it for the period-end charge', async () => {
    const { plugin, license, key, subscriptionId } = await createTieredLicense(ts.app.deps, { quotas: [softTokens], isSubscribed: true });
    await grantCredits(ts.app.deps, license, plugin.creatorId, 7);
    const answer = await report(key, 'tokens', 105);
    expect(answer.body).toMatchObject({ code: 'VALID', usage: { accepted: true, includedQuantity: 100, creditQuantity: 2, overageQuantity: 3, remaining: 0, creditBalance: 1 } });
    const subscription = await ts.app.deps.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId! } });
    expect(answer.body.usage!.periodStart).toBe(subscription.currentPeriodStart.toISOString());
    const counter = await ts.app.deps.prisma.usageCounter.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(counter).toMatchObject({ used: 105, overageQuantity: 3, overageAmount: 9, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd });
    // A soft quota never makes validate refuse.
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('VALID');
  });

  it('a soft quota without a subscription to bill, and a hard quota without credits, refuse the whole report: QUOTA_EXCEEDED, nothing recorded', async () => {
    const { license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls, softTokens] });
    expect((await report(key, 'api_calls', 8)).body.code).toBe('VALID');
    const refused = await report(key, 'api_calls', 3);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ valid: false, code: 'QUOTA_EXCEEDED', usage: { accepted: false, quantity: 3, includedQuantity: 0, remaining: 2 } });
    expect(refused.body.detail).toContain('nothing recorded');
    const soft = await report(key, 'tokens', 101);
    expect(soft.body).toMatchObject({ code: 'QUOTA_EXCEEDED', usage: { accepted: false, remaining: 100 } });
    expect(await ts.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(1);
    expect((await ts.app.deps.prisma.usageCounter.findMany({ where: { licenseId: license.id }, orderBy: { metric: 'asc' } })).map((c) => c.used)).toEqual([8, 0]);
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('VALID');
    expect((await report(key, 'api_calls', 2)).body.usage).toMatchObject({ accepted: true, remaining: 0 });
    const spent = await callLicenseApi(ts.url, 'validate', { key });
    expect(spent.body).toMatchObject({ valid: false, code: 'QUOTA_EXCEEDED' });
    expect(spent.body.license!.quotas!.find((q) => q.metric === 'api_calls')).toMatchObject({ used: 10, remaining: 0 });
  });

  it('the same idempotency key answers the first result again and records once; with another body it is 422 naming idempotencyKey', async () => {
    const { license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls] });
    const first = await report(key, 'api_calls', 3, 'report-1');
    const again = await report(key, 'api_calls', 3, 'report-1');
    expect(again.body).toMatchObject({ code: 'VALID', detail: 'This usage was already reported', usage: { accepted: true, quantity: 3, includedQuantity: 3, remaining: 7 } });
    expect(again.body.usage!.periodStart).toBe(first.body.usage!.periodStart);
    expect(await ts.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(1);
    const reused = await report(key, 'api_calls', 4, 'report-1');
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect((await ts.app.deps.prisma.usageCounter.findFirstOrThrow({ where: { licenseId: license.id } })).used).toBe(3);
  });

  it('bad input is 400 naming the field: an unknown metric, a quantity out of 1–1,000,000, a non-ASCII idempotency key', async () => {
    const { key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls] });
    const unknown = await report(key, 'downloads', 1);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'INVALID_INPUT', field: 'metric' });
    expect(unknown.body.error).toContain('api_calls');
    for (const quantity of [0, 1_000_001, 1.5]) {
      const answer = await report(key, 'api_calls', quantity);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field: 'quantity' });
    }
    const badKey = await callUsage(ts.url, { key, metric: 'api_calls', quantity: 1, idempotencyKey: 'é' });
    expect(badKey.body).toMatchObject({ code: 'INVALID_INPUT', field: 'idempotencyKey' });
    const badTime = await callUsage(ts.url, { key, metric: 'api_calls', quantity: 1, idempotencyKey: 'at-yesterday', occurredAt: 'yesterday' });
    expect(badTime.body).toMatchObject({ code: 'INVALID_INPUT', field: 'occurredAt' });
    const at = '2026-11-30T23:59:00+01:00';
    expect((await callUsage(ts.url, { key, metric: 'api_calls', quantity: 1, idempotencyKey: 'at-given', occurredAt: at })).body.code).toBe('VALID');
    expect((await ts.app.deps.prisma.usageRecord.findFirstOrThrow({ where: { idempotencyKey: 'at-given' } })).occurredAt.toISOString()).toBe(new Date(at).toISOString());
  });

  it('a revoked license answers REVOKED and records nothing; an unknown key NOT_FOUND', async () => {
    const { license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls], status: 'REVOKED' });
    const answer = await report(key, 'api_calls', 1);
    expect(answer.body).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(answer.body.usage).toBeUndefined();
    expect(await ts.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(0);
    expect((await report('not-a-key', 'api_calls', 1)).body.code).toBe('NOT_FOUND');
  });
});

describe('support: licenses.usage and licenses.resetQuota', () => {
  it('reads each quota this period with its records; the reset sets used to 0, keeps the records, is audited, and validate is VALID again', async () => {
    const { license, key } = await createTieredLicense(ts.app.deps, { quotas: [hardCalls, softTokens] });
    for (const quantity of [4, 6]) expect((await report(key, 'api_calls', quantity)).body.code).toBe('VALID');
    expect((await callLicenseApi(ts.url, 'validate', { key })).body.code).toBe('QUOTA_EXCEEDED');

    const usage = await support.licenses.usage({ licenseId: license.id, limit: 1 });
    expect(usage).toMatchObject({ licenseId: license.id, tier: { key: 'pro', name: 'Pro' }, currency: 'usd', creditBalance: 0 });
    expect(usage.metrics[0]).toMatchObject({ metric: 'api_calls', included: 10, used: 10, remaining: 0, isSpent: true, resetCount: 0 });
    expect(usage.metrics[0]!.history).toHaveLength(1);
    expect(usage.metrics[1]).toMatchObject({ metric: 'tokens', used: 0, isSpent: false, history: [] });
    expect(usage.records.map((r) => r.quantity)).toEqual([6]);
    const next = await support.licenses.usage({ licenseId: license.id, limit: 1, cursor: usage.nextCursor! });
    expect(next.records.map((r) => r.quantity)).toEqual([4]);
    expect(next.nextCursor).toBeNull();

    await expect(finance.licenses.resetQuota({ licenseId: license.id, metric: 'api_calls', reason: 'Customer asked nicely' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(support.licenses.resetQuota({ licenseId: license.id, metric: 'api_calls', reason: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(support.licenses.resetQuota({ licenseId: license.id, metric: 'downloads', reason: 'Outage on our side' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const reset = await support.licenses.resetQuota({ licenseId: license.id, metric: 'api_calls', reason: 'Outage on our side, ticket #88' });
    expect(reset).toMatchObject({ used: 0, previousUsed: 10, resetCount: 1 });
    expect(await ts.app.deps.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(2);
    const audit = await ts.app.deps.prisma.auditLog.findFirstOrThrow({ where: { targetId: license.id, action: 'licenses.resetQuota' } });
    expect(audit).toMatchObject({ reason: 'Outage on our side, ticket #88', before: expect.objectContaining({ metric: 'api_calls', used: 10 }), after: expect.objectContaining({ used: 0, resetCount: 1 }) });
    const validate = await callLicenseApi(ts.url, 'validate', { key });
    expect(validate.body).toMatchObject({ valid: true, code: 'VALID' });
    expect(validate.body.license!.quotas![0]).toMatchObject({ used: 0, remaining: 10 });
    await expect(finance.licenses.usage({ licenseId: license.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(support.licenses.usage({ licenseId: 'no-such-license' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a license without a tier has no quotas: validate stays as before, support reads no metrics', async () => {
    const { createLicense, createPlugin } = await import('../licenses/helpers.ts');
    const plugin = await createPlugin(ts.app.deps.prisma);
    const { license, key } = await createLicense(ts.app.deps, { pluginId: plugin.id });
    const validate = await callLicenseApi(ts.url, 'validate', { key });
    expect(validate.body.code).toBe('VALID');
    expect(validate.body.license!.quotas).toBeUndefined();
    expect(await support.licenses.usage({ licenseId: license.id })).toMatchObject({ tier: null, metrics: [], records: [] });
    expect((await report(key, 'api_calls', 1)).body).toMatchObject({ code: 'INVALID_INPUT', field: 'metric' });
  });
});
