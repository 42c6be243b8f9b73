import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readNavigation, saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const FINANCE_AREAS = ['Finance', 'Transactions', 'Disputes', 'Payouts', 'Restricted creators', 'Stripe events'];

describe('navigation follows the PERMISSIONS map', () => {
  test('an admin sees Staff accounts, Audit log, the Review queue, the money pages and Licenses', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    expect(await readNavigation(page)).toEqual(['Home', 'Staff accounts', 'Audit log', 'Review queue', ...FINANCE_AREAS, 'Licenses']);
  });

  test.each([
    ['SUPPORT', ['Home', 'Licenses'], '/queue'],
    ['MODERATOR', ['Home', 'Review queue'], '/my-submissions'],
    ['FINANCE', ['Home', ...FINANCE_AREAS], '/my-submissions/new'],
    ['CREATOR', ['Home', 'My submissions', 'Earnings', 'Set up payouts'], '/finance'],
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
