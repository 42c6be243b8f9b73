/**
 * Console test support: the whole app (API + built console) on a loopback port over a fresh
 * database, and Debian's Chromium driven by playwright-core. The console must be built first
 * (`npm run build:console`; `npm test` does it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import type { Role } from '@marketdesk/shared';
import { createTestUser, startTestServer, TEST_PASSWORD, type TestServer } from '../../api/test/harness.ts';

const CONSOLE_DIST = path.join(process.env.CONSOLE_DIR ?? path.resolve(import.meta.dirname, '../dist'), 'index.html');
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, 'screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export { TEST_PASSWORD };

export interface ConsoleUnderTest {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) on a new page. */
  openPage(): Promise<Page>;
  /** A staff user with `roles` and TEST_PASSWORD. */
  createUser(roles: Role[], overrides?: { email?: string; name?: string }): Promise<{ id: string; email: string; name: string }>;
  close(): Promise<void>;
}

export async function startConsole(): Promise<ConsoleUnderTest> {
  if (!existsSync(CONSOLE_DIST)) throw new Error('apps/console/dist is missing: run `npm run build:console` first');
  const server = await startTestServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    server,
    browser,
    async openPage() {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      trackRequests(page);
      reportOnFailure(page, server.url);
      return page;
    },
    createUser: (roles, overrides) => createTestUser(server.db.prisma, roles, overrides),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Lines of what went wrong in a page kept for a failure report, at most. */
const MAX_PAGE_TROUBLES = 30;

/**
 * When the test that opened `page` fails, prints what `page` showed and met — its address, the start of its
 * text (an error boundary says so there), API answers of 400 and over, page errors and console
 * errors — appends the same to the test's error (so the run's closing summary shows it), and saves
 * `failed-<test>.png`: a flake seen only in CI can then be read from its log.
 */
function reportOnFailure(page: Page, baseUrl: string): void {
  const troubles: string[] = [];
  const keep = (line: string) => troubles.push(line) > MAX_PAGE_TROUBLES && troubles.shift();
  const started = performance.now();
  const at = () => `+${((performance.now() - started) / 1000).toFixed(1)} s`;
  page.on('response', (response) => {
    if (response.status() >= 400) keep(`${at()} ${response.status()} ${response.request().method()} ${response.url().replace(baseUrl, '').slice(0, 160)}`);
  });
  page.on('pageerror', (error) => keep(`${at()} page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') keep(`${at()} console error: ${message.text().slice(0, 300)}`);
  });
  const report = async ({ task }: { task: { name: string; result?: { errors?: { message: string }[] } } }) => {
    if (page.isClosed()) return;
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    const text = await page.locator('body').innerText({ timeout: 2_000 }).catch((error: Error) => `(unreadable: ${error.message})`);
    const lines = [
      `[browser] "${task.name}" failed at ${page.url().replace(baseUrl, '')} (${at()}); the page read:`,
      `  ${text.replace(/\s+/g, ' ').slice(0, 800)}`,
      ...(troubles.length ? ['[browser] it met:', ...troubles.map((line) => `  ${line}`)] : ['[browser] no API answer ≥ 400, page error or console error']),
    ].join('\n');
    console.error(lines);
    // Also in the failure itself: the summary at the end of the run (all a CI excerpt may keep) then carries it.
    const error = task.result?.errors?.[0];
    if (error) error.message = `${error.message}\n${lines}`;
    await saveScreenshot(page, `failed-${name}`).catch(() => undefined);
  };
  try {
    onTestFailed(report);
  } catch {
    // Opened by a beforeAll, for several tests: vitest takes onTestFailed only inside a test, so no report.
  }
}

interface RequestActivity {
  inFlight: number;
  /** performance.now() of the last request sent or ended. */
  lastChange: number;
}
const requestActivity = new WeakMap<Page, RequestActivity>();

/** Counts `page`'s requests in flight from now on, for waitForNetworkQuiet. openPage does it for its pages. */
export function trackRequests(page: Page): void {
  const activity: RequestActivity = { inFlight: 0, lastChange: performance.now() };
  requestActivity.set(page, activity);
  const change = (delta: number) => () => {
    activity.inFlight += delta;
    activity.lastChange = performance.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
}

/**
 * Waits until `page` has had no request in flight for `quietMs` (500 ms, as Playwright's
 * networkidle), counted from this call. Unlike `waitForLoadState('networkidle')`, it does not
 * answer at once because the page was quiet a moment before the call: after an in-app navigation,
 * wait for what the new page draws first, then for this, to know its lazy code and queries are
 * done. Throws after `timeoutMs` (15 s, as a page action). The page must be tracked
 * (trackRequests; openPage's pages are).
 */
export async function waitForNetworkQuiet(page: Page, quietMs = 500, timeoutMs = 15_000): Promise<void> {
  const activity = requestActivity.get(page);
  if (!activity) throw new Error('waitForNetworkQuiet: the page is not tracked; call trackRequests(page) when it opens');
  const since = performance.now();
  const deadline = since + timeoutMs;
  for (;;) {
    const now = performance.now();
    if (activity.inFlight === 0 && now - Math.max(activity.lastChange, since) >= quietMs) return;
    if (now > deadline) throw new Error(`waitForNetworkQuiet: still ${activity.inFlight} request(s) in flight after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs in through the form and waits for the home page. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/** Saves a full-page PNG to apps/console/test/screenshots/<name>.png once fonts and animations settle. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The labels of the main navigation, in order. */
export async function readNavigation(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((label) => label.trim());
}

/**
 * Picks `label` in a searchable Mantine Select labelled "Reason" inside `dialog`: waits for the
 * reasons to load (the placeholder says "Search reasons"), types the first `searchLength`
 * characters, clicks the option and waits until the field shows it, so a click lost while the
 * dropdown re-renders fails here, by name, rather than later as an empty message.
 */
export async function pickReason(page: Page, dialog: Locator, label: string, searchLength = 9): Promise<void> {
  const field = dialog.getByRole('combobox', { name: 'Reason' });
  await dialog.getByPlaceholder('Search reasons').waitFor();
  await field.fill(label.slice(0, searchLength));
  await page.getByRole('option', { name: label }).click();
  await expect.poll(() => field.inputValue()).toBe(label);
}
