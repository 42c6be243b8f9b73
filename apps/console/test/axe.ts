/**
 * axe-core in the console's browser tests: injected with `page.evaluate(source)` (DevTools'
 * evaluation is not subject to the page's CSP, so production's `script-src 'self'` stays as it
 * is), run on the whole page or inside one element, reporting the serious and critical
 * violations one per element. The console follows the system colour scheme, so the themes are
 * switched with Chromium's media emulation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Mantine's colour transitions (150–200 ms) finish before axe reads the colours. */
const SCHEME_TRANSITION_MS = 300;

export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export interface AxeViolation {
  rule: string;
  impact: string;
  /** axe's CSS selector of the element. */
  target: string;
  /** axe's failure summary and the element's markup, shortened. */
  summary: string;
}

/**
 * The serious and critical violations on `page` as it is now, inside the first element matching
 * `selector` (the whole document without one).
 */
export async function findSeriousViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (within) => {
    type Node = { target: unknown[]; html: string; failureSummary?: string; impact?: string | null };
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: Node[] }[] }> } }).axe;
    const context = within ? document.querySelector(within) : document;
    if (!context) throw new Error(`axe: nothing matches ${within}`);
    return (await axe.run(context, { resultTypes: ['violations'] })).violations;
  }, selector ?? null);
  return violations.flatMap((violation) => violation.nodes
    .filter((node) => ['serious', 'critical'].includes(node.impact ?? violation.impact ?? ''))
    .map((node) => ({
      rule: violation.id,
      impact: node.impact ?? violation.impact ?? '',
      target: node.target.map(String).join(' '),
      summary: `${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)} — ${node.html.slice(0, 200)}`,
    })));
}

/** Switches the page to `scheme` and waits until Mantine has applied it and its transitions ended. */
export async function showColorScheme(page: Page, scheme: ColorScheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  const deadline = Date.now() + 10_000;
  while ((await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))) !== scheme) {
    if (Date.now() > deadline) throw new Error(`the console did not switch to the ${scheme} theme`);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(SCHEME_TRANSITION_MS);
  // On a loaded machine a transition can still be running after that: axe would read a colour half-way (CI saw white on #f8f9fa).
  await page.waitForFunction(() => document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running'), undefined, { timeout: 10_000, polling: 50 });
}

/**
 * The serious and critical violations inside each of `selectors` (the whole page without any)
 * in the light and the dark theme, as `"<scheme> <rule> [<impact>] <target>: <summary>"`; the page
 * is left in the light theme. `onScheme` runs in each theme after the check (e.g. a screenshot).
 */
export async function findSeriousViolationsInBothThemes(page: Page, selectors: string[] = [], onScheme?: (scheme: ColorScheme) => Promise<void>): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of COLOR_SCHEMES) {
    await showColorScheme(page, scheme);
    for (const selector of selectors.length > 0 ? selectors : [undefined]) {
      for (const v of await findSeriousViolations(page, selector)) found.push(`${scheme} ${v.rule} [${v.impact}] ${v.target}: ${v.summary}`);
    }
    await onScheme?.(scheme);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
