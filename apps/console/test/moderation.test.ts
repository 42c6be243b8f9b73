import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claimSubmission } from '../../api/src/modules/moderation/claims.ts';
import { createSubmission } from '../../api/test/factories.ts';
import { pickReason, saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { CLEAN_FILES, createCreatorWithPlugins, createRejectReason, createScannedSubmission, OVERDUE_SUBMITTED_AT, RISKY_FILES } from './moderation-data.ts';

let app: ConsoleUnderTest;
let moderator: { id: string; email: string; name: string };
beforeAll(async () => {
  app = await startConsole();
  moderator = await app.createUser(['MODERATOR'], { name: 'Mona Moderator' });
});
afterAll(() => app?.close());

const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const cursorRow = (page: Page) => page.locator('tr[aria-current="true"]');

/** Closes the toasts (or lets them time out) so that screenshots show the page under them. */
async function dismissNotifications(page: Page) {
  const closeButtons = page.locator('.mantine-Notification-closeButton');
  for (const button of await closeButtons.all()) await button.click({ force: true, timeout: 2000 }).catch(() => undefined); // it may be leaving already
  await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 10_000 }).toBe(0);
}

async function signedInModeratorPage() {
  const page = await app.openPage();
  await signIn(page, moderator.email);
  return page;
}

describe('review queue', () => {
  test('a moderator filters to overdue critical submissions, claims one by keyboard, reads its finding and rejects it; the creator sees why', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const { plugins: [risky, clean, fresh] } = await createCreatorWithPlugins(app.server, 3, creatorUser.id);
    const overdueRisky = await createScannedSubmission(app.server, risky!, RISKY_FILES, { submittedAt: OVERDUE_SUBMITTED_AT() });
    await createScannedSubmission(app.server, clean!, CLEAN_FILES, { submittedAt: OVERDUE_SUBMITTED_AT() });
    await createScannedSubmission(app.server, fresh!, RISKY_FILES);
    expect(overdueRisky.hasCriticalFindings).toBe(true);
    const reason = await createRejectReason(app.server);

    const page = await signedInModeratorPage();
    await page.getByRole('navigation').getByRole('link', { name: 'Review queue' }).click();
    await rowOf(page, clean!.name).waitFor();
    await saveScreenshot(page, 'review-queue');
    await page.getByRole('tab', { name: /Overdue/ }).click();
    await page.waitForURL((url) => url.searchParams.get('due') === 'overdue');
    await page.getByRole('combobox', { name: 'Critical findings' }).click();
    await page.getByRole('option', { name: 'Has critical findings' }).click();
    await page.waitForURL((url) => url.searchParams.get('critical') === 'yes');
    await page.reload();
    await rowOf(page, risky!.name).waitFor();
    expect(await rowOf(page, clean!.name).count()).toBe(0);
    expect(await rowOf(page, fresh!.name).count()).toBe(0);
    expect(await rowOf(page, risky!.name).innerText()).toMatch(/Overdue/);
    await rowOf(page, risky!.name).getByRole('img', { name: 'Critical findings' }).waitFor();

    // j/k move the keyboard position, c claims, o opens.
    for (let i = 0; i < 20 && !(await cursorRow(page).innerText()).includes(risky!.name); i += 1) await page.keyboard.press('j');
    await page.keyboard.press('c');
    await rowOf(page, risky!.name).getByText('You', { exact: true }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Claim').waitFor();
    await page.keyboard.press('Escape');
    await dismissNotifications(page);
    await saveScreenshot(page, 'review-queue-filtered');
    await page.keyboard.press('o');

    await page.waitForURL(`**/queue/${overdueRisky.id}`);
    const evalFinding = page.getByTestId('finding').filter({ hasText: 'security/eval' });
    expect(await evalFinding.innerText()).toMatch(/index\.js:2:\d+[\s\S]*eval\(expression\)/);
    await page.getByTestId('finding').filter({ hasText: '169.254.169.254' }).first().waitFor();
    await page.getByText('Claimed by you').waitFor();
    expect(await page.getByTestId('claim-countdown').innerText()).toMatch(/^(9|10):\d\d$/);
    await page.getByTestId('score-breakdown').locator('.recharts-bar-rectangle').first().waitFor();
    await dismissNotifications(page);
    await saveScreenshot(page, 'review-submission');

    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: /Reject/ });
    await pickReason(page, dialog, reason.label, 12);
    const message = dialog.getByRole('textbox', { name: 'Message to the creator' });
    await expect.poll(() => message.inputValue()).toBe(reason.cannedResponse);
    await message.fill(`${reason.cannedResponse} Remove the call and resubmit.`);
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByTestId('submission-status').getByText('Rejected').waitFor();
    await page.getByTestId('history').getByText(reason.label).waitFor();

    const creatorPage = await app.openPage();
    await signIn(creatorPage, creatorUser.email);
    await creatorPage.getByRole('navigation').getByRole('link', { name: 'My submissions' }).click();
    const row = rowOf(creatorPage, risky!.name);
    expect(await row.innerText()).toMatch(/Rejected[\s\S]*Remove the call and resubmit\./);
    await row.click();
    expect(await creatorPage.getByTestId('last-decision').innerText()).toContain('Remove the call and resubmit.');
    await creatorPage.mouse.move(0, 0);
    await saveScreenshot(creatorPage, 'my-submission-rejected');
  });

  test('a decision from a stale page is refused with the conflict dialog, and applies after a reload', async () => {
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    const submission = await createScannedSubmission(app.server, plugin!, CLEAN_FILES);
    const page = await signedInModeratorPage();
    await page.goto(`/queue/${submission.id}`);
    await page.getByTestId('decision-panel').getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Claimed by you').waitFor();

    // Meanwhile the submission changes (as a creator's reply or another decision would do).
    await app.server.db.prisma.submission.update({ where: { id: submission.id }, data: { version: { increment: 1 } } });
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and publish' }).click();
    const conflict = page.getByRole('dialog', { name: 'This submission changed since you opened it' });
    await conflict.getByText('version 1, now 2').waitFor();
    await dismissNotifications(page);
    await saveScreenshot(page, 'review-conflict');
    expect((await app.server.db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).status).toBe('PENDING');

    await conflict.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'detached' });
    await page.keyboard.press('a');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByTestId('submission-status').getByText('Approved').waitFor();
  });

  test('bulk approve over a selection shows a result per submission', async () => {
    const { creator, plugins } = await createCreatorWithPlugins(app.server, 3);
    const submissions = [];
    for (const plugin of plugins) submissions.push(await createSubmission(app.server.db.prisma, plugin, { qualityScore: 90 }));
    const otherModerator = await app.createUser(['MODERATOR'], { name: 'Otto Other' });
    await claimSubmission(app.server.app.deps, { actor: { userId: otherModerator.id, email: otherModerator.email, requestId: 'test', ip: null }, submissionId: submissions[1]!.id });

    const page = await signedInModeratorPage();
    await page.goto(`/queue?creator=${creator.id}`);
    await rowOf(page, plugins[2]!.name).waitFor();
    expect(await rowOf(page, 'Otto Other').count()).toBe(1);
    // A click on a checkbox, then the keyboard (a focused checkbox does not swallow the keys).
    await rowOf(page, plugins[0]!.name).getByRole('checkbox').click();
    for (const key of ['j', 'x', 'j', 'x']) await page.keyboard.press(key);
    await page.getByTestId('selection-bar').getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve 3' }).click();

    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    expect(await page.getByRole('dialog').getByText('2 done, 1 refused').count()).toBe(1);
    expect(await results.getByRole('row').filter({ hasText: plugins[1]!.name }).innerText()).toMatch(/Refused[\s\S]*Claimed by Otto Other/i);
    for (const plugin of [plugins[0]!, plugins[2]!]) expect(await results.getByRole('row').filter({ hasText: plugin.name }).innerText()).toMatch(/Done/i);
    await saveScreenshot(page, 'review-bulk-results');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The approved two have left the pending queue; the one Otto holds stays.
    const queueRows = page.getByRole('main').getByRole('row');
    expect(await queueRows.filter({ hasText: plugins[0]!.name }).count()).toBe(0);
    expect(await queueRows.filter({ hasText: plugins[1]!.name }).count()).toBe(1);
  });
});
