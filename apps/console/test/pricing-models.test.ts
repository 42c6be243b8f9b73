/**
 * Revenue by pricing model in Chromium: finance reads each stream of a ledger holding a sale, a
 * credit pack, credits used and granted, the deferred revenue, and the stacked chart; a creator
 * reads their earnings by pricing model and the usage of their plugins. Both pages pass axe in
 * both themes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatMoney } from '@marketdesk/shared';
import { chargeEntries, creditGrantEntries, creditUseEntries, postLedgerTransaction, transferEntries, type LedgerEntryInput, type LedgerKind } from '../../api/src/modules/payments/ledger.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyAndSettle, createSellerWithPlugin } from './money-data.ts';

let app: ConsoleUnderTest;
let seller: Awaited<ReturnType<typeof createSellerWithPlugin>>;
beforeAll(async () => {
  app = await startConsole();
  seller = await createSellerWithPlugin(app.server, 2500);
  await buyAndSettle(app.server, seller.plugin.id);
  const prisma = app.server.db.prisma;
  const kid = (await prisma.signingKey.findFirstOrThrow({ select: { kid: true } })).kid;
  const license = await prisma.license.create({ data: { keyId: randomUUID(), pluginId: seller.plugin.id, buyerEmail: 'credits@example.test', entitlements: [], signingKid: kid } });
  const tags = { creatorId: seller.creator.id, pluginId: seller.plugin.id, licenseId: license.id };
  const post = (kind: LedgerKind, entries: LedgerEntryInput[]) => prisma.$transaction((tx) => postLedgerTransaction(tx, { externalKey: `${kind}:${randomUUID()}`, kind, currency: 'usd', occurredAt: new Date(), entries }));
  // A credit pack of 5000, 1200 of it used (fee 120, the creator's 1080 transferred), 300 granted.
  await post('payment', chargeEntries({ ...tags, stream: 'CREDITS_SOLD' }, 5000, 175));
  await post('credit_use', creditUseEntries(tags, 1200, 120));
  await post('transfer', transferEntries({ ...tags, stream: 'CREDITS_USED' }, 1080));
  await post('credit_grant', creditGrantEntries(tags, 300));
  const now = new Date();
  await prisma.usageRecord.create({ data: { licenseId: license.id, metric: 'api_calls', quantity: 42, idempotencyKey: randomUUID(), periodStart: now, occurredAt: now } });
}, 180_000);
afterAll(() => app?.close());

const usd = (minor: number) => formatMoney(minor, 'usd');

describe('revenue by pricing model', () => {
  test('finance reads each stream, the deferred revenue and the chart; the page passes axe', async () => {
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Revenue by model', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Revenue by pricing model' }).waitFor();
    const streams = page.getByTestId('revenue-streams');
    const row = (label: string) => streams.getByRole('row').filter({ hasText: label });
    await row('One-time').waitFor();
    expect(await row('One-time').innerText()).toContain(usd(2500));
    expect(await row('Credits sold').innerText()).toContain(usd(5000));
    // Credits used: 1200 recognised, the platform's 120, the creator's 1080.
    const used = await row('Credits used').innerText();
    for (const amount of [1200, 120, 1080]) expect(used).toContain(usd(amount));
    expect(await row('Credits granted').innerText()).toContain(usd(300));
    expect(await page.getByTestId('metric-deferred-revenue').getByTestId('metric-value').innerText()).toBe(usd(5000 - 1200 + 300));
    expect(await page.getByTestId('metric-trial-conversion').getByTestId('metric-value').innerText()).toBe('—');
    await page.getByTestId('revenue-by-stream-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await saveScreenshot(page, 'revenue-by-pricing-model');
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
  });

  test('a creator reads their earnings by pricing model and the usage of their plugins; the page passes axe', async () => {
    const creatorUser = await app.server.db.prisma.user.findUniqueOrThrow({ where: { id: seller.user.id } });
    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Earnings', exact: true }).click();
    const byModel = page.getByTestId('earnings-by-model');
    await byModel.getByRole('row').filter({ hasText: 'Credits used' }).waitFor();
    expect(await byModel.getByRole('row').filter({ hasText: 'Credits used' }).innerText()).toContain(usd(1080));
    // The sale: 2500 paid, 90 % earned (the platform's 10 % fee).
    expect(await byModel.getByRole('row').filter({ hasText: 'One-time' }).innerText()).toContain(usd(2250));
    const usage = page.getByTestId('plugin-usage').getByRole('row').filter({ hasText: 'api_calls' });
    expect(await usage.innerText()).toContain(seller.plugin.name);
    expect(await usage.innerText()).toMatch(/\b42\b/);
    await saveScreenshot(page, 'creator-earnings-by-model');
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
  });
});
