/**
 * A free license under concurrency, on the PostgreSQL server (PGlite is one session and cannot
 * race): ten simultaneous `POST /v1/purchases` of the same buyer for the same free tier answer one
 * license; another tier, and another buyer, get their own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZFreeLicenseOutput } from '@marketdesk/shared';
import { contextFor, createCaller, openTestDatabase } from '../harness.ts';
import { createSeller, startMoneyServer, type MoneyServer } from '../money/helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer({ db: await openTestDatabase({ target: 'postgres', isMigrated: false }) });
});
afterAll(async () => ts?.close());

const post = (body: Record<string, unknown>) => fetch(`${ts.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  .then(async (response) => ({ status: response.status, body: await response.json() as unknown }));

describe('free licenses on PostgreSQL', () => {
  it('10 parallel requests of one buyer for one free tier issue exactly one license', async () => {
    const seller = await createSeller(ts.prisma);
    const caller = createCaller(await contextFor(ts.app.deps, seller.user));
    await caller.pricing.saveTiers({
      pluginId: seller.plugin.id, pricingModel: 'FREE',
      tiers: [{ key: 'free', name: 'Community', priceAmount: 0, entitlements: ['plugin.use'], machineLimit: 2, trialDays: 0, quotas: [] }],
    });
    const buyerEmail = `race-${randomUUID().slice(0, 8)}@example.com`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post({ pluginId: seller.plugin.id, buyerEmail, tier: 'free' })));
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const licenses = answers.map((answer) => ZFreeLicenseOutput.parse(answer.body));
    expect(new Set(licenses.map((l) => l.licenseId)).size).toBe(1);
    expect(new Set(licenses.map((l) => l.licenseKey)).size).toBe(1);
    expect(await ts.prisma.license.count({ where: { pluginId: seller.plugin.id } })).toBe(1);
    expect(await ts.prisma.purchase.count({ where: { pluginId: seller.plugin.id } })).toBe(0);

    // Another buyer at the same time: their own license, still one each.
    const others = await Promise.all(Array.from({ length: 6 }, (_, i) => post({ pluginId: seller.plugin.id, buyerEmail: `race-${i % 2}-${buyerEmail}`, tier: 'free' })));
    expect(new Set(others.map((answer) => ZFreeLicenseOutput.parse(answer.body).licenseId)).size).toBe(2);
    expect(await ts.prisma.license.count({ where: { pluginId: seller.plugin.id } })).toBe(3);
  });
});
