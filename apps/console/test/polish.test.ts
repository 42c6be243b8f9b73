/**
 * The polish of issue 14 in a real browser: names where cuids showed (the audit log's targets, a
 * plugin picker that filters transactions by typing a name), no sideways scroll on the purchase
 * and license pages at 390 px, whole badge labels at 1440 px, a role change that says why it
 * signed the person out, and a fully refunded purchase shown as Refunded wherever it shows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { settle } from '../../api/test/money/helpers.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { callerFor } from './license-data.ts';
import { asMoneyServer, buyAndSettle, createSellerWithPlugin } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

/** A page at `width` × 844 px, in its own browser context. */
async function openPageAt(width: number): Promise<Page> {
  const context = await app.browser.newContext({ baseURL: app.server.url, viewport: { width, height: 844 }, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** A paid purchase fully refunded by finance (through the API, as the refund dialog does), settled. */
async function fullyRefundedPurchase() {
  const seller = await createSellerWithPlugin(app.server, 3000);
  const { buyerEmail, purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
  const finance = await app.createUser(['FINANCE']);
  const caller = await callerFor(app.server, finance.id);
  await caller.refunds.create({ purchaseId, amount: 3000, currency: 'usd', reason: 'REQUESTED_BY_CUSTOMER', note: 'polish test', revokeLicense: false, requestKey: randomUUID() });
  await settle(asMoneyServer(app.server));
  const license = await app.server.db.prisma.license.findFirstOrThrow({ where: { purchaseId }, select: { id: true } });
  return { seller, buyerEmail, purchaseId, licenseId: license.id };
}

describe('polish', () => {
  test('the audit log shows its targets by name, linked to their pages, not cuids', async () => {
    const admin = await app.createUser(['ADMIN']);
    const staff = await app.createUser(['SUPPORT']);
    await (await callerFor(app.server, admin.id)).users.setRoles({ userId: staff.id, roles: ['SUPPORT', 'FINANCE'], reason: 'covers finance this week' });
    const refunded = await fullyRefundedPurchase();

    const page = await app.openPage();
    await signIn(page, admin.email);
    await page.goto(`/audit-log?targetId=${staff.id}`);
    const roleRow = page.getByRole('row').filter({ hasText: 'users.setRoles' });
    await roleRow.getByTestId('audit-target').getByText(staff.email).waitFor();
    expect(await roleRow.innerText()).not.toContain(staff.id);

    await page.goto(`/audit-log?targetId=${refunded.purchaseId}`);
    const refundRow = page.getByRole('row').filter({ hasText: 'refunds.create' });
    const target = refundRow.getByTestId('audit-target');
    expect(await target.innerText()).toBe(`${refunded.seller.plugin.name} · ${refunded.buyerEmail}`);
    expect(await refundRow.innerText()).not.toContain(refunded.purchaseId);
    await saveScreenshot(page, 'audit-log-names');
    await target.click();
    await page.waitForURL(`**/transactions/${refunded.purchaseId}`);
  });

  test('finance filters transactions by typing part of a plugin name in the picker; the URL keeps the id', async () => {
    const wanted = await createSellerWithPlugin(app.server, 1200);
    const other = await createSellerWithPlugin(app.server, 1300);
    const { buyerEmail } = await buyAndSettle(app.server, wanted.plugin.id);
    await buyAndSettle(app.server, other.plugin.id);
    const finance = await app.createUser(['FINANCE']);

    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto('/transactions');
    const picker = page.getByLabel('Plugin', { exact: true }).and(page.locator('input'));
    await picker.fill(wanted.plugin.name.slice(-8)); // a part of the name, as a person would type it
    await page.getByRole('option', { name: wanted.plugin.name }).click();
    await page.waitForURL(new RegExp(`[?&]plugin=${wanted.plugin.id}`));
    const rows = page.getByRole('row').filter({ hasText: wanted.plugin.name });
    await rows.filter({ hasText: buyerEmail }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + the one purchase of that plugin
    expect(await page.getByRole('row').filter({ hasText: other.plugin.name }).count()).toBe(0);

    // A shared link opens with the name in the picker.
    const fresh = await app.openPage();
    await signIn(fresh, finance.email);
    await fresh.goto(`/transactions?plugin=${wanted.plugin.id}`);
    await expect.poll(() => fresh.getByLabel('Plugin', { exact: true }).and(fresh.locator('input')).inputValue()).toBe(wanted.plugin.name);
  });

  test('a fully refunded purchase shows Refunded on the list, its page and its license', async () => {
    const refunded = await fullyRefundedPurchase();
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    await page.goto(`/transactions?q=${encodeURIComponent(refunded.buyerEmail)}`);
    const row = page.getByRole('row').filter({ hasText: refunded.buyerEmail });
    await row.getByText('Refunded', { exact: true }).waitFor();
    expect(await row.getByText('Paid', { exact: true }).count()).toBe(0);

    await page.goto(`/transactions/${refunded.purchaseId}`);
    await page.getByText('Refunded', { exact: true }).first().waitFor();
    await page.goto(`/licenses/${refunded.licenseId}`);
    await page.getByTestId('license-summary').getByText('Refunded', { exact: true }).waitFor();
  });

  test('the purchase and license pages do not scroll sideways at 390 px', async () => {
    const refunded = await fullyRefundedPurchase();
    const admin = await app.createUser(['ADMIN']);
    const page = await openPageAt(390);
    await signIn(page, admin.email);
    for (const [path, ready] of [[`/transactions/${refunded.purchaseId}`, 'purchase-timeline'], [`/licenses/${refunded.licenseId}`, 'license-summary']] as const) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
      // The header's controls (menu, search, theme, account) fit: none is clipped at the right edge.
      const rightEdges = await page.getByRole('banner').getByRole('button').evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().right));
      expect(rightEdges.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...rightEdges), `${path}: header controls end at`).toBeLessThanOrEqual(390);
    }
    await saveScreenshot(page, 'license-390px');
  });

  test('badges show their whole label at 1440 px', async () => {
    await fullyRefundedPurchase();
    const admin = await app.createUser(['ADMIN']);
    const page = await openPageAt(1440);
    await signIn(page, admin.email);
    for (const path of ['/transactions', '/stripe-events', '/licenses?status=ACTIVE', '/payouts', '/queue']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await page.locator('table').first().waitFor();
      const clipped = await page.locator('.mantine-Badge-label').evaluateAll((labels) =>
        labels.filter((label) => label.scrollWidth > label.clientWidth).map((label) => label.textContent));
      expect(clipped, `clipped badges on ${path}`).toEqual([]);
      expect(await page.locator('.mantine-Badge-label').count(), `badges on ${path}`).toBeGreaterThanOrEqual(path === '/transactions' || path === '/stripe-events' ? 1 : 0);
    }
  });

  test('a person whose roles an admin changes is sent to sign-in and told why', async () => {
    const admin = await app.createUser(['ADMIN']);
    const person = await app.createUser(['SUPPORT', 'FINANCE']);
    const page = await app.openPage();
    await signIn(page, person.email);
    await page.goto('/transactions');
    await page.getByRole('heading', { name: 'Transactions' }).waitFor();

    await (await callerFor(app.server, admin.id)).users.setRoles({ userId: person.id, roles: ['SUPPORT'], reason: 'back to support' });
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.waitForURL(/\/sign-in\?.*ended=ACCESS_CHANGED/);
    const notice = page.getByTestId('session-ended');
    expect(await notice.innerText()).toContain('Your roles were changed by an administrator; sign in again');
    await saveScreenshot(page, 'sign-in-roles-changed');
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  });
});
