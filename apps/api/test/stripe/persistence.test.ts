/**
 * State survives a restart: objects, balances, idempotency keys and the signing secret come back
 * from the data folder — after a clean close (state.json) and after a crash (journal replay,
 * with a torn last line ignored).
 */
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { buyPlugin, createCreatorAccount, startHarness, tempDataDir } from './helpers.ts';

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
});
