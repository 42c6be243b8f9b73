/**
 * A moderator reviews a new version against the last approved one: the Changes tab's tree and
 * diff (unified and split) with the scanner's findings on their lines, the Files tab opened at a
 * finding's line from the quality report, axe on both tabs in both themes, and an approval that
 * asks for an override reason because of a critical finding, shown afterwards in the history.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { CLEAN_FILES, createCreatorWithPlugins, createScannedSubmission, RISKY_FILES } from './moderation-data.ts';

const DAY_MS = 24 * 3600 * 1000;

let app: ConsoleUnderTest;
let moderator: { id: string; email: string; name: string };
beforeAll(async () => {
  app = await startConsole();
  moderator = await app.createUser(['MODERATOR'], { name: 'Rita Reviewer' });
}, 120_000);
afterAll(() => app?.close());

/** A plugin whose version 1 (clean) was approved ten days ago and whose new version (risky) waits for review. */
async function approvedThenRisky() {
  const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
  const approved = await createScannedSubmission(app.server, plugin!, CLEAN_FILES, { submittedAt: new Date(Date.now() - 10 * DAY_MS) });
  await app.server.db.prisma.submission.update({ where: { id: approved.id }, data: { status: 'APPROVED', decidedAt: new Date(Date.now() - 9 * DAY_MS) } });
  const pending = await createScannedSubmission(app.server, plugin!, RISKY_FILES);
  return { plugin: plugin!, approved, pending };
}

/** No serious or critical axe violation inside the open tab panel in either theme (the highlighter's theme follows); a dark screenshot of it. */
async function expectAccessibleInBothThemes(page: Page, name: string) {
  const found = await findSeriousViolationsInBothThemes(page, ['[role="tabpanel"]'], async (scheme) => {
    if (scheme === 'dark') await saveScreenshot(page, `${name}-dark`);
  });
  expect(found).toEqual([]);
}

describe('review: files, changes and override', () => {
  test('a moderator opens a new version\'s Changes tab, reads a finding on its line, and approves with an override reason', async () => {
    const { approved, pending } = await approvedThenRisky();
    expect(pending.hasCriticalFindings).toBe(true);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/queue/${pending.id}`);
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'changes');

    // Compared with the approved version; index.js changed, README.md and package.json too, index.d.ts removed.
    expect(await page.getByTestId('diff-base').innerText()).toContain(`Compared with ${approved.pluginVersion.version}, the last approved version`);
    const tree = page.getByRole('tree', { name: 'Changed files' });
    expect(await tree.getByRole('treeitem').filter({ hasText: 'index.d.ts' }).innerText()).toMatch(/removed/i);
    expect(await tree.getByRole('treeitem').filter({ hasText: 'index.js' }).innerText()).toMatch(/changed/i);
    await tree.getByRole('treeitem').filter({ hasText: 'index.js' }).click();
    const diff = page.getByTestId('file-diff');
    await diff.locator('.diff-code-insert').filter({ hasText: 'eval(expression)' }).waitFor();
    expect(await diff.locator('.diff-code-delete').filter({ hasText: 'return a + b;' }).count()).toBe(1);
    // The eval finding sits right under its inserted line (line 2 of the new file).
    const evalNote = diff.getByTestId('line-finding').filter({ hasText: 'security/eval' });
    await evalNote.waitFor();
    expect(await evalNote.getAttribute('data-line')).toBe('2');
    expect(await evalNote.innerText()).toMatch(/HIGH[\s\S]*eval/);
    await diff.getByTestId('line-finding').filter({ hasText: 'CRITICAL' }).first().waitFor();
    await saveScreenshot(page, 'review-changes-unified');
    await expectAccessibleInBothThemes(page, 'review-changes-unified');

    await page.getByRole('radiogroup', { name: 'Diff view' }).getByText('Split').click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'split');
    await diff.locator('table.diff-split').waitFor();
    await diff.getByTestId('line-finding').filter({ hasText: 'security/eval' }).waitFor();
    await saveScreenshot(page, 'review-changes-split');

    // From the report, a finding's location opens the Files tab at its line, highlighted, with the finding under it.
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.getByRole('button', { name: /^Show index\.js:2:\d+ in the file$/ }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'files' && url.searchParams.get('line') === '2');
    const source = page.getByRole('region', { name: 'Source of index.js' });
    await source.getByTestId('line-finding').filter({ hasText: 'security/eval' }).waitFor();
    expect(await source.locator('[data-line-number="2"]').getAttribute('data-current')).toBe('true');
    // Prism's tokens: highlighted, not plain text.
    expect(await source.locator('[data-line-number="2"] .token').count()).toBeGreaterThan(3);
    await saveScreenshot(page, 'review-files');
    await expectAccessibleInBothThemes(page, 'review-files');

    // Approve: the critical finding asks for an override reason.
    await page.getByTestId('decision-panel').getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Claimed by you').waitFor();
    await page.getByTestId('critical-override-note').waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Approve and publish/ });
    await dialog.getByTestId('override-warning').waitFor();
    await dialog.getByRole('button', { name: 'Approve and publish' }).click();
    await dialog.getByText('Say why this is safe to approve (at least 10 characters)').waitFor();
    const overrideReason = 'The metadata call is the documented cloud-detection feature; eval reads only the plugin config.';
    await dialog.getByRole('textbox', { name: 'Override reason' }).fill(overrideReason);
    await dialog.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByTestId('submission-status').getByText('Approved').waitFor();
    expect(await page.getByTestId('history').getByTestId('override-reason').innerText()).toContain(overrideReason);
    const decision = await app.server.db.prisma.reviewDecision.findFirstOrThrow({ where: { submissionId: pending.id }, select: { overrideReason: true } });
    expect(decision.overrideReason).toBe(overrideReason);
  }, 120_000);

  test('a bulk approval warns about, and refuses, the submission with a critical finding', async () => {
    const { creator, plugins: [risky, clean] } = await createCreatorWithPlugins(app.server, 2);
    await createScannedSubmission(app.server, risky!, RISKY_FILES);
    await createScannedSubmission(app.server, clean!, CLEAN_FILES);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/queue?creator=${creator.id}`);
    const rowOf = (name: string) => page.getByRole('row').filter({ hasText: name });
    await rowOf(risky!.name).getByRole('checkbox').click();
    await rowOf(clean!.name).getByRole('checkbox').click();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('bulk-critical-warning').innerText()).toMatch(/One of them has a critical finding/);
    await dialog.getByRole('button', { name: 'Approve 2' }).click();
    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    expect(await results.getByRole('row').filter({ hasText: risky!.name }).innerText()).toMatch(/Refused[\s\S]*override reason/i);
    expect(await results.getByRole('row').filter({ hasText: clean!.name }).innerText()).toMatch(/Done/i);
  }, 60_000);

  test('a first version says there is nothing to compare with', async () => {
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    const first = await createScannedSubmission(app.server, plugin!, CLEAN_FILES);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/queue/${first.id}?tab=changes`);
    expect(await page.getByTestId('no-base').innerText()).toMatch(/Nothing of .* was approved before this version[\s\S]*Files tab is the review/);
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('tree', { name: 'Package files' }).getByRole('treeitem').filter({ hasText: 'index.d.ts' }).click();
    await page.getByRole('region', { name: 'Source of index.d.ts' }).getByText('export default function add').waitFor();
  }, 60_000);
});
