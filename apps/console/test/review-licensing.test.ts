/**
 * A moderator reads a submission's Licensing section: the entitlements and metrics the package
 * declares in package.json (`marketdesk`) beside what each of the plugin's tiers sells, with the
 * scanner's licensing findings in the report; axe finds no serious violation in either theme.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { createCreatorWithPlugins, createScannedSubmission } from './moderation-data.ts';
import { manifestOf } from '../../api/test/packages.ts';

let app: ConsoleUnderTest;
let moderator: { id: string; email: string; name: string };
beforeAll(async () => {
  app = await startConsole();
  moderator = await app.createUser(['MODERATOR'], { name: 'Lena Licensing' });
}, 120_000);
afterAll(() => app?.close());

/** A plugin with a free and a pro tier, and a pending submission declaring some of what they sell. */
async function submissionWithTiers() {
  const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
  await app.server.db.prisma.pluginTier.createMany({
    data: [
      { pluginId: plugin!.id, key: 'free', name: 'Free', priceAmount: 0, entitlements: ['plugin.use'], quotas: [{ metric: 'api_calls', included: 100, isHard: true, overageUnitAmount: 0 }], sortOrder: 0 },
      { pluginId: plugin!.id, key: 'pro', name: 'Pro', priceAmount: 1500, entitlements: ['plugin.use', 'team-sync'], quotas: [{ metric: 'api_calls', included: 10_000, isHard: false, overageUnitAmount: 2 }], sortOrder: 1 },
    ],
  });
  return createScannedSubmission(app.server, plugin!, (name, version) => ({
    'package.json': manifestOf(name, version, { marketdesk: { entitlements: ['plugin.use', 'offline'], metrics: ['api_calls'] } }),
    'README.md': `# ${name}\n\nSyncs teams.\n`,
    'index.js': "'use strict';\nmodule.exports = () => 1;\n",
  }));
}

/** The row of `name` in the `kind` table, as its cells' text (as written; badges show it in capitals). */
async function rowOf(section: Locator, kind: string, name: string): Promise<string[]> {
  return section.getByTestId(`licensing-${kind}-${name}`).locator('th, td').allTextContents();
}

describe('review: licensing', () => {
  test('a moderator sees the declared entitlements and metrics beside the tiers, and the mismatch findings', async () => {
    const submission = await submissionWithTiers();
    const page = await app.openPage();
    await signIn(page, moderator.email);
    await page.goto(`/queue/${submission.id}`);
    const section = page.getByRole('region', { name: 'Licensing' });
    await section.waitFor();

    const entitlements = section.getByRole('table', { name: 'Entitlements: declared by the package and sold by tier' });
    expect(await entitlements.locator('thead th').allInnerTexts()).toEqual(['Entitlements', 'Package', 'Free', 'Pro']);
    expect(await rowOf(section, 'entitlements', 'plugin.use')).toEqual(['plugin.use', 'declared', 'sold', 'sold']);
    expect(await rowOf(section, 'entitlements', 'offline')).toEqual(['offline', 'declared', '—', '—']);
    expect(await rowOf(section, 'entitlements', 'team-sync')).toEqual(['team-sync', 'not declared', '—', 'sold']);
    expect(await rowOf(section, 'metrics', 'api_calls')).toEqual(['api_calls', 'declared', 'sold', 'sold']);

    // The report says the same as findings: pro sells team-sync that the package never checks.
    await page.getByText('tier pro sells the entitlement team-sync but the package never checks it (not in marketdesk.entitlements).').waitFor();

    await saveScreenshot(page, 'review-licensing');
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="licensing"]'])).toEqual([]);
  });
});
