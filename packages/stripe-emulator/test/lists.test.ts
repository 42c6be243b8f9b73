/**
 * Lists as Stripe pages them (newest first, cursors, has_more) and balance transactions filtered
 * by `created` ranges — backdated with the emulator's clock, as a seed spanning months does.
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlugin, control, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

const JAN_1_2025 = Date.UTC(2025, 0, 1) / 1000;
const FEB_1_2025 = Date.UTC(2025, 1, 1) / 1000;
const MAR_1_2025 = Date.UTC(2025, 2, 1) / 1000;

describe('lists and pagination', () => {
  let harness: EmulatorHarness;
  let customers: Stripe.Customer[];

  beforeAll(async () => {
    harness = await startHarness();
    customers = [];
    for (let i = 0; i < 25; i++) customers.push(await harness.stripe.customers.create({ email: `page-${i}@example.com`, metadata: { index: String(i) } }));
  });
  afterAll(() => harness.close());

  it('pages newest first with starting_after and has_more', async () => {
    const { stripe } = harness;
    const newestFirst = [...customers].reverse().map((customer) => customer.id);
    const first = await stripe.customers.list({ limit: 10 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(first.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 10));
    const second = await stripe.customers.list({ limit: 10, starting_after: first.data.at(-1)!.id });
    expect(second.data.map((customer) => customer.id)).toEqual(newestFirst.slice(10, 20));
    const third = await stripe.customers.list({ limit: 10, starting_after: second.data.at(-1)!.id });
    expect(third.data.map((customer) => customer.id)).toEqual(newestFirst.slice(20));
    expect(third.has_more).toBe(false);
  });

  it('pages backwards with ending_before', async () => {
    const { stripe } = harness;
    const newestFirst = [...customers].reverse().map((customer) => customer.id);
    const page = await stripe.customers.list({ limit: 5, ending_before: newestFirst[12]! });
    expect(page.data.map((customer) => customer.id)).toEqual(newestFirst.slice(7, 12));
    expect(page.has_more).toBe(true);
    const top = await stripe.customers.list({ limit: 5, ending_before: newestFirst[3]! });
    expect(top.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 3));
    expect(top.has_more).toBe(false);
  });

  it('auto-paginates through the SDK without gaps or repeats', async () => {
    const all = await harness.stripe.customers.list({ limit: 7 }).autoPagingToArray({ limit: 1000 });
    expect(all.map((customer) => customer.metadata.index)).toEqual(Array.from({ length: 25 }, (_, i) => String(24 - i)));
  });

  it('refuses a limit out of range and an unknown cursor', async () => {
    await expect(harness.stripe.customers.list({ limit: 101 })).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
    await expect(harness.stripe.customers.list({ starting_after: 'cus_unknown' })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'starting_after' });
  });

  it('filters balance transactions by created range and type', async () => {
    const { stripe, emulator } = harness;
    const creator = await createCreatorAccount(stripe);
    await control(emulator, 'POST', 'clock', { now: JAN_1_2025 + 3600 });
    const january = await buyPlugin(stripe, { creator: creator.id, amount: 1000, fee: 100 });
    emulator.control.setClock({ now: FEB_1_2025 + 3600 });
    const february = await buyPlugin(stripe, { creator: creator.id, amount: 2000, fee: 200 });
    await stripe.refunds.create({ payment_intent: february.id, amount: 500 });
    emulator.control.setClock({ isReset: true });

    // A shifted clock keeps running in real time, so a loaded machine may add a second or two.
    expect(january.created).toBeGreaterThanOrEqual(JAN_1_2025 + 3600);
    expect(january.created).toBeLessThan(JAN_1_2025 + 3600 + 60);
    const inJanuary = await stripe.balanceTransactions.list({ created: { gte: JAN_1_2025, lt: FEB_1_2025 }, limit: 100 });
    expect(inJanuary.data.map((t) => [t.type, t.amount])).toEqual([['application_fee', 100], ['transfer', -1000], ['charge', 1000]]);
    const inFebruary = await stripe.balanceTransactions.list({ created: { gte: FEB_1_2025, lt: MAR_1_2025 }, limit: 100 });
    expect(inFebruary.data.map((t) => [t.type, t.amount])).toEqual([['refund', -500], ['application_fee', 200], ['transfer', -2000], ['charge', 2000]]);
    const charges = await stripe.balanceTransactions.list({ created: { gte: JAN_1_2025, lt: MAR_1_2025 }, type: 'charge' });
    expect(charges.data.map((t) => [t.amount, t.fee])).toEqual([[2000, 88], [1000, 59]]);
    const page = await stripe.balanceTransactions.list({ created: { gte: JAN_1_2025, lt: MAR_1_2025 }, limit: 3 });
    const rest = await stripe.balanceTransactions.list({ created: { gte: JAN_1_2025, lt: MAR_1_2025 }, limit: 3, starting_after: page.data.at(-1)!.id });
    expect([...page.data, ...rest.data].map((t) => t.amount)).toEqual([-500, 200, -2000, 2000, 100, -1000]);
    expect(rest.has_more).toBe(true);
  });
});
