/**
 * The home's "what needs me now" in Chromium: a finance user with a dead-lettered webhook event
 * and a dispute awaiting evidence sees both counts with the due date, the reconciliation item
 * (the test server runs the Stripe emulator) after them, and each card opens its filtered list;
 * a moderator's overdue count opens the queue's Overdue tab.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../../api/src/modules/auth/sign-in.ts';
import { postLedgerTransaction } from '../../api/src/modules/payments/ledger.ts';
import { createCreator, createPlugin, createSubmission } from '../../api/test/factories.ts';
import { formatDateTime } from '../src/lib/format.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { buyAndSettle, createSellerWithPlugin } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('home: what needs me now', () => {
  test('finance sees the dispute awaiting evidence and the dead-lettered event, and each opens its filtered list', async () => {
    const { prisma } = app.server.db;
    const { plugin } = await createSellerWithPlugin(app.server, 2400);
    const { buyerEmail, purchaseId } = await buyAndSettle(app.server, plugin.id);
    const evidenceDueBy = new Date(Date.now() + 3 * 86_400_000);
    evidenceDueBy.setUTCSeconds(0, 0);
    await prisma.dispute.create({ data: { stripeDisputeId: `dp_${randomUUID().slice(0, 12)}`, purchaseId, amount: 2400, currency: 'usd', reason: 'fraudulent', status: 'NEEDS_RESPONSE', evidenceDueBy } });
    const deadEventId = `evt_dead_${randomUUID().slice(0, 12)}`;
    await prisma.stripeEvent.create({ data: { id: deadEventId, type: 'charge.dispute.created', payload: {}, status: 'DEAD', attempts: 8, lastError: 'gave up after 8 attempts', stripeCreatedAt: new Date(), receivedAt: new Date() } });

    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.getByTestId('signed-in-as').waitFor();
    const disputes = page.getByTestId('attention-disputes.evidenceDue');
    const dead = page.getByTestId('attention-stripeEvents.dead');
    await disputes.waitFor();
    expect(await disputes.getByTestId('attention-value').innerText()).toBe('1');
    expect(await disputes.innerText()).toContain(`Nearest evidence due date: ${formatDateTime(evidenceDueBy)}`);
    expect(await dead.getByTestId('attention-value').innerText()).toBe('1');
    expect(await page.getByTestId('attention-stripeEvents.failed').getByTestId('attention-value').innerText()).toBe('0');
    expect(await page.getByTestId('attention-payouts.failed').getByTestId('attention-value').innerText()).toBe('0');
    // The reconciliation asks Stripe (here the emulator) on its own, after the counts: it ends in a figure.
    const reconciliation = page.getByTestId('attention-reconciliation');
    await reconciliation.getByTestId('attention-value').waitFor({ timeout: 30_000 });
    expect(await reconciliation.innerText()).toMatch(/Ledger and Stripe agree|USD/);
    await saveScreenshot(page, 'home-finance');

    await dead.click();
    await page.waitForURL('**/stripe-events?status=DEAD');
    await page.getByText(deadEventId).waitFor();

    await page.goBack();
    await page.getByTestId('attention-disputes.evidenceDue').click();
    await page.waitForURL('**/disputes?status=NEEDS_RESPONSE');
    await page.getByRole('link', { name: buyerEmail }).waitFor();

    // Money the ledger holds and Stripe never saw: the reconciliation card counts the month and opens it.
    const entries = [{ accountType: 'BUYER_PAYMENTS' as const, amount: -700 }, { accountType: 'STRIPE_BALANCE' as const, amount: 700 }];
    await prisma.$transaction((tx) => postLedgerTransaction(tx, { externalKey: `manual:${randomUUID()}`, kind: 'payment', currency: 'usd', occurredAt: new Date(), entries }));
    await page.goto('/');
    const differences = page.getByTestId('attention-reconciliation');
    await expect.poll(() => differences.getByTestId('attention-value').textContent().catch(() => null), { timeout: 30_000 }).toBe('1');
    expect(await differences.innerText()).toContain('USD: $7.00');
    await differences.click();
    const month = new Date().toISOString().slice(0, 7);
    await page.waitForURL(`**/reconciliation?month=${month}&currency=usd`);
  });

  test('a moderator\'s overdue count opens the queue\'s Overdue tab with those submissions', async () => {
    const { prisma } = app.server.db;
    const plugin = await createPlugin(prisma, (await createCreator(prisma)).id);
    await createSubmission(prisma, plugin, { dueAt: new Date(Date.now() - 2 * 86_400_000) });
    await createSubmission(prisma, plugin, { dueAt: new Date(Date.now() - 3_600_000), hasCriticalFindings: true });
    const moderator = await app.createUser(['MODERATOR']);
    const page = await app.openPage();
    await signIn(page, moderator.email);
    const overdue = page.getByTestId('attention-submissions.overdue');
    await overdue.waitFor();
    expect(await overdue.getByTestId('attention-value').innerText()).toBe('2');
    expect(await page.getByTestId('attention-submissions.critical').getByTestId('attention-value').innerText()).toBe('1');
    // A moderator has no finance section, so no reconciliation is asked for.
    expect(await page.getByTestId('attention-reconciliation').count()).toBe(0);
    await overdue.click();
    await page.waitForURL('**/queue?due=overdue');
    await page.getByRole('tab', { name: /Overdue/, selected: true }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: plugin.name }).count()).toBe(2);
  });

  test('a creator sees their own submissions awaiting a reply and balance; an admin the locked-out account', async () => {
    const { prisma } = app.server.db;
    const { user: creatorUser, plugin } = await createSellerWithPlugin(app.server, 1500);
    await buyAndSettle(app.server, plugin.id);
    await createSubmission(prisma, plugin, { status: 'CHANGES_REQUESTED' });
    // Another creator's change request is not the signed-in creator's to answer.
    const other = await createPlugin(prisma, (await createCreator(prisma)).id);
    await createSubmission(prisma, other, { status: 'CHANGES_REQUESTED' });
    const page = await app.openPage();
    await signIn(page, creatorUser.email);
    const replies = page.getByTestId('attention-submissions.changesRequested');
    await replies.waitFor();
    expect(await replies.getByTestId('attention-value').innerText()).toBe('1');
    // 90 % of 15.00 USD is the creator's (DESIGN.md), as the Earnings page shows it.
    expect(await page.getByTestId('attention-creator.balance').getByTestId('attention-value').innerText()).toBe('$13.50');
    await saveScreenshot(page, 'home-creator');
    await replies.click();
    await page.waitForURL('**/my-submissions?status=CHANGES_REQUESTED');
    await page.getByText(plugin.name).first().waitFor();
    expect(await page.getByText(other.name).count()).toBe(0);

    const locked = await app.createUser(['SUPPORT']);
    await prisma.signInThrottle.create({ data: { key: `email-client:${locked.email} 203.0.113.9`, attempts: MAX_FAILED_SIGN_INS, windowStart: new Date() } });
    const admin = await app.createUser(['ADMIN']);
    const adminPage = await app.openPage();
    await signIn(adminPage, admin.email);
    const lockedOut = adminPage.getByTestId('attention-accounts.lockedOut');
    await lockedOut.waitFor();
    expect(await lockedOut.getByTestId('attention-value').innerText()).toBe('1');
    await lockedOut.click();
    await adminPage.waitForURL('**/staff-accounts?status=locked');
    await adminPage.getByText(locked.email).waitFor();
  });
});
