/**
 * Trial starts and conversions racing on the PostgreSQL server (PGlite is one session and cannot
 * race): concurrent POST /v1/trials for one buyer (other keys, other machines) and for one machine
 * (other emails) open exactly one trial each, the others 409 CONFLICT; concurrent renewal runs
 * on two connection pools convert a due trial exactly once (one purchase, one charge).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { renewDueSubscriptions } from '../../src/modules/subscriptions/subscriptions.ts';
import { openTestDatabase, tempDir } from '../harness.ts';
import { expectLedgerBalanced, settle, startMoneyServer, type MoneyServer } from '../money/helpers.ts';
import { createTrialPlugin, postTrial, uniqueEmail, uniqueFingerprint } from './helpers.ts';

let ts: MoneyServer;
let second: Database;
beforeAll(async () => {
  ts = await startMoneyServer({ db: await openTestDatabase({ target: 'postgres', isMigrated: false }) });
  second = await openDatabase({ databaseUrl: ts.db.url, dataDir: tempDir() });
});
afterAll(async () => {
  await second?.close();
  await ts?.close();
});

describe('trial races (PostgreSQL)', () => {
  it('eight concurrent starts for one buyer (different keys and machines): one trial, one license, seven 409 naming the email', async () => {
    expect(ts.db.url, 'runs on the PostgreSQL server').toBeTruthy();
    const { plugin } = await createTrialPlugin(ts);
    const email = uniqueEmail('racer');
    const answers = await Promise.all(Array.from({ length: 8 }, () => postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: email, fingerprint: uniqueFingerprint(), paymentMethod: 'pm_card_visa' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body).toMatchObject({ code: 'CONFLICT', field: 'buyerEmail' });
    expect(await ts.prisma.trial.count({ where: { pluginId: plugin.id } })).toBe(1);
    expect(await ts.prisma.license.count({ where: { pluginId: plugin.id } })).toBe(1);
    expect(await ts.prisma.subscription.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('six concurrent starts on one machine with different emails: one trial, five 409 naming the machine', async () => {
    const { plugin } = await createTrialPlugin(ts);
    const fingerprint = uniqueFingerprint();
    const answers = await Promise.all(Array.from({ length: 6 }, () => postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: uniqueEmail(), fingerprint, paymentMethod: 'pm_card_visa' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body).toMatchObject({ code: 'CONFLICT', field: 'fingerprint' });
    expect(await ts.prisma.trial.count({ where: { pluginId: plugin.id } })).toBe(1);
  });

  it('four concurrent renewal runs on two processes convert a due trial exactly once', async () => {
    const { plugin } = await createTrialPlugin(ts, { priceAmount: 2200 });
    const started = await postTrial(ts, { pluginId: plugin.id, tier: 'pro', buyerEmail: uniqueEmail(), fingerprint: uniqueFingerprint(), paymentMethod: 'pm_card_visa' });
    expect(started.status).toBe(201);
    const trial = await ts.prisma.trial.findUniqueOrThrow({ where: { id: started.body.trialId }, include: { subscription: true } });
    const now = new Date(trial.endsAt.getTime() + 60_000);
    const otherDeps = { ...ts.app.deps, prisma: second.prisma };
    await Promise.all([0, 1, 2, 3].map((i) => renewDueSubscriptions(i % 2 === 0 ? ts.app.deps : otherDeps, { at: now })));
    await settle(ts);
    expect(await ts.prisma.purchase.count({ where: { subscriptionId: trial.subscriptionId } })).toBe(1);
    expect((await ts.stripe.charges.list({ customer: trial.subscription!.stripeCustomerId! })).data).toHaveLength(1);
    expect((await ts.prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).status).toBe('CONVERTED');
    expect((await ts.prisma.subscription.findUniqueOrThrow({ where: { id: trial.subscriptionId! } })).status).toBe('ACTIVE');
    await expectLedgerBalanced(ts.prisma);
  });
});
