/**
 * Tiers in the console: a creator prices their own plugin (offers a free and a pro tier, is told
 * when a price breaks the rules, saves; the database has the tiers and the page shows them), and
 * support reads a license's tier on the license page. Both pages pass axe in both themes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';
import { createCreatorWithPlugins } from './moderation-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('pricing tiers', () => {
  test('a creator offers a free and a pro tier on their own plugin and saves them', async () => {
    const creatorUser = await app.createUser(['CREATOR']);
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1, creatorUser.id);
    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Pricing' }).click();
    await page.getByRole('heading', { name: 'Pricing', level: 1 }).waitFor();
    await page.getByTestId('pricing-tiers').getByText('No tiers').waitFor();

    await page.getByRole('checkbox', { name: 'Offer the free tier' }).check();
    await page.getByRole('checkbox', { name: 'Offer the pro tier' }).check();
    const pro = page.getByTestId('tier-form-pro');
    // A paid tier priced 0 is refused before anything is sent, under its price field.
    await pro.getByRole('textbox', { name: 'Pro tier: price' }).fill('0');
    await page.getByRole('button', { name: 'Save tiers' }).click();
    await pro.getByText('only the free tier may cost 0').waitFor();
    expect(await app.server.db.prisma.pluginTier.count({ where: { pluginId: plugin!.id } })).toBe(0);

    await pro.getByRole('textbox', { name: 'Pro tier: price' }).fill('25.00');
    await pro.getByRole('textbox', { name: 'Pro tier: machine limit' }).fill('5');
    await pro.getByRole('textbox', { name: 'Pro tier: trial days' }).fill('14');
    await pro.getByRole('textbox', { name: 'Pro tier: entitlements' }).fill('plugin.use, plugin.updates, export.pdf');
    await page.getByRole('button', { name: 'Save tiers' }).click();
    await page.getByText('Pricing saved').waitFor();

    const row = page.getByTestId('tier-row-pro');
    await row.getByText('$25.00').waitFor();
    expect(await row.innerText()).toMatch(/Pro[\s\S]*\$25\.00[\s\S]*5[\s\S]*14 days[\s\S]*export\.pdf/);
    const stored = await app.server.db.prisma.pluginTier.findMany({ where: { pluginId: plugin!.id }, orderBy: { sortOrder: 'asc' } });
    expect(stored.map((t) => [t.key, t.priceAmount, t.machineLimit, t.trialDays])).toEqual([['free', 0, 3, 0], ['pro', 2500, 5, 14]]);
    expect(stored[1]!.entitlements).toEqual(['plugin.use', 'plugin.updates', 'export.pdf']);
    expect(await app.server.db.prisma.auditLog.count({ where: { action: 'pricing.saveTiers', targetId: plugin!.id, actorId: creatorUser.id } })).toBe(1);

    // The page itself (the toast above it is Mantine's shared notification, not this page).
    expect(await findSeriousViolationsInBothThemes(page, ['main'])).toEqual([]);
    await saveScreenshot(page, 'creator-pricing');
  });

  test('support sees the tier of a license on its page', async () => {
    const { plugins: [plugin] } = await createCreatorWithPlugins(app.server, 1);
    const { prisma } = app.server.db;
    const tier = await prisma.pluginTier.create({ data: { pluginId: plugin!.id, key: 'enterprise', name: 'Enterprise', priceAmount: 9900, entitlements: ['plugin.use', 'sso'], machineLimit: 25, sortOrder: 2 } });
    const current = await prisma.signingKey.findFirstOrThrow({ where: { status: 'CURRENT' }, select: { kid: true } });
    const license = await prisma.license.create({
      data: { keyId: randomUUID(), pluginId: plugin!.id, buyerEmail: `tiered-${randomUUID().slice(0, 8)}@example.com`, entitlements: ['plugin.use', 'sso'], machineLimit: 25, tierId: tier.id, signingKid: current.kid },
    });
    const support = await app.createUser(['SUPPORT']);
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/licenses/${license.id}`);
    const field = page.getByTestId('license-tier');
    await field.getByText('Enterprise').waitFor();
    expect(await field.innerText()).toMatch(/Enterprise[\s\S]*\(enterprise\)[\s\S]*25 machines[\s\S]*sso/);
    expect(await page.getByTestId('machine-limit').innerText()).toBe('25');
    expect(await findSeriousViolationsInBothThemes(page, ['[data-testid="license-summary"]'])).toEqual([]);
  });
});
