/**
 * Names beside ids (issue 14) for finance: the transactions CSV keeps its twelve columns in order
 * and adds creator_name and plugin_name at the end, filled on every entry that has the id; the
 * purchase search narrows to one plugin or one creator (the console's pickers). A real purchase
 * through the Stripe emulator, over HTTP; creators are refused both.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, sessionCookieFor } from '../harness.ts';
import { buy, callerAs, createSeller, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

const HOUR_MS = 3_600_000;

/** CSV text to rows of fields (the test's names and ids hold no commas or quotes). */
const parseCsv = (text: string) => text.trim().split('\n').map((line) => line.split(','));

async function exportCsv(cookie: string, currency: string) {
  const params = new URLSearchParams({ from: new Date(Date.now() - HOUR_MS).toISOString(), to: new Date(Date.now() + HOUR_MS).toISOString(), currency });
  return fetch(`${ts.url}/exports/transactions.csv?${params}`, { headers: { cookie } });
}

describe('names beside ids', () => {
  it('the CSV keeps its columns in order and ends with creator_name and plugin_name', async () => {
    // A currency of its own, so the export holds this test's entries only.
    const { creator, plugin } = await createSeller(ts.prisma, { currency: 'chf', priceAmount: 2500 });
    const { purchaseId } = await buy(ts, plugin.id);
    await settle(ts);
    const finance = await createTestUser(ts.prisma, ['FINANCE']);
    const response = await exportCsv(await sessionCookieFor(ts.app.deps, finance), 'chf');
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['entry_id', 'occurred_at', 'transaction_id', 'external_key', 'kind', 'purchase_id', 'account', 'creator_id', 'plugin_id', 'currency', 'amount_minor', 'amount', 'creator_name', 'plugin_name']);
    const ours = rows.filter((row) => row[5] === purchaseId);
    expect(ours.length).toBeGreaterThan(0);
    for (const row of ours) {
      const at = (column: string) => row[header!.indexOf(column)];
      expect(row).toHaveLength(header!.length);
      expect(at('creator_name')).toBe(at('creator_id') ? creator.displayName : '');
      expect(at('plugin_name')).toBe(at('plugin_id') ? plugin.name : '');
    }
    expect(ours.some((row) => row[7] === creator.id && row[12] === creator.displayName && row[13] === plugin.name)).toBe(true);
  });

  it('searchPurchases narrows to one plugin or one creator', async () => {
    const first = await createSeller(ts.prisma);
    const second = await createSeller(ts.prisma);
    const email = `names-${randomUUID().slice(0, 8)}@example.com`;
    const bought = await buy(ts, first.plugin.id, { email });
    await buy(ts, second.plugin.id, { email });
    const { caller } = await callerAs(ts, ['FINANCE']);
    const byPlugin = await caller.finance.searchPurchases({ query: email, pluginId: first.plugin.id });
    expect(byPlugin.items.map((p) => p.id)).toEqual([bought.purchaseId]);
    const byCreator = await caller.finance.searchPurchases({ creatorId: second.creator.id });
    expect(byCreator.items.map((p) => p.pluginName)).toEqual([second.plugin.name]);
    expect((await caller.finance.searchPurchases({ pluginId: first.plugin.id, creatorId: second.creator.id })).items).toEqual([]);
  });

  it('refuses creators the CSV and the search', async () => {
    const { user } = await createSeller(ts.prisma);
    expect((await exportCsv(await sessionCookieFor(ts.app.deps, user), 'usd')).status).toBe(403);
    const { caller } = await callerAs(ts, ['CREATOR']);
    await expect(caller.finance.searchPurchases({ query: '' })).rejects.toSatisfy((error: unknown) => error instanceof TRPCError && error.code === 'FORBIDDEN');
  });
});
