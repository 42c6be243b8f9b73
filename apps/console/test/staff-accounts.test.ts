import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
let admin: { id: string; email: string; name: string };
beforeAll(async () => {
  app = await startConsole();
  admin = await app.createUser(['ADMIN']);
});
afterAll(() => app?.close());

const searchParam = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** Adds `label` in the dialog's Roles multi-select, then closes its dropdown as a person would. */
async function pickRole(page: Page, label: string) {
  const dialog = page.getByRole('dialog');
  // Mantine's pill field (static class from its Styles API) lies over the input and takes the click.
  await dialog.locator('.mantine-MultiSelect-input').click();
  await page.getByRole('option', { name: label, exact: true }).click();
  await dialog.getByRole('heading').click();
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
}

describe('staff accounts', () => {
  test('an admin creates an account; it shows in the table and in the audit log', async () => {
    const page = await signedInAdminPage();
    await page.getByRole('navigation').getByRole('link', { name: 'Staff accounts' }).click();
    await rowOf(page, admin.email).waitFor();

    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create staff account' });
    await dialog.getByRole('button', { name: 'Create account' }).click();
    for (const message of ['Name is required', 'Enter a valid email address', 'Password must be at least 12 characters', 'Give the account at least one role']) {
      await dialog.getByText(message).waitFor();
    }

    // The same email twice: the API's refusal appears under the email field.
    await dialog.getByLabel('Name').fill('Rita Refunds');
    await dialog.getByLabel('Email').fill(admin.email);
    await dialog.getByLabel('Initial password').fill('a long enough password');
    await pickRole(page, 'Finance');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await dialog.getByText(`An account with email ${admin.email} already exists`).waitFor();
    await saveScreenshot(page, 'create-account-errors');

    const email = `rita-${randomUUID().slice(0, 8)}@example.test`;
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Account created').waitFor();
    await dialog.waitFor({ state: 'detached' });
    const row = rowOf(page, email);
    expect(await row.textContent()).toMatch(/Rita Refunds.*Finance.*Active/);
    await saveScreenshot(page, 'staff-accounts');
    const created = await app.server.db.prisma.user.findUniqueOrThrow({ where: { email } });

    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    const auditRow = rowOf(page, email).filter({ hasText: 'users.create' }); // the target by its email, not its id
    expect(await auditRow.innerText()).toContain(admin.email);
    expect(await auditRow.innerText()).not.toContain(created.id);
    await auditRow.getByText('users.create').click(); // not the row's middle: the target's name there is a link to the account
    const change = page.getByTestId('audit-entry-change');
    expect(await change.innerText()).toContain(`"email": "${email}"`);
    await saveScreenshot(page, 'audit-log');
  });

  test('search, role and status filters live in the URL and survive a reload', async () => {
    const support = await app.createUser(['SUPPORT'], { name: 'Sol Support' });
    await app.createUser(['FINANCE']);
    const page = await signedInAdminPage();
    await page.goto('/staff-accounts');
    await rowOf(page, admin.email).waitFor();

    await page.getByRole('textbox', { name: 'Search' }).fill(support.email.slice(0, 16));
    await page.waitForURL((url) => url.searchParams.get('search') === support.email.slice(0, 16));
    await page.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'Support', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('role') === 'SUPPORT');
    await page.getByRole('radiogroup').getByText('Active', { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'active');

    await page.reload();
    await rowOf(page, support.email).waitFor();
    expect(await page.getByRole('row').count()).toBe(2); // header + the one match
    expect(await page.getByRole('textbox', { name: 'Search' }).inputValue()).toBe(support.email.slice(0, 16));
    expect(searchParam(page, 'role')).toBe('SUPPORT');
  });

  test('roles are edited and an account disabled with a reason, both audited', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await signedInAdminPage();
    await page.goto(`/staff-accounts?search=${encodeURIComponent(moderator.email)}`);
    await rowOf(page, moderator.email).waitFor();

    await page.getByRole('button', { name: `Edit roles of ${moderator.email}` }).click();
    await pickRole(page, 'Support');
    await page.getByRole('dialog').getByLabel('Reason').fill('Covers the support queue this month');
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.getByText('Roles changed').waitFor();
    await rowOf(page, moderator.email).getByText('Support').waitFor();

    await page.getByRole('button', { name: `Disable ${moderator.email}` }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Left the company');
    await page.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
    await rowOf(page, moderator.email).getByText('Disabled').waitFor();

    await page.goto(`/audit-log?targetId=${moderator.id}`);
    await rowOf(page, 'users.disable').filter({ hasText: 'Left the company' }).waitFor();
    await rowOf(page, 'users.setRoles').filter({ hasText: 'Covers the support queue this month' }).waitFor();
  });

  test('an admin resets a password: the password rule is shown, every session of the account ends, the new password signs in, and the reason is audited', async () => {
    const support = await app.createUser(['SUPPORT']);
    const supportPage = await app.openPage();
    await signIn(supportPage, support.email);
    const page = await signedInAdminPage();
    await page.goto(`/staff-accounts?search=${encodeURIComponent(support.email)}`);
    await page.getByRole('button', { name: `Reset password of ${support.email}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset password' });
    await dialog.getByText('Every session of this account ends at once').waitFor();
    await dialog.getByLabel('New password', { exact: true }).fill('too short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.getByText('Password must be at least 12 characters').waitFor();

    const newPassword = `reset-${randomUUID()}`;
    await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
    await dialog.getByLabel('Reason').fill('Locked out of their password manager, ticket #88');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('Password reset').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // The support user's open console is signed out at its next request; the new password signs in.
    await supportPage.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await supportPage.getByTestId('session-ended').getByText('Your password was reset by an administrator; sign in again.').waitFor();
    await signIn(supportPage, support.email, newPassword);

    await page.goto(`/audit-log?targetId=${support.id}`);
    await rowOf(page, 'users.resetPassword').filter({ hasText: 'ticket #88' }).waitFor();
    expect(await page.getByText(newPassword).count()).toBe(0);
  });

  test('the audit log pages with "Load more" and keeps its filters in the URL', async () => {
    const actorEmail = `bulk-${randomUUID().slice(0, 8)}@example.test`;
    await app.server.db.prisma.auditLog.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ actorEmail, action: 'test.bulk', targetType: 'Plugin', targetId: `plugin-${i}`, requestId: `req-${i}` })),
    });
    const page = await signedInAdminPage();
    await page.goto('/audit-log');
    // The unfiltered log already shows these (newest) entries: wait for the filtered answer itself.
    const filtered = page.waitForResponse((response) => response.url().includes('audit.list') && decodeURIComponent(response.url()).includes(actorEmail));
    await page.getByRole('textbox', { name: 'Actor' }).fill(actorEmail);
    await page.waitForURL((url) => url.searchParams.get('actor') === actorEmail);
    await filtered;
    await rowOf(page, actorEmail).first().waitFor();
    expect(await rowOf(page, actorEmail).count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('End of the log: 60 entries').waitFor();
    expect(await rowOf(page, actorEmail).count()).toBe(60);

    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Actor' }).inputValue()).toBe(actorEmail);
    await page.getByRole('button', { name: 'Load more' }).waitFor();
  });

  test('a failing request shows the error boundary with its request id', async () => {
    const page = await signedInAdminPage();
    // Ask the real API for a page size it refuses (max 100), as a stale or hand-edited client would.
    await page.route('**/trpc/users.list*', (route) => route.continue({ url: route.request().url().replace(/%22pageSize%22%3A\d+/, '%22pageSize%22%3A1000') }));
    const failed = page.waitForResponse((response) => response.url().includes('users.list'));
    await page.goto('/staff-accounts');
    const response = await failed;
    expect(response.status()).toBe(400);
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be shown' });
    await alert.waitFor();
    expect(await alert.getByTestId('request-id').innerText()).toBe(response.headers()['x-request-id']);
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible()).toBe(true);
    await saveScreenshot(page, 'error-boundary');

    await page.unrouteAll();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await rowOf(page, admin.email).waitFor();
  });
});

async function signedInAdminPage() {
  const page = await app.openPage();
  await signIn(page, admin.email);
  return page;
}
