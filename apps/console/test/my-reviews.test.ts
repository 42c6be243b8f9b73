/**
 * Reviews in the console: a creator reads their plugin's rating and reviews (a held one shown as
 * held, without its text), replies to one (an empty reply is refused under the field before
 * anything is sent), and the reply is in the database and on the page; reports another review to
 * the moderators; staff read a plugin's reviews on its page. Both pass axe in both themes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { createCreatorWithPlugins } from './moderation-data.ts';
import { insertReview } from '../../api/test/reviews/helpers.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('my reviews', () => {
  test('a creator reads their plugin\'s reviews and replies to one', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1, creatorUser.id);
    const { prisma } = app.server.db;
    const praised = await insertReview(prisma, plugin!, { rating: 5, body: 'Saved me hours every week.', createdAt: minutesAgo(30) });
    const critical = await insertReview(prisma, plugin!, { rating: 2, body: 'Crashes on large files. Buy my fork instead!', createdAt: minutesAgo(20) });
    const held = await insertReview(prisma, plugin!, { rating: 1, status: 'HELD', signals: ['SECRET'], body: 'My key ghp_1234567890abcdefghijklmnopqrstuvwxyzAB does not work', createdAt: minutesAgo(10) });

    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
    await page.getByTestId('rating-count').getByText('2').waitFor();
    expect(await page.getByTestId('rating-average').innerText()).toBe('3.50');
    await page.getByTestId('ratings-chart').waitFor();
    const heldCard = page.getByTestId(`review-${held.id}`);
    await heldCard.getByText('Held for moderation', { exact: true }).waitFor();
    expect(await page.getByTestId('review-list').innerText()).not.toContain('ghp_');
    expect(await page.getByTestId('review-list').innerText()).not.toContain(praised.buyerEmail);

    const card = page.getByTestId(`review-${praised.id}`);
    await card.getByText('Saved me hours every week.').waitFor();
    await card.getByRole('button', { name: 'Reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reply to the review' });
    await dialog.getByRole('button', { name: 'Publish reply' }).click();
    await dialog.getByText('Write a reply').waitFor();
    expect(await prisma.reviewReply.count({ where: { reviewId: praised.id } })).toBe(0);
    await dialog.getByRole('textbox', { name: 'Your reply' }).fill('Thank you! More in 2.0.');
    await dialog.getByRole('button', { name: 'Publish reply' }).click();
    await card.getByTestId('review-reply').getByText('Thank you! More in 2.0.').waitFor();
    expect(await prisma.reviewReply.findUnique({ where: { reviewId: praised.id }, select: { body: true, authorId: true } })).toEqual({ body: 'Thank you! More in 2.0.', authorId: creatorUser.id });
    await card.getByRole('button', { name: 'Edit reply' }).waitFor();

    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Reporting the other review sends it to the moderators (reviewReports.report).
    await page.getByTestId(`review-${critical.id}`).getByRole('button', { name: 'Report' }).click();
    const report = page.getByRole('dialog', { name: 'Report the review to the moderators' });
    await report.getByRole('textbox', { name: 'Note' }).fill('Advertises another product.');
    await report.getByRole('button', { name: 'Report' }).click();
    await report.waitFor({ state: 'detached' });
    expect(await prisma.reviewReport.findMany({ where: { reviewId: critical.id }, select: { reason: true, note: true, reporterUserId: true } })).toEqual([{ reason: 'SPAM', note: 'Advertises another product.', reporterUserId: creatorUser.id }]);

    expect(await findSeriousViolationsInBothThemes(page, ['main'])).toEqual([]);
    await saveScreenshot(page, 'creator-reviews');
  });

  test('staff read a plugin\'s reviews on its page: status, signals, open reports and the creator\'s reply', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1, creatorUser.id);
    const { prisma } = app.server.db;
    const answered = await insertReview(prisma, plugin!, { rating: 4, body: 'Good, a few rough edges.', reports: 1, createdAt: minutesAgo(20) });
    await prisma.reviewReply.create({ data: { reviewId: answered.id, authorId: creatorUser.id, body: 'Smoothed in 1.3.' } });
    const held = await insertReview(prisma, plugin!, { rating: 1, status: 'HELD', signals: ['PERSONAL_DATA'], body: 'Call me on +1 555 0100', createdAt: minutesAgo(10) });
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/plugins/${plugin!.id}`);
    const list = page.getByTestId('plugin-reviews');
    await list.getByTestId(`plugin-review-${held.id}`).getByText('personal data').waitFor();
    const answeredCard = list.getByTestId(`plugin-review-${answered.id}`);
    await answeredCard.getByText('Smoothed in 1.3.').waitFor();
    expect((await answeredCard.innerText()).toLowerCase()).toContain('1 open report');
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="plugin-reviews"]'])).toEqual([]);
  });
});
