/**
 * State survives a restart: objects, balances, idempotency keys and the signing secret come back
 * from the data folder — after a clean close (state.json) and after a crash (journal replay,
 * with a torn last line ignored).
 */
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { Store } from '../src/store.ts';
import { buyPlugin, createCreatorAccount, startHarness, tempDataDir } from '../src/testing.ts';

describe('persistence', () => {
  it('keeps objects, balances, idempotency keys and the webhook secret across a restart', async () => {
    const dataDir = tempDataDir();
    const first = await startHarness({ dataDir });
    const creator = await createCreatorAccount(first.stripe, 'persist@example.com');
    const pi = await buyPlugin(first.stripe, { creator: creator.id, amount: 2500, fee: 250 }, { idempotencyKey: 'persisted-purchase' });
    const pending = await first.stripe.refunds.create({ payment_intent: pi.id, amount: 500, metadata: { emulator_refund_status: 'pending' } });
    const platformBefore = await first.stripe.balanceTransactions.list({ limit: 100 });
    const secret = first.emulator.webhookSecret;
    await first.close();

    const stateFile = path.join(dataDir, 'stripe-emulator', 'state.json');
    expect(existsSync(stateFile)).toBe(true);
    // One JSON value per line (header, then records and keys), so a state larger than one string still round-trips.
    const lines = readFileSync(stateFile, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { version?: number; record?: { id: string } });
    expect(lines[0]).toMatchObject({ version: 2 });
    expect(lines.filter((line) => line.record).map((line) => line.record!.id)).toEqual(expect.arrayContaining([creator.id, pi.id, pending.id]));
    expect(readFileSync(path.join(dataDir, 'stripe-emulator', 'journal.ndjson'), 'utf8')).toBe('');
    expect(readdirSync(path.join(dataDir, 'stripe-emulator')).sort()).toEqual(['journal.ndjson', 'state.json']);

    const second = await startHarness({ dataDir });
    try {
      expect(second.emulator.webhookSecret).toBe(secret);
      expect(await second.stripe.accounts.retrieve(creator.id)).toMatchObject({ email: 'persist@example.com' });
      expect(await second.stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded', amount: 2500, latest_charge: pi.latest_charge });
      const platformAfter = await second.stripe.balanceTransactions.list({ limit: 100 });
      expect(platformAfter.data).toEqual(platformBefore.data);

      const replay = await buyPlugin(second.stripe, { creator: creator.id, amount: 2500, fee: 250 }, { idempotencyKey: 'persisted-purchase' });
      expect(replay.id).toBe(pi.id);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');

      const failed = await second.emulator.control.failRefund(pending.id);
      expect(failed.status).toBe('failed');
      expect((await second.stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('keeps a key saved on a backdated clock across a restart: keys age on the emulator clock, not the wall clock', async () => {
    const dataDir = tempDataDir();
    const story = Math.floor(Date.now() / 1000) - 90 * 86_400;
    const first = await startHarness({ dataDir });
    first.emulator.control.setClock({ now: story });
    const creator = await createCreatorAccount(first.stripe);
    const pi = await buyPlugin(first.stripe, { creator: creator.id, amount: 1500, fee: 150 }, { idempotencyKey: 'backdated-purchase' });
    await first.close();

    const second = await startHarness({ dataDir });
    try {
      second.emulator.control.setClock({ now: story + 3600 });
      const replay = await buyPlugin(second.stripe, { creator: creator.id, amount: 1500, fee: 150 }, { idempotencyKey: 'backdated-purchase' });
      expect(replay.id).toBe(pi.id);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    } finally {
      await second.close();
    }
  });

  it('recovers from a crash by replaying the journal, ignoring a torn last line', async () => {
    const dataDir = tempDataDir();
    const running = await startHarness({ dataDir });
    const creator = await createCreatorAccount(running.stripe);
    const pi = await buyPlugin(running.stripe, { creator: creator.id, amount: 1200, fee: 120 });
    const refund = await running.stripe.refunds.create({ payment_intent: pi.id, amount: 200, reverse_transfer: true });

    // A copy taken while the emulator runs is what a crash leaves behind: state.json is from the
    // start, everything since is in the journal — plus half a line that never finished.
    const crashed = tempDataDir();
    cpSync(path.join(dataDir, 'stripe-emulator'), path.join(crashed, 'stripe-emulator'), { recursive: true });
    appendFileSync(path.join(crashed, 'stripe-emulator', 'journal.ndjson'), '{"records":[{"id":"cus_torn');
    // The crashed process is gone; its lock names a pid that no longer runs.
    writeFileSync(path.join(crashed, 'stripe-emulator', 'emulator.lock'), '2147483646');
    await running.close();

    const recovered = await startHarness({ dataDir: crashed });
    try {
      const charge = await recovered.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['transfer'] });
      expect(charge.amount_refunded).toBe(200);
      expect((charge.transfer as Stripe.Transfer).amount_reversed).toBe(200);
      expect((await recovered.stripe.refunds.retrieve(refund.id)).amount).toBe(200);
      const more = await recovered.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
      expect(more.amount).toBe(1000);
    } finally {
      await recovered.close();
    }
  });
});

describe('data folder lock', () => {
  it('refuses a second emulator on a folder a live one uses, and allows it after close', async () => {
    const dataDir = tempDataDir();
    const first = await startHarness({ dataDir });
    await expect(startHarness({ dataDir })).rejects.toThrow(/Another Stripe emulator \(pid \d+\) uses/);
    await first.close();
    const second = await startHarness({ dataDir });
    expect(second.emulator.platformAccountId).toBe(first.emulator.platformAccountId);
    await second.close();
  });

  it('forgets events past 30 days once delivered and keys past 24 hours of its clock, and keeps the delivery counts of a crash', async () => {
    const dir = path.join(tempDataDir(), 'store');
    const store = await Store.open(dir);
    const now = 1_800_000_000;
    const event = (id: string, created: number, pending: number, account: string | null = null) =>
      store.insert('event', account, { id, object: 'event', created, pending_webhooks: pending, type: 'charge.succeeded', data: { object: {} } } as unknown as Stripe.Event);
    event('evt_old', now - 40 * 86_400, 0);
    event('evt_old_connected', now - 40 * 86_400, 0, 'acct_x');
    const undelivered = event('evt_old_undelivered', now - 40 * 86_400, 1);
    event('evt_recent', now - 86_400, 0);
    await store.commit();
    store.putIdempotency({ scope: 'platform', key: 'old', method: 'POST', path: '/v1/customers', fingerprint: 'f', status: 200, body: {}, requestId: 'req_1', createdAtMs: (now - 2 * 86_400) * 1000 });
    store.putIdempotency({ scope: 'platform', key: 'new', method: 'POST', path: '/v1/customers', fingerprint: 'f', status: 200, body: {}, requestId: 'req_2', createdAtMs: (now - 3600) * 1000 });
    expect(store.forgetExpired(now)).toBe(2);
    // Keys age on the same clock: 24 hours of it.
    expect(store.getIdempotency('platform', 'old', now * 1000)).toBeUndefined();
    expect(store.getIdempotency('platform', 'new', now * 1000)).toMatchObject({ requestId: 'req_2' });
    expect(store.all('event', 'any').map((r) => r.id)).toEqual(['evt_old_undelivered', 'evt_recent']);
    expect(store.all('event', 'acct_x')).toEqual([]);
    expect(store.get('event', 'evt_old')).toBeUndefined();
    // A finished delivery is journaled as a count, not the whole event again; a crash replays it.
    store.setPendingWebhooks(undelivered, 0);
    await store.commit();
    const journal = readFileSync(path.join(dir, 'journal.ndjson'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(journal.at(-1)!)).toMatchObject({ records: [], webhooks: { evt_old_undelivered: 0 } });
    const copy = `${dir}-crashed`;
    cpSync(dir, copy, { recursive: true });
    writeFileSync(path.join(copy, 'emulator.lock'), '999999999');
    const reopened = await Store.open(copy);
    expect(reopened.get('event', 'evt_old_undelivered')?.pending_webhooks).toBe(0);
    expect(reopened.meta.seq).toBe(store.meta.seq);
    await reopened.close();
    await store.close();
  });
});
