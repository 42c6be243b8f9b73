/**
 * Support and a trial license in a real browser over the real app: a trial started through
 * `POST /v1/trials` shows its Trial panel (status, end, not extended); the Extend trial dialog
 * refuses a missing reason with the shared schema's message, then extends by 3 days; once the
 * trial has converted (the renewal job charged the saved card), the panel says Converted and
 * offers no extension. axe-core checks the
 * panel and the dialog in the light and dark themes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renewDueSubscriptions } from '../../api/src/modules/subscriptions/subscriptions.ts';
import { settle } from '../../api/test/money/helpers.ts';
import { createTrialPlugin, postTrial } from '../../api/test/trials/helpers.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { asMoneyServer } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('license trial', () => {
  test('support extends an active trial with a reason; a converted trial offers no extension', async () => {
    const money = asMoneyServer(app.server);
    const { plugin } = await createTrialPlugin(money, { trialDays: 14, priceAmount: 1200 });
    const started = await postTrial(app.server, { pluginId: plugin.id, tier: 'pro', buyerEmail: `trial-${randomUUID().slice(0, 8)}@example.com`, fingerprint: `laptop-${randomUUID()}`, paymentMethod: 'pm_card_visa' });
    expect(started.status).toBe(201);
    const licenseId = started.body.licenseId!;

    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses/${licenseId}`);
    const panel = page.getByRole('region', { name: 'Trial of Pro' });
    await panel.getByTestId('trial-status').getByText('Active').waitFor();
    expect(await panel.getByTestId('trial-extended').innerText()).toBe('Not extended');
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="license-trial"]'])).toEqual([]);

    await panel.getByRole('button', { name: 'Extend trial' }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend trial' });
    await dialog.getByRole('textbox', { name: 'Days to add' }).fill('3');
    await dialog.getByRole('button', { name: 'Extend trial' }).click();
    await dialog.getByText('Give a reason (at least 5 characters)').waitFor();
    expect(await findSeriousViolationsInBothThemes(page, ['[role="dialog"]'])).toEqual([]);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Onboarding call moved by a week');
    await dialog.getByRole('button', { name: 'Extend trial' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByTestId('trial-extended').getByText('3 days').waitFor();
    const trial = await app.server.db.prisma.trial.findUniqueOrThrow({ where: { licenseId } });
    expect(trial).toMatchObject({ extendedDays: 3, status: 'ACTIVE' });

    // The renewal job charges the saved card at the (new) end: converted, no extension any more.
    await renewDueSubscriptions(app.server.app.deps, { at: new Date(trial.endsAt.getTime() + 60_000) });
    await settle(money);
    await page.reload();
    await panel.getByTestId('trial-status').getByText('Converted').waitFor();
    expect(await panel.getByRole('button', { name: 'Extend trial' }).count()).toBe(0);

  });
});
