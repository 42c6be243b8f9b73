/**
 * Reputation pages in Chromium: staff open a plugin page (rating score, mean, distribution bars,
 * ratings-over-time chart, creator link) and a creator page (score, closer-look badge and
 * reasons, components explained, plugins with ratings linking back), figures planted in the
 * database; the submission review page shows moderators the "Creator record" card; finance reads
 * the creator page; support (no reputation.read) is told the creator page is not for its roles.
 * Axe in both themes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCreator, createPlugin, createSubmission } from '../../api/test/factories.ts';
import { insertReview } from '../../api/test/reviews/helpers.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

const DAY_MS = 86_400_000;
let app: ConsoleUnderTest;
let creator: { id: string; displayName: string };
let plugin: { id: string; name: string; creatorId: string };
let submissionId: string;

beforeAll(async () => {
  app = await startConsole();
  const { prisma } = app.server.db;
  creator = await createCreator(prisma);
  plugin = await createPlugin(prisma, creator.id);
  const lastMonth = new Date(Date.now() - 35 * DAY_MS);
  for (const rating of [5, 5, 5, 4]) await insertReview(prisma, plugin, { rating });
  for (const rating of [4, 3]) await insertReview(prisma, plugin, { rating, createdAt: lastMonth });
  const other = await createPlugin(prisma, (await createCreator(prisma)).id);
  for (const rating of [2, 2]) await insertReview(prisma, other, { rating });
  // A submission with a critical finding 10 days ago: the creator gets a closer look.
  submissionId = (await createSubmission(prisma, plugin, { submittedAt: new Date(Date.now() - 10 * DAY_MS), hasCriticalFindings: true, qualityScore: 40 })).id;
}, 180_000);
afterAll(() => app?.close());

describe('reputation pages', () => {
  test('a moderator reads a plugin\'s rating and its creator\'s record, both accessible in both themes', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/plugins/${plugin.id}`);
    await page.getByRole('heading', { level: 1, name: plugin.name }).waitFor();
    // Prior: 30 stars over 8 reviews = 3.75; score (10·3.75 + 26) / 16 = 3.97; mean 26 / 6 = 4.33.
    expect(await page.getByTestId('rating-score').innerText()).toBe('3.97');
    expect(await page.getByTestId('rating-average').innerText()).toBe('Mean 4.33 of 5 from 6 published reviews');
    expect(await page.getByTestId('stars-5').innerText()).toBe('3 (50 %)');
    expect(await page.getByTestId('stars-4').innerText()).toBe('2 (33 %)');
    expect(await page.getByTestId('stars-1').innerText()).toBe('0 (0 %)');
    expect(await page.getByTestId('plugin-pricing-model').innerText()).toMatch(/one-time purchase/i);
    const chart = page.getByTestId('ratings-over-time');
    await chart.locator('.recharts-bar-rectangle path').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle path').count()).toBe(2); // this month and last
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
    await saveScreenshot(page, 'reputation-plugin');

    await page.getByTestId('plugin-creator').click();
    await page.getByRole('heading', { level: 1, name: creator.displayName }).waitFor();
    await page.getByTestId('closer-look').waitFor();
    expect(await page.getByTestId('closer-look-reasons').innerText()).toMatch(/1 submission with a critical finding in the last 90 days/);
    // 6 reviews, weighted Bayesian 3.97 → 35·2.97/4 = 26 points; the other components lack data (neutral: 75 % of 20, 20, 15, 10).
    expect(await page.getByTestId('component-ratings').innerText()).toMatch(/Plugins rate 3\.97 of 5/);
    expect(await page.getByTestId('component-refunds').innerText()).toMatch(/Not enough data: 6 paid purchases \(20 needed\)/);
    expect(await page.getByTestId('reputation-score').innerText()).toBe(String(Math.round(26 + 15 + 15 + 11.3 + 7.5)));
    await page.getByTestId('creator-plugins').getByRole('link', { name: plugin.name }).waitFor();
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
    await saveScreenshot(page, 'reputation-creator');
  });

  test('the submission review page shows moderators the creator record with the closer-look badge', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/queue/${submissionId}`);
    const card = page.getByTestId('creator-record');
    await card.getByTestId('closer-look').waitFor();
    await page.getByTestId('submission-creator-link').waitFor();
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
    await card.getByRole('link', { name: 'Creator page' }).click();
    await page.getByRole('heading', { level: 1, name: creator.displayName }).waitFor();
  });

  test('finance finds the creator record through the command palette; support is told the page is not for its roles', async () => {
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Search the console' }).fill('creator record');
    await page.getByRole('dialog').getByRole('button', { name: /Open creator record…/ }).click();
    await page.getByRole('textbox', { name: 'The creator: part of their name or slug' }).fill(creator.displayName);
    await page.getByRole('dialog').getByRole('button', { name: new RegExp(creator.displayName) }).click();
    await page.waitForURL((url) => url.pathname === `/creators/${creator.id}`);
    await page.getByTestId('closer-look').waitFor();
    const support = await app.createUser(['SUPPORT']);
    const other = await app.openPage();
    await signIn(other, support.email);
    await other.goto(`/creators/${creator.id}`);
    await other.getByText('Not available to your roles').waitFor();
  });
});
