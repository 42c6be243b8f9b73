/**
 * The buyer-review queue in the console: a moderator opens it, moves to a held review with the
 * keyboard and claims it (c), opens it (Enter), sees the leaked key marked in the text, hides the
 * review with the "Leaked secret" canned reason (h), and the database, queue and audit log follow.
 * A stale page gets the conflict dialog. Both pages pass axe in both themes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedReviewModerationReasons } from '../../../prisma/seed/review-moderation-reasons.ts';
import { insertReview } from '../../api/test/reviews/helpers.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { createCreatorWithPlugins } from './moderation-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
  await seedReviewModerationReasons(app.server.db.prisma);
});
afterAll(() => app?.close());

const LEAKED_KEY = 'ghp_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';

describe('buyer reviews', () => {
  test('a moderator claims a held review with the keyboard and hides it for its leaked key with a canned reason', async () => {
    const { prisma } = app.server.db;
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    // Older reviews of other queues come first; the held one is third in its plugin's queue.
    await insertReview(prisma, plugin!, { signals: ['LINK'], body: 'See https://example.com/alternative for a better one.', queuedAt: minutesAgo(300) });
    await insertReview(prisma, plugin!, { reports: 1, body: 'Spammy text.', queuedAt: minutesAgo(200) });
    const held = await insertReview(prisma, plugin!, {
      status: 'HELD', signals: ['SECRET'], rating: 2, queuedAt: minutesAgo(100),
      body: `Stopped working after the update. Here is my config, token ${LEAKED_KEY}, please help.`,
    });
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Buyer reviews' }).click();
    await page.getByRole('heading', { name: 'Buyer reviews', level: 1 }).waitFor();
    await page.goto(`/moderation/buyer-reviews?plugin=${plugin!.id}`);
    const rows = page.locator('tbody tr');
    await rows.nth(2).getByText(LEAKED_KEY, { exact: false }).waitFor();
    expect(await findSeriousViolationsInBothThemes(page, ['main'])).toEqual([]);

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.locator('tr[data-cursor="true"]').getByText('Stopped working').waitFor();
    await page.keyboard.press('c');
    await page.getByText('Claimed', { exact: true }).first().waitFor();
    await page.locator('tr[data-cursor="true"]').getByText('You', { exact: true }).waitFor();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: `Review of ${plugin!.name}` }).waitFor();
    await page.getByText('Claimed by you').waitFor();
    expect(await page.locator('mark[data-signal="SECRET"]').innerText()).toBe(LEAKED_KEY);
    await page.keyboard.press('h');
    await page.getByRole('radio', { name: 'Hide (h)' }).isChecked().then((isChecked) => expect(isChecked).toBe(true));
    await page.getByRole('combobox', { name: 'Reason' }).fill('Leaked');
    await page.getByRole('option', { name: 'Leaked secret' }).click();
    expect(await page.getByRole('textbox', { name: 'Message to the author and the creator' }).inputValue()).toMatch(/credential/);
    expect(await findSeriousViolationsInBothThemes(page, ['main'])).toEqual([]);
    await saveScreenshot(page, 'buyer-review');
    await page.getByRole('button', { name: 'Hide review' }).click();
    await page.getByText('Decision recorded').waitFor();

    const stored = await prisma.review.findUniqueOrThrow({ where: { id: held.id }, select: { status: true, queuedAt: true, version: true } });
    expect(stored).toEqual({ status: 'HIDDEN', queuedAt: null, version: 2 });
    expect(await prisma.auditLog.count({ where: { targetId: held.id, action: 'reviews.hide', actorId: moderator.id, reason: 'Leaked secret' } })).toBe(1);
    await page.getByRole('link', { name: 'Buyer reviews' }).first().click();
    await page.getByRole('heading', { name: 'Buyer reviews', level: 1 }).waitFor();
    await page.goto(`/moderation/buyer-reviews?plugin=${plugin!.id}`);
    await rows.nth(1).waitFor();
    await page.getByText('Spammy text.').waitFor();
    expect(await rows.count()).toBe(2);
  });

  test('a claim made while the tab still loads shows on its row at once, not at the next 15 s refresh', async () => {
    const { prisma } = app.server.db;
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    await insertReview(prisma, plugin!, { status: 'HELD', signals: ['SECRET'], body: `My key is ${LEAKED_KEY}.`, queuedAt: new Date(Date.now() - 60_000) });
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/moderation/buyer-reviews?plugin=${plugin!.id}`);
    await page.locator('tr[data-cursor="true"]').getByText('Unclaimed').waitFor();
    // The Held tab's first answer is read now, before the claim, and delivered only after it:
    // the list a slow server gives while a moderator acts on the previous tab's rows.
    let deliver!: () => void;
    const claimed = new Promise<void>((resolve) => { deliver = resolve; });
    let heldRequests = 0;
    await page.route((url) => url.pathname.includes('reviewQueue.list') && decodeURIComponent(url.search).includes('"tab":"held"'), async (route) => {
      heldRequests += 1;
      if (heldRequests > 1) return route.continue();
      const response = await route.fetch();
      await claimed;
      return route.fulfill({ response });
    });
    await page.getByRole('tab', { name: /Held/ }).click();
    await expect.poll(() => heldRequests).toBe(1);
    // The previous tab's rows stay on screen meanwhile; "c" claims the one under the cursor.
    await page.keyboard.press('c');
    await page.getByText('Claimed', { exact: true }).first().waitFor();
    deliver();
    await page.locator('tr[data-cursor="true"]').getByText('You', { exact: true }).waitFor({ timeout: 8_000 });
    expect(heldRequests).toBe(2);
  });

  test('a decision on a stale page is refused with the conflict dialog; reloading shows the review as it is now', async () => {
    const { prisma } = app.server.db;
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    const review = await insertReview(prisma, plugin!, { signals: ['LANGUAGE'], body: 'Rubbish plugin.' });
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/moderation/buyer-reviews/${review.id}`);
    await page.getByRole('heading', { name: `Review of ${plugin!.name}` }).waitFor();
    // Someone else decided meanwhile.
    await prisma.review.update({ where: { id: review.id }, data: { version: 2, status: 'HIDDEN', queuedAt: null } });
    await page.getByRole('button', { name: 'Keep review' }).click();
    const dialog = page.getByRole('dialog', { name: 'This review changed since you opened it' });
    await dialog.getByText(/version 1, now 2/).waitFor();
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/Not in the queue \(hidden\)/).waitFor();
  });
});
