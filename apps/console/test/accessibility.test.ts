/**
 * axe-core on every main page of the console, in the light and the dark theme, with data in the
 * lists: every CONSOLE_AREAS route (read from the data, so a new page is checked as it lands) as
 * an admin holding every staff role and as a creator, the pages opened from them (a purchase, a
 * license, a submission under review, the creator's submission and earnings), and the sign-in page.
 * Fails listing each serious or critical violation: rule, impact, target, summary.
 *
 * axe is injected with `page.evaluate(source)`: DevTools' evaluation is not subject to the page's
 * Content-Security-Policy (script-src 'self'), so production's policy stays as it is.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasPermission, type Role } from '@marketdesk/shared';
import { CONSOLE_AREAS, listAreasFor } from '../src/console-areas.ts';
import { COLOR_SCHEMES, findSeriousViolations, showColorScheme } from './axe.ts';
import { signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyAndSettle, createSellerWithPlugin } from './money-data.ts';
import { CLEAN_FILES, createRejectReason, createScannedSubmission, OVERDUE_SUBMITTED_AT, RISKY_FILES } from './moderation-data.ts';

const STAFF_ROLES: Role[] = ['ADMIN', 'MODERATOR', 'FINANCE', 'SUPPORT'];

let app: ConsoleUnderTest;
/** Route parameters of the subpages, filled with ids of the data made below. */
let params: Record<string, string>;
let staff: { email: string };
let creator: { email: string };

beforeAll(async () => {
  app = await startConsole();
  staff = await app.createUser(STAFF_ROLES, { name: 'Ada Allroles' });
  const seller = await createSellerWithPlugin(app.server, 1500);
  creator = seller.user;
  const { purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
  await buyAndSettle(app.server, seller.plugin.id);
  const license = await app.server.db.prisma.license.findFirstOrThrow({ where: { purchaseId }, select: { id: true } });
  const risky = await createScannedSubmission(app.server, seller.plugin, RISKY_FILES, { submittedAt: OVERDUE_SUBMITTED_AT() });
  await createScannedSubmission(app.server, seller.plugin, CLEAN_FILES);
  await createRejectReason(app.server);
  const event = await app.server.db.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded' }, select: { id: true } });
  params = { purchaseId, licenseId: license.id, submissionId: risky.id, creatorId: seller.creator.id, eventId: event.id, pluginId: seller.plugin.id };
}, 180_000);
afterAll(() => app?.close());

/** `route` with its `:name` parameters filled, or null when a parameter has no test data (reported). */
function fillRoute(route: string): string | null {
  let missing = false;
  const filled = route.replace(/:(\w+)/g, (_, name: string) => {
    if (!params[name]) missing = true;
    return params[name] ?? '';
  });
  return missing ? null : filled;
}

/** Every route `roles` may open: their areas and the areas' subpages they are allowed. */
function routesFor(roles: Role[]): string[] {
  const routes: string[] = [];
  for (const area of listAreasFor(roles)) {
    routes.push(area.route);
    for (const subpage of area.subpages ?? []) {
      if (subpage.permission && !hasPermission(roles, subpage.permission)) continue;
      const filled = fillRoute(subpage.route);
      if (filled) routes.push(filled);
      else console.warn(`accessibility: no test data for ${subpage.route}; not checked`);
    }
  }
  return routes;
}

/** Polls `condition` every 100 ms for up to 10 s (expect.poll is not usable in concurrent tests' helpers). */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (await condition()) return;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Waits until the page's heading is drawn and its queries and loaders are done. */
async function waitForPage(page: Page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await waitUntil(async () => (await page.locator('.mantine-Loader-root, [data-loading="true"], .mantine-Skeleton-root').count()) === 0, 'loaders gone');
}

/** Opens each route in both themes and collects `"<route> (<scheme>) rule [impact] target: summary"`. */
async function checkRoutes(page: Page, routes: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const route of routes) {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(route);
    try {
      await waitForPage(page);
    } catch (error) {
      found.push(`${route} did not finish loading: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const scheme of COLOR_SCHEMES) {
      await showColorScheme(page, scheme);
      for (const v of await findSeriousViolations(page)) found.push(`${route} (${scheme}) ${v.rule} [${v.impact}] ${v.target}: ${v.summary}`);
    }
  }
  return found;
}

/** Fails with one line per violation (a diff against [] would cut the list short). */
function expectNone(found: string[]) {
  if (found.length) throw new Error(`${found.length} serious or critical violations:\n${found.join('\n')}`);
}

describe('accessibility (axe-core, serious and critical)', () => {
  test('the route list comes from CONSOLE_AREAS and covers every area', () => {
    const covered = new Set([...routesFor(STAFF_ROLES), ...routesFor(['CREATOR'])]);
    for (const area of CONSOLE_AREAS) expect(covered, area.route).toContain(area.route);
  });

  test('the sign-in page', async () => {
    const page = await app.openPage();
    await page.goto('/sign-in');
    await waitForPage(page);
    expectNone(await checkRoutes(page, ['/sign-in']));
  });

  // The two people's tours run side by side (own browser contexts) to keep the file near two minutes.
  test.concurrent.each([
    ['an admin with every staff role', () => staff.email, STAFF_ROLES],
    ['a creator', () => creator.email, ['CREATOR'] as Role[]],
  ] as const)('every page of %s', async (_who, email, roles) => {
    const page = await app.openPage();
    await signIn(page, email());
    const routes = routesFor([...roles]);
    expect(routes.length).toBeGreaterThan(2);
    expectNone(await checkRoutes(page, routes));
  }, 150_000);
});
