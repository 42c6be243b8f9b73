import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../../api/test/harness.ts';
import { buildPackage, manifestOf } from '../../api/test/packages.ts';
import { drainScans } from '../../api/src/modules/moderation/scan-jobs.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { claimSubmission } from '../../api/src/modules/moderation/claims.ts';
import { decideSubmission } from '../../api/src/modules/moderation/decide.ts';
import { createSubmission } from '../../api/test/factories.ts';
import { createCreatorWithPlugins } from './moderation-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('my submissions', () => {
  test('a creator uploads a real .tgz, submits it and follows it to its quality report', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const { plugins: [, plugin] } = await createCreatorWithPlugins(app.server, 2, creatorUser.id);
    const tgz = await buildPackage({
      'package.json': manifestOf(plugin!.name, '2.0.0', { scripts: { test: 'node --test' } }),
      'README.md': `# ${plugin!.name}\n\nGreets people.\n`,
      'index.js': "'use strict';\nmodule.exports = (name) => `Hello, ${name}`;\n",
    });
    const notAPackage = path.join(tempDir(), 'notes.tgz');
    await writeFile(notAPackage, 'these are notes, not a gzipped tarball\n');

    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    await page.getByRole('navigation').getByRole('link', { name: 'My submissions' }).click();
    await page.getByText('You have not submitted any version yet').waitFor();
    await page.getByRole('link', { name: 'Submit a new version' }).click();

    const fileInput = page.locator('input[type="file"]');
    await fileInput.setInputFiles(notAPackage);
    await page.getByText(/The upload is not a readable \.tgz package/).waitFor();
    await page.getByTestId('request-id').waitFor();
    expect(await page.getByRole('button', { name: 'Submit for review' }).isDisabled()).toBe(true);

    await fileInput.setInputFiles(tgz);
    await page.getByTestId('uploaded-package').getByText(`${plugin!.name}@2.0.0`).waitFor();
    // The plugin named like the package is chosen for the creator.
    expect(await page.getByRole('combobox', { name: 'Plugin' }).inputValue()).toBe(plugin!.name);
    await saveScreenshot(page, 'new-submission');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    await page.waitForURL(/\/my-submissions\/(?!new)[\w-]+$/);
    await page.getByRole('heading', { name: `${plugin!.name}@2.0.0` }).waitFor();
    await page.getByTestId('submission-status').getByText('Pending review').waitFor();
    const submissionId = page.url().split('/').pop()!;
    const stored = await app.server.db.prisma.submission.findUniqueOrThrow({ where: { id: submissionId } });
    expect(stored.creatorId).toBe(plugin!.creatorId);

    // The scanner (no workers in tests) reads the package; the open page picks the report up.
    await drainScans(app.server.app.deps, { workerId: 'console-test' });
    await page.getByTestId('score-breakdown').waitFor();
    await page.getByRole('table', { name: 'Package files' }).getByText('index.js').waitFor();

    await page.getByRole('link', { name: 'My submissions' }).first().click();
    expect(await page.getByRole('row').filter({ hasText: `${plugin!.name}@2.0.0` }).innerText()).toMatch(/Pending review[\s\S]*Waiting for review/i);
  });

  test('a creator reads a change request and replies; the submission goes back to the queue', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const moderator = await app.createUser(['MODERATOR']);
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1, creatorUser.id);
    const submission = await createSubmission(app.server.db.prisma, plugin!, { qualityScore: 70 });
    const actor = { userId: moderator.id, email: moderator.email, requestId: 'test', ip: null };
    await claimSubmission(app.server.app.deps, { actor, submissionId: submission.id });
    await decideSubmission(app.server.app.deps, { actor, kind: 'REQUEST_CHANGES', submissionId: submission.id, version: 1, message: 'Please add a CHANGELOG.' });

    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    await page.goto('/my-submissions?status=CHANGES_REQUESTED');
    const row = page.getByRole('row').filter({ hasText: plugin!.name });
    expect(await row.innerText()).toMatch(/Changes requested[\s\S]*Please add a CHANGELOG\./i);
    await row.click();
    await page.getByTestId('last-decision').getByText('Please add a CHANGELOG.').waitFor();
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Write a reply to the moderator').waitFor();
    await page.getByRole('textbox', { name: 'Reply' }).fill('Added CHANGELOG.md in 1.0.1.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('submission-status').getByText('Pending review').waitFor();
    await page.getByTestId('history').getByText('Added CHANGELOG.md in 1.0.1.').waitFor();
    const stored = await app.server.db.prisma.submission.findUniqueOrThrow({ where: { id: submission.id } });
    expect(stored.queueReasons).toContain('CREATOR_REPLY');
  });
});
