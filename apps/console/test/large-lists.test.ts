/**
 * Lists with 10,000 rows behind them stay small in the page: the audit log (keyset "Load more")
 * and staff accounts (pages from the API) render one page of rows at a time, and paging
 * reaches later rows. The rows are made with SQL, not through the API, to keep the test fast.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';

const ROWS = 10_000;
/** Far above any page size the console asks for (50 audit entries, at most 100 accounts). */
const MAX_DOM_ROWS = 200;
/** Five digits, so that text matches are exact ("row-00150" is not a prefix of another). */
const pad = (n: number) => String(n).padStart(5, '0');

let app: ConsoleUnderTest;
let page: Page;
beforeAll(async () => {
  app = await startConsole();
  const admin = await app.createUser(['ADMIN']);
  // row-00001 is the newest entry; the audit log lists newest first.
  await app.server.db.query(`
    INSERT INTO "AuditLog" ("occurredAt", "actorEmail", action, "targetType", "targetId", "requestId")
    SELECT now() - (g || ' seconds')::interval, 'bulk@example.test', 'perf.bulk', 'Row', 'row-' || lpad(g::text, 5, '0'), 'req-' || g
      FROM generate_series(1, ${ROWS}) AS g`);
  await app.server.db.query(`
    INSERT INTO "User" (id, email, name, "passwordHash", roles, "updatedAt")
    SELECT 'bulk-' || g, 'bulk-' || lpad(g::text, 5, '0') || '@many.test', 'Bulk ' || lpad(g::text, 5, '0'), 'not-a-hash', ARRAY['SUPPORT']::"Role"[], now()
      FROM generate_series(1, ${ROWS}) AS g`);
  page = await app.openPage();
  await signIn(page, admin.email);
});
afterAll(() => app?.close());

const bodyRows = (p: Page) => p.locator('table tbody tr');
const rowOf = (p: Page, text: string) => p.getByRole('row').filter({ hasText: text });

describe('lists over 10,000 rows', () => {
  test('the audit log shows 50 entries at a time and Load more reaches the next ones', async () => {
    await page.goto('/audit-log?action=perf.bulk');
    await rowOf(page, 'row-00001').waitFor();
    expect(await bodyRows(page).count()).toBe(50);

    for (const last of [100, 150]) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await rowOf(page, `row-${pad(last)}`).waitFor();
      expect(await bodyRows(page).count()).toBe(last);
    }
    expect(await bodyRows(page).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    // Entries keep their order across pages: newest first, no gaps, no repeats.
    const targets = await page.locator('table tbody tr td:nth-child(4)').allInnerTexts();
    expect(targets.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(Array.from({ length: 150 }, (_, i) => `Row row-${pad(i + 1)}`));
    await expect(page.getByText(/End of the log/).count()).resolves.toBe(0);
  });

  test('staff accounts page through 10,000 accounts 100 at a time, up to the last page', async () => {
    await page.goto('/staff-accounts?search=%40many.test&pageSize=100');
    await rowOf(page, 'bulk-00001@many.test').waitFor();
    await page.getByText(`1–100 of ${ROWS}`).waitFor();
    expect(await bodyRows(page).count()).toBe(100);

    await page.getByRole('button', { name: '2', exact: true }).click();
    await rowOf(page, 'bulk-00200@many.test').waitFor();
    await page.getByText(`101–200 of ${ROWS}`).waitFor();
    expect(await bodyRows(page).count()).toBe(100);

    await page.goto(`/staff-accounts?search=%40many.test&pageSize=100&page=${ROWS / 100}`);
    await rowOf(page, 'bulk-10000@many.test').waitFor();
    await page.getByText(`9901–10000 of ${ROWS}`).waitFor();
    expect(await bodyRows(page).count()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    expect(await rowOf(page, 'bulk-09900@many.test').count()).toBe(0);
  });
});
