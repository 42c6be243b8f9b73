import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyLicense, callerFor, callLicenseApi, waitForValidationCount } from './license-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const validate = (key: string, extra: Record<string, string> = {}) => callLicenseApi(app.server.url, 'validate', { key, ...extra });
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

/** Opens the license page and waits until it shows `status`. */
async function expectStatus(page: Page, status: string) {
  await page.getByTestId('license-status').getByText(status, { exact: true }).waitFor();
  expect(await text(page, 'license-status')).toBe(status);
}

/** Fills the action dialog's reason (and revocation confirmation) and submits it. */
async function submitAction(page: Page, action: 'Suspend' | 'Reinstate' | 'Revoke', reason: string) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `${action} license` });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  if (action === 'Revoke') await dialog.getByRole('textbox', { name: 'Type REVOKE to confirm' }).fill('REVOKE');
  await dialog.getByRole('button', { name: `${action} license` }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('licenses console', () => {
  test('support pastes a key, opens the license, revokes it with a reason and a typed confirmation; the public API says REVOKED at once and the history shows it', async () => {
    const bought = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    const before = await validate(bought.key);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ valid: true, code: 'VALID', license: { id: bought.license.id, status: 'ACTIVE', machines: 0, maxMachines: 3 } });
    await waitForValidationCount(app.server, bought.license.id, 1);

    const page = await app.openPage();
    await signIn(page, support.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('textbox', { name: 'Search licenses' }).fill(bought.key);
    // The key is a credential: the URL keeps its key id (jti), never the key.
    await page.waitForURL((url) => url.searchParams.get('q') === bought.license.keyId);
    expect(page.url()).not.toContain(bought.key.split('.')[1]);
    const row = page.getByRole('row').filter({ hasText: bought.buyerEmail });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`${bought.plugin.name} ACTIVE Never 0 / 3 `)); // badges read upper-case
    expect(await page.getByRole('row').count()).toBe(2); // header + the one match
    await row.getByRole('link', { name: bought.buyerEmail }).click();
    await page.waitForURL(`**/licenses/${bought.license.id}`);

    await expectStatus(page, 'Active');
    expect(await text(page, 'entitlements')).toBe('plugin.use plugin.updates');
    expect(await text(page, 'machine-limit')).toBe('3');
    expect(await text(page, 'expires')).toBe('Never');
    // Support may not read finance: the purchase is its id, not a link, with what was paid.
    // The purchase's status is its badge (PurchaseStatusBadge, drawn in capitals) after the amount and date.
    expect(await text(page, 'purchase')).toMatch(new RegExp(`^${bought.purchaseId} \\$15\\.00 · paid .+ Paid$`, 'i'));
    expect(await page.getByTestId('purchase').getByRole('link').count()).toBe(0);
    expect(await text(page, 'validations-total')).toBe('1 in total');
    expect(await text(page, 'license-key')).toBe(bought.key);
    expect(await page.getByRole('button', { name: 'Reinstate', exact: true }).isDisabled()).toBe(true);

    // Revoking asks for a reason and the typed word; either missing shows on its field.
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('no');
    await dialog.getByRole('button', { name: 'Revoke license' }).click();
    await dialog.getByText('Give a reason (at least 3 characters)').waitFor();
    await dialog.getByText('Type REVOKE to confirm', { exact: true }).last().waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Reason' }).getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('textbox', { name: 'Type REVOKE to confirm' }).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Key posted on a public forum');
    await dialog.getByRole('textbox', { name: 'Type REVOKE to confirm' }).fill('REVOKE');
    await dialog.getByRole('button', { name: 'Revoke license' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectStatus(page, 'Revoked');
    expect(await text(page, 'status-change')).toMatch(new RegExp(`^Key posted on a public forum ${support.email} · `));

    // The very next validation of the key reports the revocation, with its reason.
    const after = await validate(bought.key);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      valid: false, code: 'REVOKED', detail: "This license has been revoked. Contact the seller's support",
      license: { id: bought.license.id, pluginId: bought.plugin.id, status: 'REVOKED' },
    });

    const latest = page.getByTestId('history-entry').first();
    expect((await latest.innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`^Revoked ${support.email} · .* · ACTIVE → REVOKED Key posted on a public forum$`));
    const issued = page.getByTestId('history-entry').last();
    expect((await issued.innerText()).replace(/\s+/g, ' ')).toContain(`Issued system:payments`);
    for (const action of ['Suspend', 'Reinstate', 'Revoke']) expect(await page.getByRole('button', { name: action, exact: true }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'license-revoked');
  });

  test('suspend → SUSPENDED on the next call, reinstate → VALID; a stale page\'s action is refused with the reason and the page catches up', async () => {
    const bought = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses?q=${encodeURIComponent(bought.buyerEmail)}`);
    await page.getByTestId('matched-by').getByText('Matched by part of the buyer email').waitFor();
    await page.getByRole('row').filter({ hasText: bought.buyerEmail }).getByRole('link', { name: bought.buyerEmail }).click();
    await expectStatus(page, 'Active');

    await submitAction(page, 'Suspend', 'Chargeback under investigation');
    await expectStatus(page, 'Suspended');
    expect((await validate(bought.key)).body).toMatchObject({ valid: false, code: 'SUSPENDED', detail: "This license is suspended. Contact the seller's support" });

    await submitAction(page, 'Reinstate', 'Bank confirmed the payment');
    await expectStatus(page, 'Active');
    expect((await validate(bought.key)).body).toMatchObject({ valid: true, code: 'VALID', license: { status: 'ACTIVE' } });
    const history = (await page.getByTestId('history-entry').allInnerTexts()).map((entry) => entry.replace(/\s+/g, ' '));
    expect(history.map((entry) => entry.split(' ')[0])).toEqual(['Reinstated', 'Suspended', 'Issued']);
    expect(history[0]).toMatch(/SUSPENDED → ACTIVE Bank confirmed the payment$/);
    expect(history[1]).toMatch(/ACTIVE → SUSPENDED Chargeback under investigation$/);

    // Someone else revokes it meanwhile; this page still offers Suspend.
    const other = await app.createUser(['SUPPORT']);
    await (await callerFor(app.server, other.id)).licenses.revoke({ id: bought.license.id, reason: 'Duplicate license' });
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Abuse report');
    await dialog.getByRole('button', { name: 'Suspend license' }).click();
    const conflict = dialog.getByTestId('action-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain(`License ${bought.license.id} is revoked: it cannot be suspended`);
    await saveScreenshot(page, 'license-action-conflict');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expectStatus(page, 'Revoked');
    expect(await text(page, 'status-change')).toMatch(new RegExp(`^Duplicate license ${other.email} · `));
  });

  test('a machine activated through /v1/licenses/activate shows with its fingerprint; support frees its slot and the machine is no longer activated', async () => {
    const bought = await buyLicense(app.server);
    const activated = await callLicenseApi(app.server.url, 'activate', { key: bought.key, fingerprint: 'fp-studio-mac-01', name: 'Studio Mac' });
    expect(activated.status).toBe(201);
    expect(activated.body).toMatchObject({ valid: true, code: 'VALID', license: { machines: 1, maxMachines: 3 } });
    expect((await validate(bought.key, { fingerprint: 'fp-studio-mac-01' })).body.code).toBe('VALID');

    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses?q=${bought.license.id}`);
    const row = page.getByRole('row').filter({ hasText: bought.buyerEmail });
    expect(await row.getByTestId('activations-count').innerText()).toBe('1 / 3');
    await row.click();
    await page.waitForURL(`**/licenses/${bought.license.id}`);
    expect(await text(page, 'machines-used')).toBe('1 of 3 machine slots used');
    const machine = page.getByTestId('activations').getByRole('row').filter({ hasText: 'fp-studio-mac-01' });
    expect((await machine.innerText()).replace(/\s+/g, ' ')).toMatch(/^fp-studio-mac-01 Studio Mac .* this minute ACTIVE Free slot$/);

    await machine.getByRole('button', { name: 'Free the slot of Studio Mac' }).click();
    const dialog = page.getByRole('dialog', { name: 'Free this machine slot' });
    await dialog.getByRole('button', { name: 'Free slot' }).click();
    await dialog.getByText('Give a reason (at least 3 characters)').waitFor();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer replaced the laptop');
    await dialog.getByRole('button', { name: 'Free slot' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('machines-used').getByText('0 of 3 machine slots used').waitFor();
    expect(await machine.getByRole('button').count()).toBe(0);
    expect(await machine.getByText('Active', { exact: true }).count()).toBe(0);

    expect((await validate(bought.key, { fingerprint: 'fp-studio-mac-01' })).body).toMatchObject({ valid: false, code: 'NO_MACHINE', license: { machines: 0 } });
    expect((await page.getByTestId('history-entry').first().innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`^Machine slot freed ${support.email} · .* Buyer replaced the laptop$`));
    await saveScreenshot(page, 'license-machine-freed');
  });

  test('bulk suspend over a selection answers per license: one done, one refused because it was already suspended', async () => {
    const first = await buyLicense(app.server);
    const second = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    await (await callerFor(app.server, support.id)).licenses.suspend({ id: second.license.id, reason: 'Earlier report' });
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto('/licenses');
    for (const bought of [first, second]) {
      await page.getByRole('checkbox', { name: `Select license of ${bought.buyerEmail} for ${bought.plugin.name}` }).check();
    }
    await page.getByTestId('selection-bar').getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Suspend selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend licenses' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Fraud ring');
    await dialog.getByRole('button', { name: 'Suspend 2' }).click();
    const results = dialog.getByTestId('bulk-results');
    await results.waitFor();
    const rows = (await results.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    // In the table's order (newest issued first); badges read upper-case.
    expect(rows).toEqual([
      `${second.buyerEmail} ${second.plugin.name} REFUSED Now suspended License ${second.license.id} is suspended: it cannot be suspended`,
      `${first.buyerEmail} ${first.plugin.name} DONE Now suspended`,
    ]);
    await saveScreenshot(page, 'licenses-bulk-results');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect((await validate(first.key)).body).toMatchObject({ code: 'SUSPENDED', detail: "This license is suspended. Contact the seller's support" });
    expect((await validate(second.key)).body).toMatchObject({ code: 'SUSPENDED', detail: "This license is suspended. Contact the seller's support" });

    // The plugin filter from a row, kept in the URL with the status filter.
    await page.getByRole('button', { name: `Show only ${first.plugin.name}` }).click();
    await page.waitForURL((url) => url.searchParams.get('plugin') === first.plugin.id);
    await page.getByRole('button', { name: "Show every plugin's licenses" }).getByText(`Plugin: ${first.plugin.name}`).waitFor();
    await page.goto(`/licenses?plugin=${first.plugin.id}&status=ACTIVE`);
    await page.getByText('No license matches this search').waitFor();
    await page.goto(`/licenses?plugin=${first.plugin.id}&status=SUSPENDED`);
    await page.getByRole('row').filter({ hasText: first.buyerEmail }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
  });

  test('a viewer who may read finance (admin) gets the purchase as a link to its finance page', async () => {
    const bought = await buyLicense(app.server);
    const admin = await app.createUser(['ADMIN']);
    const page = await app.openPage();
    await signIn(page, admin.email);
    await page.goto(`/licenses?q=${bought.purchaseId}`);
    await page.getByRole('row').filter({ hasText: bought.buyerEmail }).getByRole('link', { name: bought.buyerEmail }).click();
    await page.getByTestId('purchase').getByRole('link', { name: bought.purchaseId }).click();
    await page.waitForURL(`**/transactions/${bought.purchaseId}`);
    expect(await page.getByTestId('purchase-amount').innerText()).toBe('$15.00');
  });

  test('an unknown license id is the not-found page', async () => {
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto('/licenses/no-such-license');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
