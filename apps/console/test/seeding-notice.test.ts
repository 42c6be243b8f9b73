/**
 * The "still seeding" notice in Chromium: while the app's seed tracker holds a phase, a signed-in
 * user sees it above the page as a polite status with the phase and its percent, following the
 * seed; once the seed is cleared the notice goes away and the console stops asking. With no seed
 * running at sign-in it never shows and is asked once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SeedStatusTracker } from '../../api/src/platform/seed-status.ts';
import { findSeriousViolations } from './axe.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

/** Longer than the notice's 5 s poll: a poll due in this time would have been sent. */
const LONGER_THAN_A_POLL_MS = 6_500;

let app: ConsoleUnderTest;
let seedStatus: SeedStatusTracker;
beforeAll(async () => {
  app = await startConsole();
  seedStatus = app.server.app.deps.seedStatus!;
});
afterAll(() => app?.close());

/** Counts the page's requests asking seeding.status (alone or batched with others). */
function countStatusRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.url().includes('seeding.status')) seen.count += 1;
  });
  return seen;
}

describe('seeding notice', () => {
  test('shows the running phase and its percent, follows the seed, and goes away when it ends', async () => {
    seedStatus.report({ phase: 'purchases, refunds, disputes, payouts', done: 468, total: 1_200 });
    try {
      const finance = await app.createUser(['FINANCE']);
      const page = await app.openPage();
      await signIn(page, finance.email);
      const notice = page.getByTestId('seeding-notice');
      await expect.poll(() => notice.innerText()).toBe('Demo data is still being seeded — purchases, refunds, disputes, payouts: 39 %. Finance figures fill in as it goes.');
      expect(await notice.getAttribute('role')).toBe('status');
      expect(await notice.getAttribute('aria-live')).toBe('polite');
      expect(await findSeriousViolations(page, '[data-testid="seeding-notice"]')).toEqual([]);
      await saveScreenshot(page, 'seeding-notice');

      seedStatus.report({ phase: 'ratings and reviews', done: 150, total: 300 });
      await expect.poll(() => notice.innerText()).toContain('ratings and reviews: 50 %');

      seedStatus.clear();
      await notice.waitFor({ state: 'detached' });
      const asked = countStatusRequests(page);
      await page.waitForTimeout(LONGER_THAN_A_POLL_MS);
      expect(asked.count).toBe(0);
    } finally {
      seedStatus.clear();
    }
  });

  test('with no seed running it does not show, and is not asked again', async () => {
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    const asked = countStatusRequests(page);
    await signIn(page, moderator.email);
    await expect.poll(() => asked.count).toBe(1);
    await page.waitForTimeout(LONGER_THAN_A_POLL_MS);
    expect(asked.count).toBe(1);
    expect(await page.getByTestId('seeding-notice').count()).toBe(0);
  });
});
