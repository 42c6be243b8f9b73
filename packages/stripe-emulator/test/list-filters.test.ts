/**
 * List filters are honoured, never accepted and ignored: every filter a list route accepts
 * narrows the list (or refuses the value), payouts are filtered by `arrival_date` and
 * `destination`, and balance transactions by `payout` (the payout's own movements, see
 * src/resources/balance.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../src/http/router.ts';
import { LIST_PARAMS } from '../src/lists.ts';
import { buyPlugin, control, createCreatorAccount, startHarness, type EmulatorHarness } from '../src/testing.ts';

const DAY = 24 * 60 * 60;
const JAN_1_2025 = Date.UTC(2025, 0, 1) / 1000;
const FEB_1_2025 = Date.UTC(2025, 1, 1) / 1000;
const MAR_1_2025 = Date.UTC(2025, 2, 1) / 1000;

const resourcesDir = fileURLToPath(new URL('../src/resources/', import.meta.url));
const ROUTES: Route[] = [];
for (const file of readdirSync(resourcesDir).filter((name) => name.endsWith('.ts')).sort()) {
  const module = (await import(pathToFileURL(path.join(resourcesDir, file)).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) if (name.endsWith('Routes') && Array.isArray(value)) ROUTES.push(...(value as Route[]));
}

/**
 * A value that matches none of the scenario's objects, per filter; any other filter gets an id
 * that exists nowhere. The scenario configures no webhook URL, so every event counts as
 * delivered and `delivery_success=false` matches none.
 */
const NO_MATCH: Record<string, string | string[]> = {
  arrival_date: '1',
  currency: 'xxx',
  delivery_success: 'false',
  types: ['nothing.happened'],
};

/** Each filter of each top-level list route, beyond the pagination and `created` parameters. */
const FILTERS = ROUTES
  .filter((route) => route.method === 'GET' && route.params.includes('limit') && !route.path.includes(':'))
  .flatMap((route) => route.params.filter((param) => !(LIST_PARAMS as readonly string[]).includes(param)).map((param) => ({ path: route.path, param })));

function queryOf(param: string): string {
  const value = NO_MATCH[param] ?? 'nomatch_000000000000';
  return Array.isArray(value) ? value.map((entry) => `${param}[]=${encodeURIComponent(entry)}`).join('&') : `${param}=${encodeURIComponent(value)}`;
}

describe('list filters', () => {
  let harness: EmulatorHarness;
  let creator: Stripe.Account;

  beforeAll(async () => {
    harness = await startHarness();
    const { stripe, emulator } = harness;
    creator = await createCreatorAccount(stripe);
    const customer = await stripe.customers.create({ email: 'buyer@example.com' });
    await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, usage: 'off_session' });
    const sale = await buyPlugin(stripe, { creator: creator.id, amount: 5000, fee: 500 });
    await stripe.payouts.create({ amount: 10, currency: 'usd' }); // before the dispute fee empties the platform's balance
    await stripe.refunds.create({ payment_intent: sale.id, amount: 100 });
    await control(emulator, 'POST', `charges/${String(sale.latest_charge)}/dispute`, { reason: 'fraudulent', amount: 200 });
    await stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://shop.example/ok', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Plugin' } } }] });
  });
  afterAll(() => harness.close());

  const get = async (pathAndQuery: string) => {
    const response = await fetch(`${harness.emulator.url}${pathAndQuery}`, { headers: { authorization: 'Bearer sk_test_filters' } });
    return { status: response.status, body: (await response.json()) as { data?: unknown[]; error?: { code?: string } } };
  };

  it('knows the filters of every list route', () => {
    expect(FILTERS.length).toBeGreaterThan(15);
    expect(FILTERS).toEqual(expect.arrayContaining([
      { path: '/v1/payouts', param: 'arrival_date' }, { path: '/v1/payouts', param: 'destination' }, { path: '/v1/balance_transactions', param: 'payout' },
    ]));
  });

  it.each(FILTERS)('GET $path?$param=… narrows the list or refuses the value, never answers it unfiltered', async ({ path: listPath, param }) => {
    const unfiltered = await get(listPath);
    expect(unfiltered.status).toBe(200);
    expect(unfiltered.body.data!.length, `the scenario has no objects for ${listPath}`).toBeGreaterThan(0);
    const filtered = await get(`${listPath}?${queryOf(param)}`);
    if (filtered.status === 400) return;
    expect(filtered.status).toBe(200);
    expect(filtered.body.data).toEqual([]);
  });

  it('filters payouts by arrival_date, exact or as a range', async () => {
    const { stripe, emulator } = harness;
    const onCreator = { stripeAccount: creator.id };
    emulator.control.setClock({ now: JAN_1_2025 + 3600 });
    const january = await stripe.payouts.create({ amount: 100, currency: 'usd' }, onCreator);
    emulator.control.setClock({ now: FEB_1_2025 + 3600 });
    const february = await stripe.payouts.create({ amount: 100, currency: 'usd' }, onCreator);
    const instant = await stripe.payouts.create({ amount: 100, currency: 'usd', method: 'instant' }, onCreator);
    emulator.control.setClock({ isReset: true });
    // Standard payouts arrive two days later at midnight UTC; instant ones at once.
    expect(january.arrival_date).toBe(JAN_1_2025 + 2 * DAY);
    expect(february.arrival_date).toBe(FEB_1_2025 + 2 * DAY);
    expect(instant.arrival_date).toBe(instant.created);

    const ids = async (params: Stripe.PayoutListParams) => (await stripe.payouts.list({ limit: 100, ...params }, onCreator)).data.map((payout) => payout.id);
    expect(await ids({})).toEqual([instant.id, february.id, january.id]);
    expect(await ids({ arrival_date: JAN_1_2025 + 2 * DAY })).toEqual([january.id]);
    expect(await ids({ arrival_date: { gte: FEB_1_2025, lt: MAR_1_2025 } })).toEqual([instant.id, february.id]);
    expect(await ids({ arrival_date: { gt: FEB_1_2025 + 2 * DAY } })).toEqual([]);
    expect(await ids({ arrival_date: { lte: FEB_1_2025 + 2 * DAY - 1 } })).toEqual([instant.id, january.id]);
    expect(await ids({ arrival_date: { gte: JAN_1_2025 }, status: 'pending', limit: 1 })).toEqual([instant.id]);
    await expect(stripe.payouts.list({ arrival_date: { gte: 'soon' as unknown as number } }, onCreator)).rejects.toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'arrival_date[gte]' });
  });

  it('filters payouts by destination, the external account paid to', async () => {
    const { stripe } = harness;
    const onCreator = { stripeAccount: creator.id };
    const all = (await stripe.payouts.list({ limit: 100 }, onCreator)).data;
    const bankAccount = String(all[0]!.destination);
    expect(bankAccount).toMatch(/^ba_/);
    expect((await stripe.payouts.list({ destination: bankAccount, limit: 100 }, onCreator)).data.map((payout) => payout.id)).toEqual(all.map((payout) => payout.id));
    expect((await stripe.payouts.list({ destination: 'ba_someone_else' }, onCreator)).data).toEqual([]);
    // The platform's payouts go to the platform's own bank account.
    const platformPayouts = (await stripe.payouts.list()).data;
    expect(platformPayouts).toHaveLength(1);
    expect((await stripe.payouts.list({ destination: bankAccount })).data).toEqual([]);
    expect((await stripe.payouts.list({ destination: String(platformPayouts[0]!.destination) })).data.map((payout) => payout.id)).toEqual([platformPayouts[0]!.id]);
  });

  it('filters balance transactions by payout: the payout and what undid it', async () => {
    const { stripe, emulator } = harness;
    const onCreator = { stripeAccount: creator.id };
    const failed = await stripe.payouts.create({ amount: 300, currency: 'usd' }, onCreator);
    await emulator.control.settlePayout(failed.id, 'failed', 'no_account');
    const pending = await stripe.payouts.create({ amount: 200, currency: 'usd' }, onCreator);

    const movements = async (payout: string) => (await stripe.balanceTransactions.list({ payout, limit: 100 }, onCreator)).data.map((transaction) => [transaction.type, transaction.amount, transaction.source]);
    expect(await movements(failed.id)).toEqual([['payout_failure', 300, failed.id], ['payout', -300, failed.id]]);
    expect(await movements(pending.id)).toEqual([['payout', -200, pending.id]]);
    expect((await stripe.balanceTransactions.list({ payout: pending.id, type: 'payout_failure' }, onCreator)).data).toEqual([]);

    // A payout of another account, or none at all, is refused.
    await expect(stripe.balanceTransactions.list({ payout: failed.id })).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payout' });
    await expect(stripe.balanceTransactions.list({ payout: 'po_unknown' }, onCreator)).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payout' });
  });
});
