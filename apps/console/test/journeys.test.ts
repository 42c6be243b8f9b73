/**
 * The four journeys of issue 6, end to end in Debian's Chromium, on data made by the real seed:
 * a sample of the real npm catalog (every 25th row, plus all of the demo creator's plugins), the
 * review queue built from the seed's sample packages and scanned by the real scanner, and a
 * year of purchases through POST /v1/purchases → Stripe emulator → signed webhooks → ledger →
 * licenses (prisma/seed/money.ts). Each journey signs in with the demo accounts and picks its
 * data as a person would: from the lists, by a buyer's email, by a pasted license key.
 *
 * Screenshots of each main page go to apps/console/test/screenshots/journeys/ (git-ignored);
 * with UPDATE_SCREENSHOTS=1 they go to docs/screenshots/, which the README shows.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, toMajorString } from '@marketdesk/shared';
import { readCatalog } from '../../../prisma/seed/catalog.ts';
import { creatorForPackage, pickBusiestCreatorSlug } from '../../../prisma/seed/creators.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDatabase, type SeedSummary } from '../../../prisma/seed/index.ts';
import { SEED_BUYER_DOMAIN, seedMoney, type MoneySeedSummary } from '../../../prisma/seed/money.ts';
import { SEEDED_SUBMISSIONS } from '../../../prisma/seed/submissions.ts';
import { tempDir } from '../../api/test/harness.ts';
import { buy, expectLedgerBalanced, settle } from '../../api/test/money/helpers.ts';
import { drainStripeEvents, MAX_EVENT_ATTEMPTS } from '../../api/src/modules/payments/stripe-events.ts';
import { renderLicenseKey } from '../../api/src/modules/licenses/render-license-key.ts';
import { pickReason, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyLicense, callerFor, callLicenseApi } from './license-data.ts';
import { asMoneyServer, createSellerWithPlugin, readKpis } from './money-data.ts';
import { createTrialPlugin } from '../../api/test/trials/helpers.ts';
import { formatDateTime } from '../src/lib/format.ts';
import { insertReview } from '../../api/test/reviews/helpers.ts';

const CATALOG_SAMPLE_EVERY = 25;
const SEEDED_PURCHASES = 150;
const VIEWPORT = { width: 1440, height: 900 };
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../../docs/screenshots')
  : path.resolve(import.meta.dirname, 'screenshots/journeys');
const DAY_MS = 86_400_000;

const demo = (role: (typeof DEMO_ACCOUNTS)[number]['role']) => DEMO_ACCOUNTS.find((account) => account.role === role)!;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let app: ConsoleUnderTest;
let seeded: SeedSummary;
let money: MoneySeedSummary;

/**
 * Writes the catalog sample the journeys seed from: the header, every `every`-th data line of
 * the real file (as it is, messy rows included) and every line of the catalog's busiest
 * creator, so the demo creator is linked to the same creator as on a full seed.
 */
async function writeCatalogSample(every: number): Promise<string> {
  const catalog = await readCatalog();
  const busiest = pickBusiestCreatorSlug(catalog.rows.map((row) => row.name));
  const demoLines = new Set(catalog.rows.filter((row) => creatorForPackage(row.name).slug === busiest).map((row) => row.line));
  const lines = readFileSync(catalog.path, 'utf8').split('\n');
  const kept = lines.filter((_, i) => i === 0 || (i % every === 1 && lines[i]!.trim() !== '') || demoLines.has(i + 1));
  const file = path.join(tempDir(), 'npm-plugins-sample.tsv');
  writeFileSync(file, `${kept.join('\n')}\n`);
  return file;
}

async function openSignedIn(role: Parameters<typeof demo>[0]): Promise<Page> {
  const page = await app.openPage();
  await page.setViewportSize(VIEWPORT);
  await signIn(page, demo(role).email, DEMO_PASSWORD);
  return page;
}

/** Saves what the viewport shows (not the whole page) once fonts, toasts and animations settle. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const button of await page.locator('.mantine-Notification-closeButton').all()) await button.click({ force: true, timeout: 2000 }).catch(() => undefined);
  await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 10_000 }).toBe(0);
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}

beforeAll(async () => {
  app = await startConsole();
  const { prisma } = app.server.db;
  const catalogPath = await writeCatalogSample(CATALOG_SAMPLE_EVERY);
  // The server's own data folder, so the review pages read the packages the seed built.
  seeded = await seedDatabase(prisma, { catalogPath, dataDir: app.server.app.deps.config.dataDir, isFetchingRealPackages: false });
  money = await seedMoney(app.server.app.deps, app.server.url, { purchases: SEEDED_PURCHASES, seed: 6 });
}, 600_000);
afterAll(() => app?.close());

describe('the four journeys on the seeded marketplace', () => {
  it('seeded a year of the real catalog: plugins, a scanned review queue, purchases, refunds, payouts', async () => {
    const { prisma } = app.server.db;
    expect(seeded.rejected).toEqual([]);
    expect(seeded.demoCreatorSlug).toBe('@types');
    expect(seeded.tables.submissions).toMatchObject({ created: SEEDED_SUBMISSIONS, scanned: SEEDED_SUBMISSIONS });
    expect(money.skipped).toBeUndefined();
    expect(money.purchases.started).toBe(SEEDED_PURCHASES);
    expect(money.purchases.succeeded).toBeGreaterThan(SEEDED_PURCHASES * 0.9);
    expect(money.refunds).toBeGreaterThan(0);
    expect(money.payouts).toBeGreaterThan(0);
    expect(await prisma.license.count({ where: { status: 'ACTIVE' } })).toBeGreaterThan(SEEDED_PURCHASES / 2);
    await expectLedgerBalanced(prisma);
  });

  it('moderator: filters to overdue submissions with critical findings, claims one, reads a finding, rejects it with a canned reason; the creator reads the message', async () => {
    const { prisma } = app.server.db;
    const now = new Date();
    const overdueCritical = await prisma.submission.findMany({
      where: { status: 'PENDING', dueAt: { lt: now }, hasCriticalFindings: true },
      select: { id: true, plugin: { select: { name: true } }, creator: { select: { slug: true } } },
    });
    expect(overdueCritical.length).toBeGreaterThanOrEqual(2);
    // The one of the demo creator's plugins, so that the creator can sign in and read the decision.
    const target = overdueCritical.find((s) => s.creator.slug === seeded.demoCreatorSlug)!;
    expect(target).toBeDefined();

    const page = await openSignedIn('MODERATOR');
    await page.getByRole('navigation').getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('main').getByRole('row').nth(5).waitFor();
    await saveScreenshot(page, 'moderator-queue');
    await page.getByRole('tab', { name: /Overdue/ }).click();
    await page.waitForURL((url) => url.searchParams.get('due') === 'overdue');
    await page.getByRole('combobox', { name: 'Critical findings' }).click();
    await page.getByRole('option', { name: 'Has critical findings' }).click();
    await page.waitForURL((url) => url.searchParams.get('critical') === 'yes');
    await rowOf(page, target.plugin.name).waitFor();
    // Exactly the overdue, critical, pending submissions, each flagged and overdue.
    const rows = page.getByRole('main').getByRole('row').filter({ has: page.getByRole('img', { name: 'Critical findings' }) });
    await expect.poll(() => rows.count()).toBe(overdueCritical.length);
    for (const submission of overdueCritical) expect(await rowOf(page, submission.plugin.name).innerText()).toMatch(/Overdue/);
    await saveScreenshot(page, 'moderator-queue-overdue-critical');

    await rowOf(page, target.plugin.name).getByRole('link', { name: target.plugin.name }).click();
    await page.waitForURL(`**/queue/${target.id}`);
    await page.getByTestId('decision-panel').getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Claimed by you').waitFor();
    // The finding: the install script asks the cloud metadata address for the machine's credentials.
    const finding = page.getByTestId('finding').filter({ hasText: '169.254.169.254' });
    expect(squash(await finding.innerText())).toMatch(/^scripts\/setup\.js:3:\d+ security\/literal-ip .*fetch\('http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/'\)/);
    await page.getByTestId('findings').getByText('CRITICAL', { exact: true }).waitFor();
    await finding.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'moderator-submission-review');

    const reason = await prisma.decisionReason.findUniqueOrThrow({ where: { code: 'MALWARE' } });
    await page.getByTestId('decision-panel').getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Reject/ });
    await pickReason(page, dialog, reason.label);
    // The canned message is filled in after the option's click renders: wait for it rather than read once.
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Message to the creator' }).inputValue(), { timeout: 15_000 }).toBe(reason.cannedResponse);
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByTestId('submission-status').getByText('Rejected').waitFor();
    await page.getByTestId('history').getByText(reason.label).waitFor();
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ status: 'REJECTED' });

    const creatorPage = await openSignedIn('CREATOR');
    await creatorPage.getByRole('navigation').getByRole('link', { name: 'My submissions' }).click();
    await creatorPage.getByRole('main').getByRole('row').nth(1).waitFor();
    await creatorPage.goto('/my-submissions?status=REJECTED');
    const creatorRow = rowOf(creatorPage, `${target.plugin.name}@`);
    expect(squash(await creatorRow.innerText())).toContain(`Rejected: ${reason.label} ${reason.cannedResponse.slice(0, 60)}`);
    await creatorRow.getByRole('link').click();
    await creatorPage.waitForURL(`**/my-submissions/${target.id}`);
    await creatorPage.getByTestId('submission-status').getByText('Rejected').waitFor();
    expect(await creatorPage.getByTestId('last-decision').innerText()).toContain(reason.cannedResponse);
    await saveScreenshot(creatorPage, 'moderator-creator-rejected');
  });

  it('finance: finds a purchase by buyer email, refunds part of it; the KPIs and the creator\'s earnings move by exactly the split', async () => {
    const { prisma } = app.server.db;
    const creator = await prisma.creatorAccount.findUniqueOrThrow({ where: { slug: seeded.demoCreatorSlug }, select: { id: true, userId: true } });
    // A seeded buyer's paid purchase that no refund or dispute has touched, of a plugin of the demo
    // creator's (so the creator can sign in and see the change).
    const purchase = await prisma.purchase.findFirstOrThrow({
      where: { creatorId: creator.id, currency: 'usd', status: 'SUCCEEDED', buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, refunds: { none: {} }, disputes: { none: {} }, plugin: { pricingModel: 'ONE_TIME' } },
      orderBy: [{ paidAt: 'desc' }, { id: 'asc' }],
      select: { id: true, buyerEmail: true, amount: true, applicationFeeAmount: true, plugin: { select: { name: true } } },
    });
    // 40 % of the price in whole dollars; the platform gives back its fee pro rata (half up), the creator the rest.
    const refund = Math.max(100, Math.round((purchase.amount * 0.4) / 100) * 100);
    const platformShare = Number((2n * BigInt(refund) * BigInt(purchase.applicationFeeAmount) + BigInt(purchase.amount)) / (2n * BigInt(purchase.amount)));
    const creatorShare = refund - platformShare;
    const usd = (minor: number) => formatMoney(minor, 'usd');

    const finance = await prisma.user.findUniqueOrThrow({ where: { email: demo('FINANCE').email } });
    const [fromDay, toDay] = [utcDay(-366), utcDay(0)];
    const period = { from: new Date(`${fromDay}T00:00:00Z`), to: new Date(`${utcDay(1)}T00:00:00Z`), currency: 'usd' };
    const before = await readKpis(app.server, finance.id, period);
    const creatorCaller = await callerFor(app.server, creator.userId!);
    const earningsBefore = await creatorCaller.creator.earnings({ currency: 'usd' });

    const page = await openSignedIn('FINANCE');
    const overviewUrl = `/finance?from=${fromDay}&to=${toDay}&currency=usd&interval=month`;
    await page.goto(overviewUrl);
    const kpi = async (testId: string) => (await page.getByTestId(`kpi-${testId}`).getByTestId('kpi-value').innerText()).trim();
    await page.getByTestId('kpi-gross-volume').getByText(usd(before.grossVolume)).waitFor();
    expect(await kpi('refunds')).toBe(usd(before.refunds));

    await page.getByRole('navigation').getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('textbox', { name: 'Search purchases' }).fill(purchase.buyerEmail);
    await page.waitForURL((url) => url.searchParams.get('q') === purchase.buyerEmail);
    // Exactly this buyer's purchases are listed (once the search has answered).
    const buyersPurchases = await prisma.purchase.count({ where: { buyerEmail: purchase.buyerEmail } });
    const listed = page.getByRole('main').getByRole('row').filter({ hasText: purchase.buyerEmail });
    await expect.poll(async () => [await listed.count(), await page.getByRole('main').getByRole('row').count()]).toEqual([buyersPurchases, buyersPurchases + 1]);
    const row = listed.filter({ hasText: purchase.plugin.name });
    expect(squash(await row.innerText())).toMatch(new RegExp(`${usd(purchase.amount).replace(/[$.]/g, '\\$&')}.*Paid`, 'i')); // badges read upper-case
    await row.getByRole('link', { name: purchase.buyerEmail }).click();
    await page.waitForURL(`**/transactions/${purchase.id}`);
    expect(await page.getByTestId('purchase-refundable').innerText()).toBe(usd(purchase.amount));

    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Amount' }).fill(toMajorString(refund, 'usd'));
    const preview = dialog.getByTestId('refund-preview');
    await preview.getByText('Split preview: partial refund').waitFor();
    const previewRow = async (id: string) => squash(await preview.getByTestId(id).innerText());
    expect(await previewRow('refund-amount')).toBe(`Refunded to the buyer ${usd(refund)}`);
    expect(await previewRow('creator-share')).toBe(`Taken back from the creator's share ${usd(creatorShare)}`);
    expect(await previewRow('platform-share')).toBe(`Platform fee given back ${usd(platformShare)}`);
    expect(await dialog.getByRole('checkbox', { name: 'Revoke the license' }).isChecked()).toBe(false);
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Buyer only needed it for one project');
    await saveScreenshot(page, 'finance-purchase-refund');
    await dialog.getByRole('button', { name: `Refund ${usd(refund)}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('purchase-refunds').getByRole('row').filter({ hasText: usd(refund) }).getByText('Succeeded').waitFor();
    await page.getByTestId('purchase-refundable').getByText(usd(purchase.amount - refund)).waitFor();
    expect(await prisma.refund.findMany({ where: { purchaseId: purchase.id }, select: { amount: true, status: true } })).toEqual([{ amount: refund, status: 'SUCCEEDED' }]);

    // The overview: refunds up by the amount, net volume down by it, fees and creator earnings by their shares.
    await page.goto(overviewUrl);
    await page.getByTestId('kpi-refunds').getByText(usd(before.refunds + refund)).waitFor();
    expect(await kpi('gross-volume')).toBe(usd(before.grossVolume));
    expect(await kpi('net-volume')).toBe(usd(before.netVolume - refund));
    expect(await kpi('platform-fees')).toBe(usd(before.platformFees - platformShare));
    expect(await kpi('creator-earnings')).toBe(usd(before.creatorEarnings - creatorShare));
    expect(await page.getByTestId('kpi-refunds').innerText()).toContain(`${before.refundCount + 1} refunds`);
    await saveScreenshot(page, 'finance-overview');

    // The creator's own dashboard: the balance and lifetime earnings give back the creator's share.
    const creatorPage = await openSignedIn('CREATOR');
    await creatorPage.getByRole('navigation').getByRole('link', { name: 'Earnings' }).click();
    await creatorPage.getByTestId('earnings-lifetime').getByText(usd(earningsBefore.lifetime - creatorShare)).waitFor();
    expect(await creatorPage.getByTestId('earnings-available').getByTestId('earnings-value').innerText()).toBe(usd(earningsBefore.available - creatorShare));
    await creatorPage.getByTestId('creator-refunds').getByRole('row').filter({ hasText: purchase.plugin.name }).filter({ hasText: usd(refund) }).first().waitFor();
    await expectLedgerBalanced(prisma);
  });

  it('support: finds a license by its pasted key and revokes it with a reason; the public validate endpoint says REVOKED at once', async () => {
    const { prisma } = app.server.db;
    // A key a seeded buyer received and still uses: an active, unexpired license of a paid purchase.
    const license = await prisma.license.findFirstOrThrow({
      where: { status: 'ACTIVE', OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }], buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, purchase: { status: 'SUCCEEDED' } },
      orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
      include: { plugin: { select: { id: true, name: true } } },
    });
    const key = await renderLicenseKey(app.server.app.deps, license);
    const validate = () => callLicenseApi(app.server.url, 'validate', { key });
    expect((await validate()).body).toMatchObject({ valid: true, code: 'VALID', license: { id: license.id, status: 'ACTIVE' } });

    const page = await openSignedIn('SUPPORT');
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('textbox', { name: 'Search licenses' }).fill(key);
    await page.waitForURL((url) => url.searchParams.get('q') === license.keyId);
    const row = rowOf(page, license.buyerEmail);
    expect(squash(await row.innerText())).toContain(`${license.plugin.name} ACTIVE`);
    expect(await page.getByRole('main').getByRole('row').count()).toBe(2); // header + the one match
    await row.getByRole('link', { name: license.buyerEmail }).click();
    await page.waitForURL(`**/licenses/${license.id}`);
    await page.getByTestId('license-status').getByText('Active', { exact: true }).waitFor();
    expect(await page.getByTestId('license-key').innerText()).toBe(key);

    const reason = 'Key shared on a public forum';
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await dialog.getByRole('textbox', { name: 'Type REVOKE to confirm' }).fill('REVOKE');
    await dialog.getByRole('button', { name: 'Revoke license' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('license-status').getByText('Revoked', { exact: true }).waitFor();
    expect(squash(await page.getByTestId('status-change').innerText())).toMatch(new RegExp(`^${reason} ${demo('SUPPORT').email} · `));

    const after = await validate();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ valid: false, code: 'REVOKED', detail: "This license has been revoked. Contact the seller's support", license: { id: license.id, pluginId: license.plugin.id, status: 'REVOKED' } });
    await saveScreenshot(page, 'support-license-revoked');
  });

  it('creator: sees own earnings and payouts; another creator\'s earnings or submission by URL is "not found"', async () => {
    const { prisma } = app.server.db;
    const own = await prisma.creatorAccount.findUniqueOrThrow({ where: { slug: seeded.demoCreatorSlug }, select: { id: true } });
    const sumOf = async (accountType: 'CREATOR_PAYABLE' | 'PAYOUTS') => Number((await prisma.ledgerEntry.aggregate({ where: { creatorId: own.id, currency: 'usd', accountType }, _sum: { amount: true } }))._sum.amount ?? 0n);
    const [available, paidOutTotal] = [await sumOf('CREATOR_PAYABLE'), await sumOf('PAYOUTS')];
    const payouts = await prisma.payout.findMany({ where: { creatorId: own.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { amount: true, currency: true, status: true } });
    expect(payouts.length).toBeGreaterThan(0);
    expect(available + paidOutTotal).toBeGreaterThan(0);

    const page = await openSignedIn('CREATOR');
    await page.getByRole('navigation').getByRole('link', { name: 'Earnings' }).click();
    await page.getByTestId('earnings-available').getByText(formatMoney(available, 'usd')).waitFor();
    expect(await page.getByTestId('earnings-lifetime').getByTestId('earnings-value').innerText()).toBe(formatMoney(available + paidOutTotal, 'usd'));
    // Newest payout first, as Stripe's payout schedule made them.
    const firstPayout = squash(await page.getByTestId('creator-payouts').getByRole('row').nth(1).innerText());
    expect(firstPayout).toContain(formatMoney(payouts[0]!.amount, payouts[0]!.currency));
    expect(firstPayout.toUpperCase()).toContain(payouts[0]!.status.replace('_', ' ')); // badges read upper-case
    // The year's sales: only the creator's own plugins.
    await page.goto(`/earnings?from=${utcDay(-366)}&to=${utcDay(0)}&currency=usd&interval=month`);
    const sales = page.getByTestId('sales-by-plugin').getByRole('row');
    await sales.nth(1).waitFor();
    for (const text of (await sales.allInnerTexts()).slice(1)) expect(text.trim().startsWith(`${seeded.demoCreatorSlug}/`)).toBe(true);
    await saveScreenshot(page, 'creator-earnings');
    await page.getByTestId('creator-payouts').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'creator-earnings-payouts');

    // Another creator who has sold and has submissions: their earnings and their submission by URL.
    const other = await prisma.creatorAccount.findFirstOrThrow({ where: { id: { not: own.id }, purchases: { some: { status: 'SUCCEEDED' } }, submissions: { some: {} } }, orderBy: { slug: 'asc' }, select: { id: true, submissions: { take: 1, select: { id: true, plugin: { select: { name: true } } } } } });
    await page.goto(`/earnings/${other.id}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByTestId('earnings-available').count()).toBe(0);
    const otherSubmission = other.submissions[0]!;
    await page.goto(`/my-submissions/${otherSubmission.id}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByRole('main').innerText()).not.toContain(otherSubmission.plugin.name);
    await saveScreenshot(page, 'creator-other-submission-not-found');
  });
});

describe('the working day on the same marketplace (issue 14)', () => {
  it('finance clears the home\'s attention items: submits dispute evidence, replays a dead-lettered event after reading its payload, opens a reconciliation difference', async () => {
    const { prisma } = app.server.db;
    const money = asMoneyServer(app.server);
    const emulator = app.server.app.deps.stripe!.emulator!;
    const seller = await createSellerWithPlugin(app.server, 3000);
    // A chargeback awaiting evidence, through the card Stripe's test mode disputes.
    const disputedEmail = `journey-dispute-${randomUUID().slice(0, 8)}@example.com`;
    const disputed = await buy(money, seller.plugin.id, { email: disputedEmail, paymentMethod: 'pm_card_createDispute' });
    await settle(money);
    const dispute = await prisma.dispute.findFirstOrThrow({ where: { purchaseId: disputed.purchaseId } });
    expect(dispute.status).toBe('NEEDS_RESPONSE');
    // An event dead-lettered the real way: Stripe unreachable for every one of its attempts, for days.
    const { paymentIntentId } = await buy(money, seller.plugin.id, { email: `journey-dead-${randomUUID().slice(0, 8)}@example.com` });
    await emulator.waitForDeliveries();
    const event = await prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    // An outage outlasting Stripe's 3-day retry window: only then does a Stripe outage dead-letter an event.
    await prisma.stripeEvent.update({ where: { id: event.id }, data: { stripeCreatedAt: new Date(Date.now() - 4 * 86_400_000) } });
    emulator.control.setOutage({ count: 10_000 });
    try {
      for (let attempt = 1; attempt <= MAX_EVENT_ATTEMPTS; attempt += 1) {
        await prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
        await drainStripeEvents(app.server.app.deps, { workerId: 'journey-worker' });
      }
    } finally {
      emulator.control.clearOutage();
    }
    expect((await prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('DEAD');

    const page = await openSignedIn('FINANCE');
    const card = (key: string) => page.getByTestId(`attention-${key}`);
    await card('stripeEvents.dead').getByTestId('attention-value').waitFor();
    expect(Number(await card('disputes.evidenceDue').getByTestId('attention-value').innerText())).toBeGreaterThanOrEqual(1);
    expect(await card('stripeEvents.dead').getByTestId('attention-value').innerText()).toBe(String(await prisma.stripeEvent.count({ where: { status: 'DEAD' } })));
    await saveScreenshot(page, 'finance-home');

    // 1. The dispute: from the home card to the filtered list, to its page; evidence submitted to Stripe.
    await card('disputes.evidenceDue').click();
    await page.waitForURL((url) => url.pathname === '/disputes' && url.searchParams.get('status') === 'NEEDS_RESPONSE');
    await rowOf(page, disputedEmail).getByText(seller.plugin.name).click();
    await page.waitForURL(`**/disputes/${dispute.id}`);
    expect(await page.getByTestId('evidence-due').innerText()).toMatch(/Due in \d+ days?/i);
    await page.getByLabel('Product description').fill('Paid plugin; the license key was emailed at purchase and activated the same day');
    await page.getByLabel('Customer email address').fill(disputedEmail);
    await page.getByLabel('Additional information').fill('The buyer activated the license on two machines after the purchase.');
    await saveScreenshot(page, 'finance-dispute-evidence');
    await page.getByRole('button', { name: 'Submit to Stripe' }).click();
    const submitDialog = page.getByRole('dialog', { name: 'Submit this evidence to Stripe?' });
    await submitDialog.getByRole('button', { name: 'Submit evidence' }).click();
    await page.getByText('Stripe sent the evidence to the bank.').waitFor();
    expect(await page.getByTestId('submission-count').innerText()).toBe('1');
    expect((await money.stripe.disputes.retrieve(dispute.stripeDisputeId)).evidence).toMatchObject({ customer_email_address: disputedEmail });

    // 2. The dead-lettered event: read its payload and attempts, then replay it after confirming.
    await page.goto('/');
    await card('stripeEvents.dead').click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'DEAD');
    await rowOf(page, event.id).getByRole('link', { name: event.id }).click();
    await page.waitForURL(`**/stripe-events/${event.id}`);
    expect(JSON.parse(await page.getByTestId('event-payload').innerText())).toMatchObject({ id: event.id, data: { object: { id: paymentIntentId } } });
    expect(await page.getByTestId('event-attempts').getByRole('row').count()).toBe(MAX_EVENT_ATTEMPTS + 1);
    await saveScreenshot(page, 'finance-stripe-event');
    await page.getByRole('button', { name: `Replay ${event.id}` }).click();
    await page.getByRole('dialog', { name: 'Replay this event?' }).getByRole('button', { name: 'Replay event' }).click();
    await page.getByText(`${event.id} will be processed again.`).waitFor();
    await settle(money);
    await page.getByText('PROCESSED', { exact: true }).first().waitFor();

    // 3. A refund made at Stripe behind the ledger's back (its webhook not processed yet): the
    // home counts the difference and opens its month; the difference names the refund and its purchase.
    const { chargeId } = await prisma.purchase.findFirstOrThrow({ where: { paymentIntentId }, select: { chargeId: true } });
    const refund = await money.stripe.refunds.create({ charge: chargeId!, amount: 700 });
    await page.goto('/');
    await expect.poll(() => card('reconciliation').getByTestId('attention-value').textContent().catch(() => null), { timeout: 30_000 }).not.toBe(null);
    await card('reconciliation').click();
    await page.waitForURL((url) => url.pathname === '/reconciliation' && url.searchParams.get('currency') === 'usd');
    const difference = page.getByTestId('reconciliation-differences').getByRole('row').filter({ hasText: refund.id });
    expect(await difference.innerText()).toMatch(/not in the ledger/i);
    await saveScreenshot(page, 'finance-reconciliation');
    await difference.getByRole('link', { name: 'Open purchase' }).click();
    await page.waitForURL(/\/transactions\//);
    await settle(money);
    await expectLedgerBalanced(prisma);
  });

  it('support finds a license by part of the buyer\'s email in the command palette, reads why its validations fail, and issues a replacement', async () => {
    const { prisma } = app.server.db;
    const license = await prisma.license.findFirstOrThrow({
      where: { status: 'ACTIVE', OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }], buyerEmail: { endsWith: `@${SEED_BUYER_DOMAIN}` }, purchase: { status: 'SUCCEEDED' } },
      orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
      include: { plugin: { select: { name: true } }, activations: { where: { deactivatedAt: null }, select: { id: true } } },
    });
    const key = await renderLicenseKey(app.server.app.deps, license);
    // The buyer's new machine is one too many.
    for (let i = license.activations.length; i < license.machineLimit; i += 1) {
      expect((await callLicenseApi(app.server.url, 'activate', { key, fingerprint: `journey-machine-${i}` })).body.code).toBe('VALID');
    }
    expect((await callLicenseApi(app.server.url, 'activate', { key, fingerprint: 'journey-new-desktop' })).body.code).toBe('TOO_MANY_MACHINES');
    await expect.poll(() => prisma.licenseValidation.count({ where: { licenseId: license.id, code: 'TOO_MANY_MACHINES' } }), { timeout: 10_000 }).toBe(1);

    const page = await openSignedIn('SUPPORT');
    const localPart = license.buyerEmail.split('@')[0]!;
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Search the console' }).waitFor();
    await page.keyboard.type(localPart.slice(1).toUpperCase());
    const found = page.getByRole('dialog').getByRole('button', { name: new RegExp(`${escapeRegExp(license.plugin.name)}.*${escapeRegExp(license.buyerEmail)}`) }).first();
    await found.waitFor();
    await saveScreenshot(page, 'support-command-palette');
    await found.click();
    await page.waitForURL(`**/licenses/${license.id}`);

    const log = page.getByTestId('validations-log');
    const tooMany = log.getByRole('row').filter({ hasText: 'TOO_MANY_MACHINES' });
    await tooMany.waitFor();
    expect(await tooMany.innerText()).toMatch(new RegExp(`${license.machineLimit} of ${license.machineLimit}`));
    await log.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'support-license-validations');

    await page.getByRole('button', { name: 'Issue replacement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue replacement license' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Buyer lost track of the old machines; old key retired at their request');
    await dialog.getByRole('button', { name: 'Issue replacement' }).click();
    const newKey = squash(await dialog.getByTestId('replacement-key').innerText());
    expect(newKey).not.toBe(key);
    expect((await callLicenseApi(app.server.url, 'validate', { key: newKey })).body).toMatchObject({ valid: true, code: 'VALID' });
    expect((await callLicenseApi(app.server.url, 'validate', { key })).body).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('moderator opens a new version\'s diff, reads a critical finding on its line, and approves with an override reason', async () => {
    const { prisma } = app.server.db;
    const submission = await prisma.submission.findFirstOrThrow({
      where: { status: 'PENDING', pluginVersion: { version: { endsWith: '.next' } } },
      select: { id: true, plugin: { select: { name: true } } },
    });
    const critical = await prisma.qualityFinding.findFirstOrThrow({ where: { severity: 'CRITICAL', report: { submissionId: submission.id } }, select: { file: true, line: true, ruleId: true } });
    const page = await openSignedIn('MODERATOR');
    await page.goto(`/queue/${submission.id}`);
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByTestId('diff-base').getByText('the last approved version', { exact: false }).waitFor();
    const tree = page.getByRole('tree', { name: 'Changed files' });
    await tree.getByRole('treeitem').filter({ hasText: critical.file }).first().click();
    const note = page.getByTestId('file-diff').getByTestId('line-finding').filter({ hasText: critical.ruleId });
    await note.first().waitFor();
    expect(await note.first().innerText()).toContain('CRITICAL');
    await saveScreenshot(page, 'moderator-version-diff');

    await page.getByTestId('decision-panel').getByRole('button', { name: 'Claim' }).click();
    await page.getByText('Claimed by you').waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Approve and publish/ });
    await dialog.getByTestId('override-warning').waitFor();
    const overrideReason = 'The metadata call only detects the cloud provider and sends nothing back; checked by hand';
    await dialog.getByRole('textbox', { name: 'Override reason' }).fill(overrideReason);
    await dialog.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByTestId('submission-status').getByText('Approved').waitFor();
    expect(await page.getByTestId('history').getByTestId('override-reason').innerText()).toContain(overrideReason);
    expect((await prisma.reviewDecision.findFirstOrThrow({ where: { submissionId: submission.id, kind: 'APPROVE' } })).overrideReason).toBe(overrideReason);
  });
});

describe('prepaid credits (issue 15)', () => {
  it('support grants credits with a reason on a license whose buyer bought a credit pack, and sees the new balance', async () => {
    const { prisma } = app.server.db;
    // Through the running app's public API: a purchase issues the license, its key buys a $10.00 pack.
    const bought = await buyLicense(app.server);
    const pack = await fetch(`${app.server.url}/v1/credit-packs`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ licenseKey: bought.key, packAmount: 1000, paymentMethod: 'pm_card_visa' }),
    });
    expect(pack.status).toBe(201);
    await settle(asMoneyServer(app.server));

    const page = await openSignedIn('SUPPORT');
    await page.goto(`/licenses/${bought.license.id}`);
    const credits = page.getByTestId('license-credits');
    await credits.getByTestId('credit-balance').getByText(formatMoney(1000, 'usd')).waitFor();
    await credits.getByRole('row').filter({ hasText: 'Pack bought' }).waitFor();

    const reason = 'Apology for the sync outage of 2 December';
    await credits.getByRole('button', { name: 'Grant credits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grant credits' });
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('2.50');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await dialog.getByRole('button', { name: 'Grant credits' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await credits.getByTestId('credit-balance').getByText(formatMoney(1250, 'usd')).waitFor();
    expect(squash(await credits.getByRole('row').filter({ hasText: 'Granted' }).innerText())).toContain(`${formatMoney(250, 'usd')} Credits granted by support: ${reason}`);
    await credits.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'support-license-credits');

    // The ledger and the audit log say the same.
    const support = await prisma.user.findUniqueOrThrow({ where: { email: demo('SUPPORT').email } });
    expect((await (await callerFor(app.server, support.id)).licenses.credits({ id: bought.license.id })).balance).toBe(1250);
    expect(await prisma.auditLog.count({ where: { action: 'licenses.grantCredits', targetId: bought.license.id, actorId: support.id, reason } })).toBe(1);
    await expectLedgerBalanced(prisma);
  });
});

describe('revenue by pricing model (issue 15)', () => {
  it('finance opens revenue by pricing model for the seeded year; the one-time and subscription amounts equal the ledger\'s sums per stream', async () => {
    const { prisma } = app.server.db;
    const [fromDay, toDay] = [utcDay(-366), utcDay(0)];
    const period = { from: new Date(`${fromDay}T00:00:00Z`), to: new Date(`${utcDay(1)}T00:00:00Z`) };
    // What buyers paid per stream, straight from the ledger's entries.
    const paid = async (stream: 'ONE_TIME' | 'SUBSCRIPTION') => {
      const { _sum } = await prisma.ledgerEntry.aggregate({ where: { accountType: 'BUYER_PAYMENTS', stream, currency: 'usd', occurredAt: { gte: period.from, lt: period.to } }, _sum: { amount: true } });
      return -Number(_sum.amount ?? 0n);
    };
    const oneTime = await paid('ONE_TIME');
    expect(oneTime).toBeGreaterThan(0);
    const page = await openSignedIn('FINANCE');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Revenue by model', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Revenue by pricing model' }).waitFor();
    await page.goto(`/pricing-models?from=${fromDay}&to=${toDay}&currency=usd`);
    const streams = page.getByTestId('revenue-streams');
    // The Amount column is the second cell of each stream's row.
    const amountOf = (label: string) => streams.getByRole('row').filter({ hasText: label }).getByRole('cell').nth(1);
    await amountOf('One-time').getByText(formatMoney(oneTime, 'usd'), { exact: true }).waitFor();
    expect((await amountOf('Subscriptions').innerText()).trim()).toBe(formatMoney(await paid('SUBSCRIPTION'), 'usd'));
    await page.getByTestId('metric-mrr').waitFor();
    await saveScreenshot(page, 'finance-revenue-by-pricing-model');
  });
});

describe('trials (issue 15)', () => {
  it('support finds a trial license by the buyer\'s email, extends its trial by 7 days with a reason, and sees the new end date; the audit row exists', async () => {
    const { prisma } = app.server.db;
    // Through the running app's public API: a 14-day trial of a paid tier, the card saved server-side.
    const { plugin } = await createTrialPlugin(asMoneyServer(app.server), { trialDays: 14, priceAmount: 1900 });
    const buyerEmail = `trial-${randomUUID().slice(0, 8)}@example.com`;
    const started = await fetch(`${app.server.url}/v1/trials`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ pluginId: plugin.id, tier: 'pro', buyerEmail, fingerprint: `journey-laptop-${randomUUID()}`, paymentMethod: 'pm_card_visa' }),
    });
    expect(started.status).toBe(201);
    const trial = (await started.json()) as { licenseId: string; trialEndsAt: string };
    const key = await renderLicenseKey(app.server.app.deps, await prisma.license.findUniqueOrThrow({ where: { id: trial.licenseId } }));
    expect((await callLicenseApi(app.server.url, 'validate', { key })).body.code).toBe('VALID');

    const page = await openSignedIn('SUPPORT');
    await page.getByRole('navigation').getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('textbox', { name: 'Search licenses' }).fill(buyerEmail);
    // The list is filtered once the search is in the URL (debounced): then the one row is the trial's.
    await page.waitForURL((url) => url.searchParams.get('q') === buyerEmail);
    const row = rowOf(page, buyerEmail);
    await expect.poll(() => page.getByRole('main').getByRole('row').count(), { timeout: 10_000 }).toBe(2); // header + the one match
    await row.getByRole('link', { name: buyerEmail }).click();
    await page.waitForURL(`**/licenses/${trial.licenseId}`);
    const panel = page.getByTestId('license-trial');
    await panel.getByTestId('trial-status').getByText('Active').waitFor();
    expect(await panel.getByTestId('trial-extended').innerText()).toBe('Not extended');
    const before = await panel.getByTestId('trial-ends').innerText();

    const reason = 'Buyer was on leave for the first week';
    await panel.getByRole('button', { name: 'Extend trial' }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend trial' });
    await dialog.getByRole('textbox', { name: 'Days to add' }).fill('7');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await dialog.getByRole('button', { name: 'Extend trial' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await panel.getByTestId('trial-extended').getByText('7 days').waitFor();
    const endsAt = new Date(new Date(trial.trialEndsAt).getTime() + 7 * DAY_MS);
    // As the console shows dates: its one formatter, in the browser's time zone.
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(before).toBe(formatDateTime(new Date(trial.trialEndsAt), zone));
    expect(await panel.getByTestId('trial-ends').innerText()).toBe(formatDateTime(endsAt, zone));
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'support-license-trial');

    // The database and the audit log say the same.
    const support = await prisma.user.findUniqueOrThrow({ where: { email: demo('SUPPORT').email } });
    expect(await prisma.trial.findUniqueOrThrow({ where: { licenseId: trial.licenseId } })).toMatchObject({ endsAt, extendedDays: 7, status: 'ACTIVE' });
    expect(await prisma.license.findUniqueOrThrow({ where: { id: trial.licenseId } })).toMatchObject({ trialEndsAt: endsAt, expiresAt: endsAt });
    expect(await prisma.auditLog.count({ where: { action: 'licenses.extendTrial', targetId: trial.licenseId, actorId: support.id, reason } })).toBe(1);
  });
});

describe('ratings and reviews (issue 16): creators', () => {
  it('a creator replies to a review of their plugin; the reply is public under it and audited', async () => {
    const { prisma } = app.server.db;
    const creatorUser = await prisma.user.findUniqueOrThrow({ where: { email: demo('CREATOR').email }, select: { id: true, creatorAccount: { select: { id: true } } } });
    const creatorId = creatorUser.creatorAccount!.id;
    // The seeded year's reviews when the seed wrote some; else one published review of the demo creator's plugin.
    const unanswered = { creatorId, status: 'PUBLISHED' as const, reply: { is: null } };
    if ((await prisma.review.count({ where: unanswered })) === 0) {
      const plugin = await prisma.plugin.findFirstOrThrow({ where: { creatorId }, select: { id: true, creatorId: true } });
      await insertReview(prisma, plugin, { rating: 4, body: 'Does what it says; the docs could show more examples.' });
    }

    const page = await openSignedIn('CREATOR');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reviews', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    await page.getByTestId('rating-summary').waitFor();
    await page.getByRole('combobox', { name: 'Reply', exact: true }).click();
    await page.getByRole('option', { name: 'Not answered' }).click();
    const card = page.getByTestId('review-list').getByRole('article').filter({ has: page.getByRole('button', { name: 'Reply', exact: true }) }).first();
    const reviewId = (await card.getAttribute('data-testid'))!.replace('review-', '');
    const reply = 'Thanks for the review: more examples are in the docs since 1.4.';
    await card.getByRole('button', { name: 'Reply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reply to the review' });
    await dialog.getByRole('textbox', { name: 'Your reply' }).fill(reply);
    await dialog.getByRole('button', { name: 'Publish reply' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Answered now, it leaves the "Not answered" list; with "Answered" it shows with its reply.
    await page.getByRole('combobox', { name: 'Reply', exact: true }).click();
    await page.getByRole('option', { name: 'Answered', exact: true }).click();
    await page.getByTestId(`review-${reviewId}`).getByTestId('review-reply').getByText(reply).waitFor();
    await saveScreenshot(page, 'creator-reviews-reply');

    expect(await prisma.reviewReply.findUniqueOrThrow({ where: { reviewId }, select: { body: true, authorId: true } })).toEqual({ body: reply, authorId: creatorUser.id });
    expect(await prisma.auditLog.count({ where: { action: 'reviews.reply', targetId: reviewId, actorId: creatorUser.id } })).toBe(1);
  });
});

describe('ratings and reviews (issue 16): moderators', () => {
  it('a moderator works the buyer review queue: hides a review with a leaked key', async () => {
    const { prisma } = app.server.db;
    const key = 'ghp_J0urn3yL3ak3dK3yAbCdEfGhIjKlMnOpQrSt';
    const plugin = await prisma.plugin.findFirstOrThrow({ where: { status: 'PUBLISHED' }, orderBy: { name: 'asc' }, select: { id: true, name: true, creatorId: true } });
    // Queued before anything the seed queued, so it heads the Held tab.
    const held = await insertReview(prisma, plugin, {
      status: 'HELD', signals: ['SECRET'], rating: 1, queuedAt: new Date(Date.now() - 400 * DAY_MS), body: `Broke my build. My token is ${key} if you need to check.`,
    });

    const page = await openSignedIn('MODERATOR');
    await page.getByRole('navigation').getByRole('link', { name: 'Buyer reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buyer reviews' }).waitFor();
    await page.getByRole('tab', { name: /Held/ }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'held');
    await page.locator('tr[data-cursor="true"]').getByText(key, { exact: false }).waitFor();
    await page.keyboard.press('c');
    // The claim's answer first (a notification either way), then the row as the refreshed list draws it.
    await page.getByText('Claimed', { exact: true }).first().waitFor();
    await page.locator('tr[data-cursor="true"]').getByText('You', { exact: true }).waitFor();
    // "o" opens it (Enter would go to the focused tab, as shortcuts leave Enter to a focused control).
    await page.keyboard.press('o');
    await page.waitForURL(`**/moderation/buyer-reviews/${held.id}`);
    await page.getByText('Claimed by you').waitFor();
    expect(await page.locator('mark[data-signal="SECRET"]').innerText()).toBe(key);
    await page.getByRole('combobox', { name: 'Reason' }).fill('Leaked');
    await page.getByRole('option', { name: 'Leaked secret' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message to the author and the creator' }).inputValue()).toMatch(/credential/);
    await saveScreenshot(page, 'moderator-buyer-review');
    await page.getByRole('button', { name: 'Hide review' }).click();
    await page.getByText(/Not in the queue \(hidden\)/).waitFor();

    const moderator = await prisma.user.findUniqueOrThrow({ where: { email: demo('MODERATOR').email }, select: { id: true } });
    expect(await prisma.review.findUniqueOrThrow({ where: { id: held.id }, select: { status: true, queuedAt: true } })).toEqual({ status: 'HIDDEN', queuedAt: null });
    expect(await prisma.reviewModeration.findFirstOrThrow({ where: { reviewId: held.id }, select: { action: true, moderatorId: true, reason: { select: { code: true } } } }))
      .toEqual({ action: 'HIDE', moderatorId: moderator.id, reason: { code: 'LEAKED_SECRET' } });
    expect(await prisma.notification.count({ where: { creatorId: plugin.creatorId, kind: 'review.moderated' } })).toBeGreaterThan(0);
  });
});
