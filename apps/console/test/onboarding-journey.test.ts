/**
 * A new creator sets up payouts: their Stripe account is restricted (finance sees it on
 * "Restricted creators", buyers are refused), they open "Set up payouts", follow the Account Link
 * to the Stripe emulator's hosted onboarding page, submit it, come back to the console, which
 * re-reads the account, and see payouts enabled; then their plugin can be bought.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConnectedAccount } from '../../api/src/modules/payments/create-purchase.ts';
import { contextFor, createCaller } from '../../api/test/harness.ts';
import { createSeller } from '../../api/test/money/helpers.ts';
import { saveScreenshot, signIn, startConsole, waitForNetworkQuiet, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

async function tryToBuy(pluginId: string): Promise<number> {
  const response = await fetch(`${app.server.url}/v1/purchases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pluginId, buyerEmail: 'buyer@example.com', paymentMethod: 'pm_card_visa' }) });
  return response.status;
}

describe('creator onboarding through an Account Link', () => {
  it('a restricted creator sets up payouts on Stripe\'s hosted page and comes back with payouts enabled', async () => {
    const { deps } = app.server.app;
    const seller = await createSeller(app.server.db.prisma, { priceAmount: 1500 });
    // The creator's Express account exists (as after a first attempt) and Stripe has told us it is restricted.
    await ensureConnectedAccount(deps, { creatorId: seller.creator.id });
    await createCaller(await contextFor(deps, seller.user)).connect.refresh();
    expect(await tryToBuy(seller.plugin.id)).toBe(409);

    // Finance sees the creator among the restricted ones, with Stripe's reason.
    const finance = await app.createUser(['FINANCE']);
    const financePage = await app.openPage();
    await signIn(financePage, finance.email);
    await financePage.getByRole('navigation').getByRole('link', { name: 'Restricted creators' }).click();
    const row = financePage.getByRole('row').filter({ hasText: seller.creator.slug });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/requirements\.past_due[\s\S]*external_account/);
    await saveScreenshot(financePage, 'restricted-creators');

    // The creator opens "Set up payouts": restricted, with what Stripe still needs.
    const page = await app.openPage();
    await signIn(page, seller.user.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Set up payouts' }).click();
    await page.getByText('Your Stripe account is restricted').waitFor();
    expect(await page.getByRole('list', { name: 'Requirements due' }).innerText()).toMatch(/external_account[\s\S]*tos_acceptance\.date/);
    await saveScreenshot(page, 'payout-setup-restricted');

    // Off to Stripe's (the emulator's) hosted onboarding, and back.
    await page.getByRole('button', { name: 'Continue setup with Stripe' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${deps.stripe!.emulatorUrl}/_emulator/onboarding/`));
    await page.getByRole('heading', { name: 'Set up payouts' }).waitFor();
    await page.getByLabel('First name').fill('Ada');
    await page.getByRole('button', { name: 'Agree and submit' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${app.server.url}/payouts-setup`));
    await page.getByText('Payouts enabled').waitFor();
    expect(await page.getByTestId('payout-setup-status').innerText()).not.toMatch(/Not enabled/);
    await page.waitForURL(`${app.server.url}/payouts-setup`);
    await saveScreenshot(page, 'payout-setup-enabled');

    expect(await app.server.db.prisma.creatorAccount.findUniqueOrThrow({ where: { id: seller.creator.id } })).toMatchObject({ transfersCapability: 'active', payoutsEnabled: true, requirementsCurrentlyDue: [] });
    expect(await tryToBuy(seller.plugin.id)).toBe(201);
  });

  it('coming back while the page\'s first status read is still on its way, the re-read account stays on screen', async () => {
    const { deps } = app.server.app;
    const seller = await createSeller(app.server.db.prisma, { priceAmount: 1500 });
    await ensureConnectedAccount(deps, { creatorId: seller.creator.id });
    await createCaller(await contextFor(deps, seller.user)).connect.refresh();
    const page = await app.openPage();
    await signIn(page, seller.user.email);
    await page.goto('/payouts-setup');
    await page.getByRole('button', { name: 'Continue setup with Stripe' }).click();
    await page.getByLabel('First name').fill('Ada');
    // Back on the console, the status is read (still restricted) before the re-read at Stripe is sent,
    // and that old answer is delivered only after the re-read's: a slow server's order of answers.
    let statusRead!: () => void;
    const statusWasRead = new Promise<void>((resolve) => { statusRead = resolve; });
    const refreshed = page.waitForResponse((response) => response.url().includes('connect.refresh'));
    let heldStatus = 0;
    await page.route((url) => url.pathname.includes('connect.status'), async (route) => {
      heldStatus += 1;
      if (heldStatus > 1) return route.continue();
      const response = await route.fetch();
      statusRead();
      await refreshed;
      // Cancelled by the page meanwhile (as it should be): the request is gone, nothing to answer.
      return route.fulfill({ response }).catch(() => undefined);
    });
    await page.route((url) => url.pathname.includes('connect.refresh'), async (route) => {
      await statusWasRead;
      return route.continue();
    });
    await page.getByRole('button', { name: 'Agree and submit' }).click();
    await page.waitForURL(`${app.server.url}/payouts-setup`);
    await refreshed;
    expect(heldStatus).toBe(1);
    await waitForNetworkQuiet(page);
    await expect.poll(() => page.getByTestId('payout-setup-status').innerText()).toMatch(/Payouts enabled/);
    expect(await page.getByTestId('payout-setup-status').innerText()).not.toMatch(/restricted|Not enabled/);
  });
});
