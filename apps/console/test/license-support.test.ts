/**
 * Support's day with a license in a real browser over the real app: finds it by part of the
 * buyer's email and by the code its validations answered, reads in the validation log why the
 * plugin says invalid (TOO_MANY_MACHINES rows, with the machine, the client's network and plugin
 * version), issues a replacement license and sees its new key once, which the public license API
 * then answers VALID; the two licenses link to each other; bulk reinstate answers per license.
 * axe-core checks the new parts of the page in the light and dark themes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyLicense, callLicenseApi } from './license-data.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** No serious or critical axe violation inside `selectors`, in the light and the dark theme. */
async function expectAccessible(page: Page, selectors: string[]) {
  expect(await findSeriousViolationsInBothThemes(page, selectors)).toEqual([]);
}

describe('license support', () => {
  test('support finds a license by part of the email, reads why its validations fail, issues a replacement and sees the new key', async () => {
    const bought = await buyLicense(app.server);
    const agent = { 'user-agent': 'acme-lint/2.4.1 node/22.1.0' };
    for (const fingerprint of ['fp-studio', 'fp-laptop', 'fp-build']) {
      expect((await callLicenseApi(app.server.url, 'activate', { key: bought.key, fingerprint, name: `Machine ${fingerprint}` }, agent)).body.code).toBe('VALID');
    }
    for (let i = 0; i < 2; i += 1) {
      expect((await callLicenseApi(app.server.url, 'activate', { key: bought.key, fingerprint: 'fp-new-desktop' }, agent)).body.code).toBe('TOO_MANY_MACHINES');
    }
    expect((await callLicenseApi(app.server.url, 'validate', { key: bought.key, fingerprint: 'fp-new-desktop', pluginVersion: '2.4.2' }, agent)).body.code).toBe('FINGERPRINT_SCOPE_MISMATCH');
    await expect.poll(() => app.server.db.prisma.licenseValidation.count({ where: { licenseId: bought.license.id } }), { timeout: 10_000 }).toBe(6);

    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);

    // Part of the email: the middle of the local part, in capitals, no "@".
    const part = bought.buyerEmail.slice(3, 12).toUpperCase();
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('textbox', { name: 'Search licenses' }).fill(part);
    await page.waitForURL((url) => url.searchParams.get('q') === part);
    const row = page.getByRole('row').filter({ hasText: bought.buyerEmail });
    await row.waitFor();
    expect(await page.getByRole('row').count()).toBe(2); // header + the one match
    await page.getByTestId('matched-by').getByText('Matched by plugin name or part of the buyer email').waitFor();

    // The link another page gives: licenses that answered TOO_MANY_MACHINES in the last 24 h.
    await page.goto('/licenses?validationCode=TOO_MANY_MACHINES');
    await page.getByRole('row').filter({ hasText: bought.buyerEmail }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Answered in the last 24 h' }).inputValue()).toBe('TOO_MANY_MACHINES');
    await page.getByRole('row').filter({ hasText: bought.buyerEmail }).getByRole('link', { name: bought.buyerEmail }).click();
    await page.waitForURL(`**/licenses/${bought.license.id}`);

    const log = page.getByTestId('validations-log');
    await log.getByRole('row').filter({ hasText: 'FINGERPRINT_SCOPE_MISMATCH' }).waitFor();
    const rows = (await log.locator('tbody tr').allInnerTexts()).map(squash);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/UTC FINGERPRINT_SCOPE_MISMATCH Refused: this machine is not activated on the license .* Not an activated machine fp-new-desktop 127\.0\.0\.0\/24 Plugin 2\.4\.2 acme-lint\/2\.4\.1 node\/22\.1\.0$/);
    expect(rows[1]).toMatch(/UTC TOO_MANY_MACHINES Activation refused: every machine slot was taken\. 3 of 3 machines in use now; free one or raise the limit\. Not an activated machine fp-new-desktop 127\.0\.0\.0\/24 Plugin 2\.4\.1 /);
    expect(rows[5]).toMatch(/ VALID Accepted: .* Machine fp-studio fp-studio 127\.0\.0\.0\/24 Plugin 2\.4\.1 /);
    // The whole client address is never shown (nor stored).
    expect(rows.join(' ')).not.toContain('127.0.0.1');

    await log.getByRole('combobox', { name: 'Code' }).click();
    await page.getByRole('option', { name: 'TOO_MANY_MACHINES' }).click();
    await page.waitForURL((url) => url.searchParams.get('code') === 'TOO_MANY_MACHINES');
    await expect.poll(async () => (await log.locator('tbody tr').allInnerTexts()).map((r) => squash(r).split(' ').find((w) => /^[A-Z_]{5,}$/.test(w)))).toEqual(['TOO_MANY_MACHINES', 'TOO_MANY_MACHINES']);
    await page.getByTestId('validations-chart').waitFor(); // the per-day chart stays
    await expectAccessible(page, ['[data-testid="validations-log"]']);
    await saveScreenshot(page, 'license-validations');

    // Issue a replacement: the new key is shown once, with a copy button.
    await page.getByRole('button', { name: 'Issue replacement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue replacement license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer reinstalled every machine; old key leaked, ticket #5120');
    await dialog.getByRole('button', { name: 'Issue replacement' }).click();
    await dialog.getByTestId('replacement-issued').waitFor();
    const newKey = squash(await dialog.getByTestId('replacement-key').innerText());
    expect(newKey).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(newKey).not.toBe(bought.key);
    await dialog.getByRole('button', { name: 'Copy the new key' }).waitFor();
    await expectAccessible(page, ['[role="dialog"]']);

    const fresh = await callLicenseApi(app.server.url, 'validate', { key: newKey });
    expect(fresh.body).toMatchObject({ valid: true, code: 'VALID', license: { pluginId: bought.plugin.id, status: 'ACTIVE', maxMachines: 3, machines: 0 } });
    expect((await callLicenseApi(app.server.url, 'validate', { key: bought.key })).body.code).toBe('REVOKED');
    const newId = fresh.body.license!.id;

    await dialog.getByRole('link', { name: 'Open the new license' }).click();
    await page.waitForURL(`**/licenses/${newId}`);
    await page.getByTestId('replacement-links').getByText(`Replaces ${bought.license.id} (revoked)`).waitFor();
    expect(squash(await page.getByTestId('license-key').innerText())).toBe(newKey);
    await page.getByTestId('replacement-links').getByRole('link', { name: bought.license.id }).click();
    await page.waitForURL(`**/licenses/${bought.license.id}`);
    await page.getByTestId('replacement-links').getByText(`Replaced by ${newId}`).waitFor();
    expect(await page.getByRole('button', { name: 'Issue replacement' }).isDisabled()).toBe(true);
    expect(squash(await page.getByTestId('history-entry').first().innerText())).toMatch(/^Replaced .*Buyer reinstalled every machine; old key leaked, ticket #5120$/);
    await expectAccessible(page, ['[data-testid="replacement-links"]']);
  });

  test('bulk reinstate: the suspended licenses become active, the others are answered one by one', async () => {
    const first = await buyLicense(app.server);
    const second = await buyLicense(app.server);
    const support = await app.createUser(['SUPPORT']);
    await app.server.db.prisma.license.update({ where: { id: first.license.id }, data: { status: 'SUSPENDED', statusReason: 'Chargeback investigation' } });
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses?q=${encodeURIComponent('@example.com')}`);
    for (const bought of [first, second]) {
      await page.getByRole('checkbox', { name: `Select license of ${bought.buyerEmail} for ${bought.plugin.name}` }).check();
    }
    await page.getByRole('button', { name: 'Reinstate selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reinstate licenses' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Bank confirmed the payments');
    await dialog.getByRole('button', { name: 'Reinstate 2' }).click();
    await dialog.getByText('Now active').first().waitFor();
    const text = squash(await dialog.innerText());
    expect(text).toContain('Now active');
    expect(text).toMatch(/active: it cannot be reinstated/);
    expect((await callLicenseApi(app.server.url, 'validate', { key: first.key })).body.code).toBe('VALID');
    expect((await app.server.db.prisma.license.findUniqueOrThrow({ where: { id: second.license.id } })).status).toBe('ACTIVE');
  });
});
