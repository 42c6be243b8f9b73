/**
 * Tier change in the console: a monthly plugin with free / pro / enterprise tiers bought through
 * POST /v1/purchases and paid in the Stripe emulator; support opens the license, reads the tier
 * and the proration credit on the subscription card, upgrades (the dialog previews the charge
 * with the shared proration rule; the emulator charges it) and downgrades (the preview names the
 * credit for the next renewal, which the card then shows). axe-core finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMoney } from '@marketdesk/shared';
import { settle, type MoneyServer } from '../../api/test/money/helpers.ts';
import { subscribeToTier } from '../../api/test/subscriptions/helpers.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
let money: MoneyServer;
beforeAll(async () => {
  app = await startConsole();
  money = { ...app.server, stripe: app.server.app.deps.stripe!.stripe, prisma: app.server.app.deps.prisma };
});
afterAll(() => app?.close());

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

describe('tier change', () => {
  test('support upgrades (charged now, the preview’s amount) and downgrades (credited to the next renewal) from the license page', async () => {
    const { subscription, tiers, customer } = await subscribeToTier(money, 'pro');
    const license = await money.prisma.license.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses/${license.id}`);
    const billing = page.getByTestId('subscription-billing');
    await billing.waitFor();
    expect(await text(page, 'subscription-tier')).toBe('PRO');
    expect(await text(page, 'subscription-proration-credit')).toBe(formatMoney(0, 'usd'));

    // Upgrade: the preview names the charge; the card follows once the emulator charged it.
    await billing.getByRole('button', { name: 'Change tier…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change tier' });
    await dialog.getByRole('button', { name: 'Change tier', exact: true }).click();
    await dialog.getByText('Give a reason (at least 3 characters)').waitFor();
    await dialog.getByRole('combobox', { name: 'New tier' }).click();
    await page.getByRole('option', { name: /^Enterprise/ }).click();
    const upgradePreview = await text(page, 'change-tier-preview');
    expect(upgradePreview).toMatch(/^Charged now \$\d+\.\d\d on the saved card/);
    expect(await findSeriousViolationsInBothThemes(page, ['[role="dialog"]'])).toEqual([]);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer needs SSO');
    await dialog.getByRole('button', { name: 'Change tier', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => text(page, 'subscription-tier')).toBe('ENTERPRISE');
    await settle(money);
    const upgrade = await money.prisma.purchase.findFirstOrThrow({ where: { subscriptionId: subscription.id, tierId: tiers.enterprise.id } });
    // The amount previewed a moment before is what the emulator charged (the same rule; a second apart at most a cent).
    const previewed = Math.round(Number(/\$(\d+\.\d\d)/.exec(upgradePreview)![1]) * 100);
    expect(Math.abs(upgrade.amount - previewed)).toBeLessThanOrEqual(1);
    expect((await money.stripe.charges.list({ customer })).data.map((c) => c.amount)).toContain(upgrade.amount);
    expect((await money.prisma.license.findUniqueOrThrow({ where: { id: license.id } })).tierId).toBe(tiers.enterprise.id);

    // Downgrade: the preview names the credit; the card shows it.
    await billing.getByRole('button', { name: 'Change tier…' }).click();
    await dialog.getByRole('combobox', { name: 'New tier' }).click();
    await page.getByRole('option', { name: /^Pro/ }).click();
    expect(await text(page, 'change-tier-preview')).toMatch(/^Credited to the next renewal \$\d+\.\d\d; the license changes now/);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Back to Pro');
    await dialog.getByRole('button', { name: 'Change tier', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => text(page, 'subscription-tier')).toBe('PRO');
    const after = await money.prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(after.prorationCreditAmount).toBeGreaterThan(0);
    await expect.poll(() => text(page, 'subscription-proration-credit')).toBe(formatMoney(after.prorationCreditAmount, 'usd'));
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="subscription-billing"]'])).toEqual([]);
  });
});
