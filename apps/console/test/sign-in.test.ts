import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, TEST_PASSWORD, waitForNetworkQuiet, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const answered = page.waitForResponse((response) => response.url().includes('auth.signIn'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  return answered;
}

describe('sign-in', () => {
  test('a wrong password is refused with a clear message, then the right one opens the console', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await page.goto('/');
    await page.waitForURL('**/sign-in');

    await submitSignIn(page, admin.email, 'not the password at all');
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('Email or password is wrong');
    await saveScreenshot(page, 'sign-in-error');

    await submitSignIn(page, admin.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const signedInAs = await page.getByTestId('signed-in-as').textContent();
    expect(signedInAs).toContain(admin.email);
    expect(signedInAs).toContain('Admin');
    expect(await page.getByTestId('stripe-mode').textContent()).toContain('Stripe emulator');
    await saveScreenshot(page, 'home-admin');
  });

  test('field errors appear under the fields before anything is sent', async () => {
    const page = await app.openPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter a valid email address').waitFor();
    await page.getByText('Enter your password').waitFor();
  });

  test('after five failures the email is locked out and the page says when to try again', async () => {
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await page.goto('/sign-in');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await submitSignIn(page, support.email, `wrong password ${attempt}`);
      expect(response.status()).toBe(401);
    }
    const locked = await submitSignIn(page, support.email, TEST_PASSWORD);
    expect(locked.status()).toBe(429);
    const message = await page.getByTestId('sign-in-locked').innerText();
    expect(message).toContain('Too many failed attempts');
    expect(message).toMatch(/Try again in 15 minutes, at \d{1,2}:\d{2}/);
    await saveScreenshot(page, 'sign-in-locked');
  });

  test('a signed-out visitor is sent to sign-in and brought back to the page they asked for', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await page.goto('/audit-log?action=users.');
    await page.waitForURL('**/sign-in?next=*');
    await submitSignIn(page, admin.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(new URL(page.url()).search).toBe('?action=users.');
  });

  test('when the session ends mid-visit (roles changed elsewhere), the console returns to sign-in', async () => {
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    // The home page's queries (attention, then reconciliation) and the shell's answered first: one still to come would
    // meet the ended session on the home page, and the console would leave for sign-in without `next`, maybe before the
    // click (both seen in CI). waitForLoadState('networkidle') did not say so: on a loaded machine the network can be
    // quiet for 500 ms between the sign-in's requests and the home page's, and then it answers at once.
    await page.getByTestId('attention-section-finance').waitFor();
    await page.getByLabel('Reconciling with Stripe').waitFor({ state: 'hidden' });
    await waitForNetworkQuiet(page);
    await app.server.db.prisma.session.updateMany({ where: { userId: admin.id }, data: { revokedAt: new Date(), revokedReason: 'ACCESS_CHANGED' } });
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL('**/sign-in?next=%2Faudit-log&ended=ACCESS_CHANGED');
    await page.getByTestId('session-ended').getByText('Your roles were changed by an administrator; sign in again.').waitFor();
  });

  test('sign-out returns to sign-in and the session is gone, also for a copy of its cookie', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    const captured = (await page.context().cookies()).find((c) => c.name === 'md_session')!;
    await page.getByTestId('user-menu').click();
    const menu = page.getByRole('menu');
    expect(await menu.textContent()).toContain(moderator.email);
    expect(await menu.textContent()).toContain('Moderator');
    await saveScreenshot(page, 'user-menu');
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.goto('/');
    await page.waitForURL('**/sign-in');
    const replayed = await fetch(`${app.server.url}/trpc/auth.me`, { headers: { cookie: `md_session=${captured.value}` } });
    expect(((await replayed.json()) as { result: { data: { json: { user: unknown } } } }).result.data.json.user).toBeNull();
  });

  test('changing the password from the account menu keeps this session and ends the others', async () => {
    const finance = await app.createUser(['FINANCE']);
    const elsewhere = await app.openPage();
    await signIn(elsewhere, finance.email);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current password').fill(TEST_PASSWORD);
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('Password must be at least 12 characters').waitFor();
    await dialog.getByLabel('New password').fill('a much longer new passphrase');
    await saveScreenshot(page, 'change-password');
    const answered = page.waitForResponse((response) => response.url().includes('auth.changePassword'));
    await dialog.getByRole('button', { name: 'Change password' }).click();
    expect((await answered).status()).toBe(200);
    await page.getByText('Signed out 1 other session(s).').waitFor();
    await dialog.waitFor({ state: 'detached' });

    await elsewhere.getByRole('navigation').getByRole('link', { name: 'Transactions' }).click();
    await elsewhere.waitForURL('**/sign-in?next=*');
    await page.getByRole('navigation').getByRole('link', { name: 'Transactions' }).click();
    await page.waitForURL('**/transactions**');
  });
});
