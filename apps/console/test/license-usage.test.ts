/**
 * Support resets a spent quota in a real browser over the real app: a license of a tier with a
 * hard quota of 5 reports 5 units through the public API, validate answers QUOTA_EXCEEDED; the
 * license page's "Usage this period" shows 5 of 5 used and the quota exceeded; support resets it
 * with a reason; the panel shows 0 used, the audit log keeps the reason, and validate is VALID
 * again. axe-core checks the panel and the dialog in the light and dark themes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { callLicenseApi } from '../../api/test/licenses/helpers.ts';
import { callUsage, createTieredLicense } from '../../api/test/usage/helpers.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

describe('license usage', () => {
  test('support reads a spent quota and resets it with a reason; validate is VALID again', async () => {
    const quotas = [{ metric: 'api_calls', included: 5, isHard: true, overageUnitAmount: 0 }, { metric: 'tokens', included: 1000, isHard: false, overageUnitAmount: 2 }];
    const { license, key } = await createTieredLicense(app.server.app.deps, { quotas });
    expect((await callUsage(app.server.url, { key, metric: 'api_calls', quantity: 5, idempotencyKey: randomUUID() })).body.code).toBe('VALID');
    expect((await callUsage(app.server.url, { key, metric: 'tokens', quantity: 120, idempotencyKey: randomUUID() })).body.code).toBe('VALID');
    expect((await callLicenseApi(app.server.url, 'validate', { key })).body.code).toBe('QUOTA_EXCEEDED');

    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses/${license.id}`);
    const panel = page.getByRole('region', { name: 'Usage this period' });
    await panel.waitFor();
    const calls = panel.getByTestId('usage-api_calls');
    expect(squash(await calls.innerText())).toMatch(/^api_calls HARD QUOTA EXCEEDED 5 5 0 Not billed \(hard quota\) Reset quota$/);
    expect(squash(await panel.getByTestId('usage-tokens').innerText())).toMatch(/^tokens SOFT 1,000 120 880 None Reset quota$/);
    await panel.getByRole('progressbar', { name: 'api_calls: 5 of 5 used' }).waitFor();
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="license-usage"]'])).toEqual([]);

    await calls.getByRole('button', { name: 'Reset quota of api_calls' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the api_calls quota' });
    await dialog.getByRole('button', { name: 'Reset quota' }).click();
    await dialog.getByText('Give a reason (at least 5 characters)').waitFor();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Our outage double-counted calls, ticket #9021');
    expect(await findSeriousViolationsInBothThemes(page, ['[role="dialog"]'])).toEqual([]);
    await dialog.getByRole('button', { name: 'Reset quota' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(async () => squash(await panel.getByTestId('usage-api_calls-used').innerText())).toBe('0');
    expect(squash(await calls.innerText())).toMatch(/^api_calls HARD Reset 1× this period, last .+ 5 0 5 Not billed \(hard quota\) Reset quota$/);
    const audit = await app.server.db.prisma.auditLog.findFirstOrThrow({ where: { targetId: license.id, action: 'licenses.resetQuota' } });
    expect(audit).toMatchObject({ actorId: support.id, reason: 'Our outage double-counted calls, ticket #9021' });
    expect(await app.server.db.prisma.usageRecord.count({ where: { licenseId: license.id } })).toBe(2);
    expect((await callLicenseApi(app.server.url, 'validate', { key })).body).toMatchObject({ valid: true, code: 'VALID' });
  });
});
