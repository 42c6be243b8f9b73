/**
 * Subscriptions in the console: a monthly plugin bought through POST /v1/purchases and paid in
 * the Stripe emulator; support cancels it at period end from the license page, finance meets a
 * CONFLICT on the purchase page when someone else canceled first. The public license API is
 * called over HTTP as a plugin client calls it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { SUBSCRIPTION_GRACE_DAYS } from '../../api/src/modules/licenses/sync-purchase-license.ts';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buySubscriptionLicense, callerFor, callLicenseApi } from './license-data.ts';
import { formatDateTime } from '../src/lib/format.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const DAY_MS = 86_400_000;
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();
/** `date` as the console shows it (formatDateTime), in the browser's own locale and time zone. */
/** `date` as the console shows it: its one formatter, in the browser's time zone. */
const shown = async (page: Page, date: Date) => formatDateTime(date, await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));

describe('subscriptions console', () => {
  test('support sees the ACTIVE subscription on the license page, cancels it at period end with a reason; the card says it ends, the license expiry moves to the period end and validate still says VALID', async () => {
    const bought = await buySubscriptionLicense(app.server);
    const { subscription } = bought;
    expect(subscription).toMatchObject({ status: 'ACTIVE', periodNumber: 1, failedRenewalAttempts: 0, cancelAtPeriodEnd: false, nextRenewalAt: subscription.currentPeriodEnd });
    expect(bought.license.expiresAt).toEqual(new Date(subscription.currentPeriodEnd.getTime() + SUBSCRIPTION_GRACE_DAYS * DAY_MS));
    const support = await app.createUser(['SUPPORT']);

    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses/${bought.license.id}`);
    const card = page.getByTestId('subscription-card');
    await card.waitFor();
    expect(await text(page, 'subscription-status')).toBe('ACTIVE'); // badges read upper-case
    expect(await text(page, 'subscription-period')).toBe(`${await shown(page, subscription.currentPeriodStart)} – ${await shown(page, subscription.currentPeriodEnd)}`);
    expect(await text(page, 'subscription-period-number')).toBe('1');
    expect(await text(page, 'subscription-next-renewal')).toBe(await shown(page, subscription.currentPeriodEnd));
    expect(await text(page, 'subscription-failed-attempts')).toBe('0');
    expect(await text(page, 'subscription-cancel-reason')).toBe('—');
    expect(await text(page, 'expires')).toBe(await shown(page, bought.license.expiresAt!));
    expect(await page.getByTestId('subscription-ends').count()).toBe(0);

    // A reason and the ticked confirmation are both required.
    await card.getByRole('button', { name: 'Cancel at period end' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel subscription at period end' });
    await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
    await dialog.getByText('Give a reason (at least 3 characters)').waitFor();
    await dialog.getByText('Tick to confirm').waitFor();
    expect(await app.server.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ cancelAtPeriodEnd: false });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer asked to stop renewing');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('subscription-ends').waitFor();
    expect(await text(page, 'subscription-ends')).toBe('ENDS AT PERIOD END');
    expect(await text(page, 'subscription-status')).toBe('ACTIVE');
    expect(await text(page, 'subscription-next-renewal')).toBe(`None: ends at period end (${await shown(page, subscription.currentPeriodEnd)})`);
    const after = await app.server.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after).toMatchObject({ status: 'ACTIVE', cancelAtPeriodEnd: true, cancelReason: 'Buyer asked to stop renewing', currentPeriodEnd: subscription.currentPeriodEnd });
    expect(await text(page, 'subscription-cancel-reason')).toBe(`Buyer asked to stop renewing ${await shown(page, after.canceledAt!)}`);
    // No grace any more: nothing will be retried, so the license ends with the paid period.
    await expect.poll(() => text(page, 'expires')).toBe(await shown(page, subscription.currentPeriodEnd));
    expect(await card.getByRole('button', { name: 'Cancel at period end' }).isDisabled()).toBe(true);
    expect(await app.server.db.prisma.auditLog.findFirst({ where: { targetId: subscription.id, action: 'subscriptions.cancel' } })).toMatchObject({ actorId: support.id, reason: 'Buyer asked to stop renewing' });

    // The buyer's key keeps working until the period end.
    const validated = await callLicenseApi(app.server.url, 'validate', { key: bought.key });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ valid: true, code: 'VALID', license: { id: bought.license.id, status: 'ACTIVE', expiresAt: subscription.currentPeriodEnd.toISOString() } });
  });

  test('finance sees the subscription and its payments on the purchase page; a cancel that another agent made first shows CONFLICT in the dialog and the card reloads', async () => {
    const bought = await buySubscriptionLicense(app.server);
    const { subscription, purchase } = bought;
    const finance = await app.createUser(['FINANCE']);
    const otherAgent = await app.createUser(['SUPPORT']);

    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto(`/transactions/${purchase.id}`);
    const card = page.getByTestId('subscription-card');
    await card.waitFor();
    expect(await text(page, 'subscription-status')).toBe('ACTIVE');
    expect(await text(page, 'subscription-period-number')).toBe('1');
    const paymentsTable = card.getByTestId('subscription-purchases');
    const payments = paymentsTable.getByRole('row').filter({ hasText: 'First payment' });
    expect((await payments.innerText()).replace(/\s+/g, ' ').trim()).toBe(`First payment ${await shown(page, purchase.createdAt)} $9.00 PAID ${await shown(page, purchase.paidAt!)} THIS PURCHASE`); // badges read upper-case
    expect(await paymentsTable.getByRole('row').count()).toBe(2); // header + the first payment (the billing table above has its own rows)

    // Someone else cancels while this page is open.
    await (await callerFor(app.server, otherAgent.id)).subscriptions.cancel({ subscriptionId: subscription.id, reason: 'Buyer wrote to support' });
    await card.getByRole('button', { name: 'Cancel at period end' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel subscription at period end' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer asked finance too');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
    await dialog.getByTestId('cancel-conflict').waitFor();
    expect(await dialog.getByTestId('cancel-conflict').innerText()).toContain('This subscription is already canceled or set to cancel');
    await dialog.getByRole('button', { name: 'Keep subscription' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('subscription-ends').waitFor();
    expect(await text(page, 'subscription-cancel-reason')).toMatch(/^Buyer wrote to support /);
    expect(await app.server.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ cancelReason: 'Buyer wrote to support' });
  });
});
