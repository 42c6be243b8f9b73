import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readNavigation, saveScreenshot, signIn, startConsole, waitForNetworkQuiet, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const FINANCE_AREAS = ['Finance', 'Revenue by model', 'Reconciliation', 'Transactions', 'Disputes', 'Payouts', 'Restricted creators', 'Stripe events'];

describe('navigation follows the PERMISSIONS map', () => {
  test('an admin sees Staff accounts, Audit log, the Review queue, Reviewer statistics, the money pages and Licenses', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    expect(await readNavigation(page)).toEqual(['Home', 'Staff accounts', 'Audit log', 'Review queue', 'Buyer reviews', 'Reviewer statistics', ...FINANCE_AREAS, 'Licenses']);
  });

  test.each([
    ['SUPPORT', ['Home', 'Licenses'], '/queue'],
    ['MODERATOR', ['Home', 'Review queue', 'Buyer reviews', 'Reviewer statistics'], '/my-submissions'],
    ['FINANCE', ['Home', ...FINANCE_AREAS], '/my-submissions/new'],
    ['CREATOR', ['Home', 'My submissions', 'Earnings', 'Pricing', 'Reviews', 'Set up payouts'], '/finance'],
  ] as const)('%s sees only its areas, and is told so on a direct link to others', async (role, areas, otherArea) => {
    const user = await app.createUser([role]);
    const page = await app.openPage();
    await signIn(page, user.email);
    expect(await readNavigation(page)).toEqual(areas);
    for (const route of ['/staff-accounts', otherArea]) {
      await page.goto(route);
      await page.getByText('Not available to your roles').waitFor();
    }
    if (role === 'SUPPORT') await saveScreenshot(page, 'not-available-support');
  });

  test('an unknown URL shows the 404 page inside the console', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('/no/such/page');
    await saveScreenshot(page, 'not-found');
  });

  test('the dark theme choice survives a reload', async () => {
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    const readScheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    expect(await readScheme()).toBe('light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await readScheme()).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${finance.name}` }).waitFor();
    expect(await readScheme()).toBe('dark');
    await saveScreenshot(page, 'home-finance-dark');
  });
});

/**
 * Collects what the page's Content-Security-Policy blocked: `securitypolicyviolation` events
 * (listened to before any page script runs) and Chromium's console reports of them.
 */
async function recordCspViolations(page: Page): Promise<{ read(): Promise<string[]> }> {
  const reported: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) reported.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  return {
    async read() {
      const fromPage = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
      return [...reported, ...fromPage];
    },
  };
}

describe('the Content-Security-Policy', () => {
  test('the console runs under it: no violation on sign-in, every area of an admin, a modal form, the dark theme and a reload', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    const violations = await recordCspViolations(page);
    const response = await page.goto('/sign-in');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Email').waitFor();
    expect(await violations.read()).toEqual([]);
    await signIn(page, admin.email);
    const seen: string[] = [];
    for (const area of await readNavigation(page)) {
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: area, exact: true }).click();
      await page.getByRole('main').getByRole('heading').first().waitFor();
      await waitForNetworkQuiet(page);
      seen.push(...(await violations.read()).map((v) => `${area}: ${v}`));
    }
    // A modal: its scroll lock and focus trap add styles at run time; the form validates with zod.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Staff accounts', exact: true }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create staff account' });
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await dialog.getByText('Name is required').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    seen.push(...(await violations.read()).map((v) => `create-account dialog: ${v}`));
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('dark');
    seen.push(...(await violations.read()).map((v) => `after reload: ${v}`));
    expect(seen).toEqual([]);
  });
});
