/**
 * The reconciliation page in Chromium: a month where the ledger and Stripe agree says so with the
 * totals; a refund made at Stripe behind the ledger's back and a ledger posting Stripe never saw
 * are listed as differences, the first linked to its purchase, the second opening its ledger
 * transaction with its entries.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatMoney } from '@marketdesk/shared';
import { postLedgerTransaction, refundEntries } from '../../api/src/modules/payments/ledger.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { asMoneyServer, buyAndSettle, createSellerWithPlugin } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const usd = (minor: number) => formatMoney(minor, 'usd');

describe('reconciliation page', () => {
  test('finance sees a clean month matched, then every difference, drilling to the purchase and to the ledger transaction', async () => {
    const seller = await createSellerWithPlugin(app.server, 2500);
    const { purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reconciliation' }).waitFor();
    const status = page.getByTestId('reconciliation-status');
    await status.getByText('Everything matches').waitFor();
    const ledger = await page.getByTestId('reconciliation-ledger').innerText();
    expect(await page.getByTestId('reconciliation-stripe').innerText()).toBe(ledger);
    expect(await page.getByTestId('reconciliation-difference').innerText()).toBe(usd(0));
    expect(await status.innerText()).toContain(`${ledger} on both sides`);
    const chargeRow = page.getByTestId('reconciliation-by-type').getByRole('row').filter({ hasText: /^charge/ });
    expect(await chargeRow.innerText()).toMatch(/charge\s+1\s/);
    expect(await page.getByTestId('reconciliation-differences').getByText('No differences').count()).toBe(1);
    await saveScreenshot(page, 'reconciliation-matched');

    // A refund made at Stripe whose webhook is not processed, and a posting Stripe never saw.
    const money = asMoneyServer(app.server);
    const { chargeId } = await money.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { chargeId: true } });
    const refund = await money.stripe.refunds.create({ charge: chargeId!, amount: 700 });
    await money.prisma.$transaction((tx) => postLedgerTransaction(tx, {
      externalKey: 'refund:re_ledger_only', kind: 'refund', purchaseId, currency: 'usd', occurredAt: new Date(), description: 'Refund posted without Stripe',
      entries: refundEntries({ creatorId: seller.creator.id, pluginId: seller.plugin.id }, 300),
    }));
    await page.reload();
    await status.getByText('2 differences').waitFor();
    expect(await page.getByTestId('reconciliation-difference').innerText()).toBe(usd(700 - 300));
    const differences = page.getByTestId('reconciliation-differences');
    const stripeOnly = differences.getByRole('row').filter({ hasText: refund.id });
    expect(await stripeOnly.innerText()).toMatch(/not in the ledger/i);
    expect(await stripeOnly.innerText()).toContain(`refund:${refund.id}`);
    const ledgerOnly = differences.getByRole('row').filter({ hasText: 'refund:re_ledger_only' });
    expect(await ledgerOnly.innerText()).toMatch(/not at stripe/i);
    await saveScreenshot(page, 'reconciliation-differences');

    await ledgerOnly.getByRole('button', { name: 'Open ledger transaction refund:re_ledger_only' }).click();
    const drawer = page.getByTestId('ledger-transaction');
    await drawer.getByText('Refund posted without Stripe').waitFor();
    const entries = await drawer.getByRole('table', { name: 'Ledger entries' }).innerText();
    expect(entries).toContain('REFUNDS');
    expect(entries).toContain('STRIPE_BALANCE');
    expect(entries).toContain(usd(-300));
    expect(entries).toContain(seller.plugin.name);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await stripeOnly.getByRole('link', { name: 'Open purchase' }).click();
    await page.waitForURL(`**/transactions/${purchaseId}`);
  });

  test('a month is kept in the URL: another month has nothing to reconcile', async () => {
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto('/reconciliation?month=2024-02&currency=usd');
    await page.getByTestId('reconciliation-status').getByText('Everything matches').waitFor();
    expect(await page.getByTestId('reconciliation-ledger').innerText()).toBe(usd(0));
    expect(await page.getByRole('button', { name: 'Month' }).innerText()).toContain('2024');
  });
});
