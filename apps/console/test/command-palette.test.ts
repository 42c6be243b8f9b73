/**
 * The command palette in Chromium: opened by Ctrl+K, by `/` (not while typing in a field) and by
 * the header's Search button; it finds a buyer's license by part of the email and Enter opens
 * it; role actions navigate ("Go to overdue") or first pick their object ("Refund…" opens the
 * purchase with its refund dialog); an unknown text says so; axe finds nothing serious in it,
 * light or dark. Data through the real path: purchases paid in the Stripe emulator.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyLicense } from './license-data.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
}, 60_000);
afterAll(() => app?.close());

const palette = (page: Page) => page.getByRole('dialog');
const searchField = (page: Page) => page.getByRole('textbox', { name: 'Search the console' });
/** The buyer's email minus "buyer-" and the domain: the 8 hex characters only this buyer has. */
const partOf = (email: string) => email.slice('buyer-'.length, email.indexOf('@'));

describe('command palette', () => {
  test('support opens it with Ctrl+K, finds a license by part of the buyer email and opens it with Enter; `/` opens it too, but not while typing in a field', async () => {
    const bought = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);

    await page.keyboard.press('Control+k');
    await searchField(page).waitFor();
    await expect.poll(() => searchField(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(partOf(bought.buyerEmail).toUpperCase());
    const licenses = palette(page).getByText('Licenses', { exact: true });
    await licenses.waitFor();
    const found = palette(page).getByRole('button', { name: new RegExp(`${bought.plugin.name}.*${bought.buyerEmail}`) });
    await found.waitFor();
    expect(await palette(page).getByRole('button', { name: /@example\.com/ }).count()).toBe(1);
    // Support may not read finance: no purchases group, although the purchase matches too.
    expect(await palette(page).getByText('Purchases', { exact: true }).count()).toBe(0);
    expect(await found.getAttribute('data-selected')).toBe('true');
    expect(await findSeriousViolationsInBothThemes(page), 'axe on the open palette').toEqual([]);
    await saveScreenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/licenses/${bought.license.id}`);
    await page.getByRole('heading', { level: 1, name: `${bought.plugin.name} · ${bought.buyerEmail}` }).waitFor();
    await palette(page).waitFor({ state: 'hidden' });

    // `/` opens it from the page…
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    await searchField(page).waitFor();
    await page.keyboard.press('Escape');
    await palette(page).waitFor({ state: 'hidden' });
    // …but inside a text field it is just a slash.
    await page.goto('/licenses');
    const filter = page.getByRole('textbox', { name: 'Search licenses' });
    await filter.click();
    await page.keyboard.type('a/b');
    expect(await filter.inputValue()).toBe('a/b');
    expect(await palette(page).count()).toBe(0);
  });

  test('a moderator opens it from the header button and "Go to overdue" goes to the queue\'s overdue tab; an unknown text says there are no results', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.getByRole('banner').getByRole('button', { name: /^Search/ }).click();
    await searchField(page).fill('zz-nothing-here');
    await palette(page).getByText('No results for “zz-nothing-here”').waitFor();
    await searchField(page).fill('overdue');
    const action = palette(page).getByRole('button', { name: /Go to overdue/ });
    await action.waitFor();
    // Finance's and support's actions are not offered to a moderator.
    await searchField(page).fill('refund');
    await palette(page).getByText('No results for “refund”').waitFor();
    await searchField(page).fill('overdue');
    await action.click();
    await page.waitForURL((url) => url.pathname === '/queue' && url.searchParams.get('due') === 'overdue');
    await page.getByRole('tab', { name: /Overdue/, selected: true }).waitFor();
  });

  test('finance picks "Refund…", finds the purchase by part of the buyer email, and Enter opens it with the refund dialog', async () => {
    const bought = await buyLicense(app.server);
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.keyboard.press('Control+k');
    await searchField(page).fill('refund');
    await palette(page).getByRole('button', { name: /Refund…/ }).click();
    const pickField = page.getByRole('textbox', { name: 'The purchase to refund: buyer email, pi_…, ch_…' });
    await pickField.waitFor();
    await pickField.fill(partOf(bought.buyerEmail));
    await palette(page).getByRole('button', { name: new RegExp(bought.buyerEmail) }).waitFor();
    // Only purchases are searched while picking one: the buyer's license is not offered.
    expect(await palette(page).getByText('Licenses', { exact: true }).count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/transactions/${bought.purchaseId}` && url.searchParams.get('refund') === '1');
    const dialog = page.getByRole('dialog', { name: `Refund ${bought.plugin.name} to ${bought.buyerEmail}` });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL((url) => !url.searchParams.has('refund'));
  });

  test('support picks "Revoke license…" with the keyboard, pastes the key, and Enter opens the license with its revoke dialog', async () => {
    const bought = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.keyboard.press('Control+k');
    await expect.poll(() => searchField(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('revoke');
    const action = palette(page).getByRole('button', { name: /Revoke license…/ });
    await action.waitFor();
    await expect.poll(() => action.getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('Enter');
    const pickField = page.getByRole('textbox', { name: 'The license to revoke: license key or buyer email' });
    await pickField.waitFor();
    await pickField.fill(bought.key);
    const found = palette(page).getByRole('button', { name: new RegExp(bought.buyerEmail) });
    await found.waitFor();
    await expect.poll(() => found.getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/licenses/${bought.license.id}` && url.searchParams.get('action') === 'revoke');
    const dialog = page.getByRole('dialog', { name: 'Revoke license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Key shared in a public repository');
    await dialog.getByRole('textbox', { name: 'Type REVOKE to confirm' }).fill('REVOKE');
    await dialog.getByRole('button', { name: 'Revoke license' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('license-status').getByText('Revoked', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.has('action')).toBe(false);
    // The same link to a license that is already revoked opens the page without the dialog.
    await page.goto(`/licenses/${bought.license.id}?action=revoke`);
    await page.getByTestId('license-status').getByText('Revoked', { exact: true }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});
