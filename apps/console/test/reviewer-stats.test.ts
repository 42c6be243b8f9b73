/**
 * The reviewer statistics page in Chromium: decisions made through the moderation services at
 * fixed times in the last two whole weeks, read as charts (bars drawn per moderator, lines,
 * queue age, reasons) and as the weekly table (counts, median, share by the due date); the
 * period picker writes ?weeks=; finance is told the page is not for its roles.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../api/src/platform/deps.ts';
import { claimSubmission } from '../../api/src/modules/moderation/claims.ts';
import { decideSubmission } from '../../api/src/modules/moderation/decide.ts';
import { startOfUtcWeek } from '../../api/src/modules/reviewer-stats/index.ts';
import { createCreator, createDecisionReason, createPlugin, createSubmission } from '../../api/test/factories.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_LABEL = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });

let app: ConsoleUnderTest;
let moderator: { id: string; email: string; name: string };
/** Monday 00:00 UTC of last week and of the week before. */
let lastWeek: Date;
let twoWeeksAgo: Date;

beforeAll(async () => {
  app = await startConsole();
  moderator = await app.createUser(['MODERATOR'], { name: 'Mona Stats' });
  const max = await app.createUser(['MODERATOR'], { name: 'Max Stats' });
  const { prisma } = app.server.db;
  const creator = await createCreator(prisma);
  const reason = await createDecisionReason(prisma, 'REJECT');
  lastWeek = new Date(startOfUtcWeek(new Date()).getTime() - 7 * DAY_MS);
  twoWeeksAgo = new Date(lastWeek.getTime() - 7 * DAY_MS);
  const at = (week: Date, hours: number) => new Date(week.getTime() + hours * HOUR_MS);

  async function decide(who: { id: string; email: string }, submittedAt: Date, decidedAt: Date, kind: 'APPROVE' | 'REJECT') {
    const plugin = await createPlugin(prisma, creator.id);
    const submission = await createSubmission(prisma, plugin, { submittedAt });
    const deps = { ...app.server.app.deps, clock: fixedClock(decidedAt) };
    const actor = { userId: who.id, email: who.email, requestId: `stats-${submission.id}`, ip: null };
    await claimSubmission(deps, { actor, submissionId: submission.id });
    await decideSubmission(deps, { actor, kind, submissionId: submission.id, version: submission.version, reasonId: kind === 'REJECT' ? reason.id : undefined, message: kind === 'REJECT' ? 'It reads the cloud metadata address.' : '' });
  }
  // Last week: 6 h and 24 h (both by the due date) by Mona, 8 days (late) by Max → median 1 d, 2 of 3 by the due date.
  await decide(moderator, at(lastWeek, 8), at(lastWeek, 14), 'APPROVE');
  await decide(moderator, at(lastWeek, 8), at(lastWeek, 32), 'APPROVE');
  await decide(max, at(twoWeeksAgo, 8), at(lastWeek, 32), 'REJECT');
  // The week before: one 2-hour approval by Mona.
  await decide(moderator, at(twoWeeksAgo, 34), at(twoWeeksAgo, 36), 'APPROVE');
  // The pending queue: two fresh submissions, one a week old.
  const plugin = await createPlugin(prisma, creator.id);
  for (const age of [HOUR_MS, 2 * HOUR_MS, 7 * DAY_MS]) await createSubmission(prisma, plugin, { submittedAt: new Date(Date.now() - age) });
}, 180_000);
afterAll(() => app?.close());

const weekRow = (page: Page, weekStart: Date) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: WEEK_LABEL.format(weekStart), exact: true }) });

describe('reviewer statistics page', () => {
  test('a moderator reads decisions per moderator, median time, share by the due date, queue age and reasons, and changes the period', async () => {
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reviewer statistics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reviewer statistics' }).waitFor();
    await expect.poll(() => page.getByText('Weeks start Monday 00:00 UTC').count()).toBe(1);

    // Charts drawn with data: stacked bars per moderator (legend names them), lines, queue age, reasons.
    const decisions = page.getByTestId('decisions-chart');
    await decisions.locator('.recharts-bar-rectangle path').first().waitFor();
    expect(await decisions.getByText('Mona Stats').count()).toBeGreaterThan(0);
    expect(await decisions.getByText('Max Stats').count()).toBeGreaterThan(0);
    expect(await decisions.locator('.recharts-bar-rectangle path').count()).toBe(3); // Mona ×2 weeks, Max ×1 week
    expect(await page.getByTestId('median-chart').locator('.recharts-line-dot, .recharts-dot').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('due-share-chart').locator('.recharts-line-curve').count()).toBe(1);
    expect(await page.getByTestId('queue-age-chart').locator('.recharts-bar-rectangle path').count()).toBe(2); // "< 1 day" and "> 5 days"
    const reasons = page.getByTestId('reasons-chart');
    expect(await reasons.locator('.recharts-bar-rectangle path').count()).toBe(1);
    expect(await reasons.getByText('Test reason').count()).toBeGreaterThan(0);

    // The weekly table: exact figures.
    expect((await weekRow(page, lastWeek).innerText()).split(/\s*\t\s*|\n/).filter(Boolean)).toEqual([WEEK_LABEL.format(lastWeek), '3', '1 d', '2 (67 %)']);
    expect((await weekRow(page, twoWeeksAgo).innerText()).split(/\s*\t\s*|\n/).filter(Boolean)).toEqual([WEEK_LABEL.format(twoWeeksAgo), '1', '2 h', '1 (100 %)']);
    expect(await page.getByRole('row').count()).toBe(1 + 8);
    await saveScreenshot(page, 'reviewer-stats');

    // The period lives in the URL.
    await page.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Last 4 weeks' }).click();
    await page.waitForURL((url) => url.searchParams.get('weeks') === '4');
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + 4);
    await page.goto('/reviewer-stats?weeks=1');
    await weekRow(page, startOfUtcWeek(new Date())).waitFor();
    await page.getByTestId('decisions-chart').getByText('No decisions in this period.').waitFor();
  });

  test('finance is told the page is not for its roles', async () => {
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reviewer statistics' }).count()).toBe(0);
    await page.goto('/reviewer-stats');
    await page.getByText('Not available to your roles').waitFor();
  });
});
