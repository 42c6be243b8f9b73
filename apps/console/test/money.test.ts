import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMoney } from '@marketdesk/shared';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { settle } from '../../api/test/money/helpers.ts';
import { asMoneyServer, buyAndSettle, createSellerWithPlugin, readKpis } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

const DAY_MS = 86_400_000;
const usd = (minor: number) => formatMoney(minor, 'usd');
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

async function readKpiCard(page: Page, testId: string) {
  return (await page.getByTestId(`kpi-${testId}`).getByTestId('kpi-value').innerText()).trim();
}

describe('money console', () => {
  test('finance finds a purchase by buyer email, refunds part of it with the split preview, and the KPIs and the creator\'s earnings move by exactly that', async () => {
    const seller = await createSellerWithPlugin(app.server, 5000);
    const { buyerEmail, purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
    const finance = await app.createUser(['FINANCE']);
    // Yesterday to tomorrow in UTC: whole days, so [from 00:00Z, day after `to` 00:00Z).
    const [fromDay, toDay] = [utcDay(-1), utcDay(1)];
    const period = { from: new Date(`${fromDay}T00:00:00Z`), to: new Date(`${utcDay(2)}T00:00:00Z`), currency: 'usd' };
    const before = await readKpis(app.server, finance.id, period);
    expect(before.grossVolume).toBeGreaterThanOrEqual(5000);

    const page = await app.openPage();
    await signIn(page, finance.email);
    const overviewUrl = `/finance?from=${fromDay}&to=${toDay}&currency=usd&interval=day`;
    await page.goto(overviewUrl);
    await page.getByTestId('stripe-mode-badge').getByText('Stripe emulator').waitFor();
    expect(await readKpiCard(page, 'gross-volume')).toBe(usd(before.grossVolume));
    expect(await readKpiCard(page, 'refunds')).toBe(usd(before.refunds));
    await page.getByTestId('volume-chart').locator('.recharts-bar-rectangle').first().waitFor();

    // Find the purchase by the buyer's email.
    await page.getByRole('navigation').getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('textbox', { name: 'Search purchases' }).fill(buyerEmail);
    await page.waitForURL(/[?&]q=/);
    const row = page.getByRole('row').filter({ hasText: buyerEmail });
    expect(await row.innerText()).toMatch(new RegExp(`${seller.plugin.name}[\\s\\S]*\\$50\\.00[\\s\\S]*Paid`, 'i'));
    expect(await page.getByRole('row').count()).toBe(2); // header + the one match
    await row.getByRole('link', { name: buyerEmail }).click();
    await page.waitForURL(`**/transactions/${purchaseId}`);
    expect(await page.getByTestId('purchase-refundable').innerText()).toBe('$50.00');
    await page.getByTestId('purchase-timeline').getByText(/paid|payment/i).first().waitFor();

    // The refund dialog: major units, checked against USD's two decimals and the cap.
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.getByRole('textbox', { name: 'Amount' });
    expect(await amount.inputValue()).toBe('50.00');
    await amount.fill('12.345');
    await dialog.getByText('USD allows 2 decimal places; "12.345" has 3').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await amount.fill('60');
    await dialog.getByText(/\$60\.00 is more than can be refunded: \$50\.00/).waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('button', { name: /^Refund/ }).isDisabled()).toBe(true);

    // 12.34 of 50.00: the platform gives back its 10 % fee pro rata (1.234 → 1.23), the creator the rest.
    await amount.fill('12.34');
    const preview = dialog.getByTestId('refund-preview');
    await preview.getByText('Split preview: partial refund').waitFor();
    const previewRow = async (id: string) => (await preview.getByTestId(id).innerText()).replace(/\s+/g, ' ').trim();
    expect(await previewRow('refund-amount')).toBe('Refunded to the buyer $12.34');
    expect(await previewRow('creator-share')).toBe("Taken back from the creator's share $11.11");
    expect(await previewRow('platform-share')).toBe('Platform fee given back $1.23');
    expect(await previewRow('refundable-after')).toBe('Still refundable afterwards $37.66');
    expect(await dialog.getByRole('checkbox', { name: 'Revoke the license' }).isChecked()).toBe(false);
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Charged for a seat the buyer never used');
    await saveScreenshot(page, 'refund-dialog');
    await dialog.getByRole('button', { name: 'Refund $12.34' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('purchase-refunds').getByRole('row').filter({ hasText: '$12.34' }).getByText('Succeeded').waitFor();
    await page.getByTestId('purchase-refundable').getByText('$37.66').waitFor();
    const refunds = await app.server.db.prisma.refund.findMany({ where: { purchaseId } });
    expect(refunds).toMatchObject([{ amount: 1234, status: 'SUCCEEDED', reason: 'REQUESTED_BY_CUSTOMER', revokeLicense: false, note: 'Charged for a seat the buyer never used' }]);

    // The overview moves by exactly the refund and its split.
    await page.goto(overviewUrl);
    await page.getByTestId('kpi-refunds').getByText(usd(before.refunds + 1234)).waitFor();
    expect(await readKpiCard(page, 'gross-volume')).toBe(usd(before.grossVolume));
    expect(await readKpiCard(page, 'net-volume')).toBe(usd(before.netVolume - 1234));
    expect(await readKpiCard(page, 'platform-fees')).toBe(usd(before.platformFees - 123));
    expect(await readKpiCard(page, 'net-revenue')).toBe(usd(before.netRevenue - 123));
    expect(await readKpiCard(page, 'creator-earnings')).toBe(usd(before.creatorEarnings - 1111));
    expect(await page.getByTestId('kpi-refunds').innerText()).toContain(`${before.refundCount + 1} refunds`);
    await saveScreenshot(page, 'finance-overview');

    // The creator's own dashboard: 90 % of 50.00, less the 11.11 given back.
    const creatorPage = await app.openPage();
    await signIn(creatorPage, seller.user.email);
    await creatorPage.getByRole('navigation').getByRole('link', { name: 'Earnings' }).click();
    await creatorPage.getByTestId('earnings-available').getByText(usd(4500 - 1111)).waitFor();
    expect(await creatorPage.getByTestId('earnings-lifetime').getByTestId('earnings-value').innerText()).toBe(usd(4500 - 1111));
    const sale = creatorPage.getByTestId('sales-by-plugin').getByRole('row').filter({ hasText: seller.plugin.name });
    expect((await sale.innerText()).replace(/\s+/g, ' ')).toBe(`${seller.plugin.name} 1 $50.00 $12.34 $33.89`);
    await creatorPage.getByTestId('creator-refunds').getByRole('row').filter({ hasText: '$12.34' }).getByText('Requested by customer').waitFor();
  });

  test('a creator sees only their own earnings; another creator\'s by URL is "not found"', async () => {
    const mine = await createSellerWithPlugin(app.server, 2000);
    const theirs = await createSellerWithPlugin(app.server, 9900);
    await buyAndSettle(app.server, mine.plugin.id);
    await buyAndSettle(app.server, theirs.plugin.id);

    const page = await app.openPage();
    await signIn(page, mine.user.email);
    await page.goto('/earnings');
    await page.getByTestId('earnings-available').getByText(usd(1800)).waitFor();
    const sales = page.getByTestId('sales-by-plugin');
    await sales.getByText(mine.plugin.name).waitFor();
    expect(await sales.innerText()).not.toContain(theirs.plugin.name);

    // Their own id by URL is the same dashboard.
    await page.goto(`/earnings/${mine.creator.id}`);
    await page.getByTestId('earnings-available').getByText(usd(1800)).waitFor();

    // Another creator's id: the API answers NOT_FOUND and nothing of theirs is shown.
    await page.goto(`/earnings/${theirs.creator.id}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const main = await page.getByRole('main').innerText();
    expect(main).toContain(`/earnings/${theirs.creator.id}`);
    expect(main).not.toContain(usd(8910));
    expect(await page.getByTestId('earnings-available').count()).toBe(0);

    // And no finance page for a creator.
    await page.goto('/transactions');
    await page.getByText('Not available to your roles').waitFor();
  });

  test('the refund dialog refuses amounts Stripe refuses in KWD and ISK, on the amount field, before anything is sent', async () => {
    const kwd = await buyAndSettle(app.server, (await createSellerWithPlugin(app.server, 12340, 'kwd')).plugin.id);
    const isk = await buyAndSettle(app.server, (await createSellerWithPlugin(app.server, 400_000, 'isk')).plugin.id);
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    for (const [purchaseId, typed, message] of [
      [kwd.purchaseId, '12.345', 'KWD amounts must end in 0: 12.345 KWD is not accepted by Stripe; use 12.340 or 12.350'],
      [isk.purchaseId, '1.50', 'ISK amounts must be whole ISK: 1.50 ISK is not accepted by Stripe; use 1.00 or 2.00'],
    ] as const) {
      await page.goto(`/transactions/${purchaseId}`);
      await page.getByRole('button', { name: 'Refund' }).click();
      const dialog = page.getByRole('dialog');
      const amount = dialog.getByRole('textbox', { name: 'Amount' });
      await amount.fill(typed);
      await dialog.getByText(message).waitFor();
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByRole('button', { name: /^Refund/ }).isDisabled()).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    }
    expect(await app.server.db.prisma.refund.count({ where: { purchaseId: { in: [kwd.purchaseId, isk.purchaseId] } } })).toBe(0);
  });

  test('a full refund of a subscription payment says the subscription ends now, unless finance keeps it; the choice is sent', async () => {
    const seller = await createSellerWithPlugin(app.server, 900);
    await app.server.db.prisma.plugin.update({ where: { id: seller.plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
    const { purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto(`/transactions/${purchaseId}`);
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    const notice = dialog.getByTestId('refund-subscription-notice');
    // The dialog opens on the whole refundable amount: a full refund.
    await notice.getByText('The subscription ends now').waitFor();
    await notice.getByRole('checkbox', { name: 'Keep the subscription running' }).check();
    await notice.getByText('The subscription keeps running').waitFor();
    // A partial refund says nothing about the subscription.
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('1.00');
    await dialog.getByText('Split preview: partial refund').waitFor();
    expect(await notice.count()).toBe(0);
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('9.00');
    await notice.getByText('The subscription keeps running').waitFor();
    await dialog.getByRole('button', { name: /^Refund \$9\.00/ }).click();
    await page.getByTestId('purchase-refundable').getByText('$0.00').waitFor();
    expect(await app.server.db.prisma.refund.findFirstOrThrow({ where: { purchaseId } })).toMatchObject({ amount: 900, keepSubscription: true });
    const { subscriptionId } = await app.server.db.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    expect((await app.server.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId! } })).status).toBe('ACTIVE');
  });

  test('a refund Stripe failed shows as failed on the purchase page, with its reason, and leaves the amount refundable', async () => {
    const seller = await createSellerWithPlugin(app.server, 1000);
    const { purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
    const { chargeId } = await app.server.db.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    // A Dashboard refund the emulator fails; it arrives by webhook.
    const money = asMoneyServer(app.server);
    await money.stripe.refunds.create({ charge: chargeId!, amount: 200, reverse_transfer: true, refund_application_fee: true, metadata: { emulator_refund_status: 'failed' } });
    await settle(money);
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto(`/transactions/${purchaseId}`);
    const row = page.getByTestId('purchase-refunds').getByRole('row').filter({ hasText: '$2.00' });
    await row.getByText('Failed', { exact: true }).waitFor();
    const failed = await app.server.db.prisma.refund.findFirstOrThrow({ where: { purchaseId } });
    expect(failed).toMatchObject({ status: 'FAILED', amount: 200 });
    expect(failed.failureReason).toBeTruthy();
    expect(await row.innerText()).toContain(failed.failureReason);
    expect(await page.getByTestId('purchase-refundable').innerText()).toBe('$10.00');
  });

  test('finance replays a Stripe event from the events page', async () => {
    const seller = await createSellerWithPlugin(app.server, 1500);
    const { purchaseId } = await buyAndSettle(app.server, seller.plugin.id);
    const purchase = await app.server.db.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } });
    const event = await app.server.db.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', status: 'PROCESSED', payload: { path: ['data', 'object', 'id'], equals: purchase.paymentIntentId } } });
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto('/stripe-events?type=payment_intent.succeeded');
    const row = page.getByRole('row').filter({ hasText: event.id });
    await row.getByText('PROCESSED').waitFor();
    await row.getByRole('button', { name: `Replay ${event.id}` }).click();
    await page.getByRole('dialog', { name: 'Replay this event?' }).getByRole('button', { name: 'Replay event' }).click();
    await page.getByText(`${event.id} will be processed again.`).waitFor();
    await row.getByText('PENDING').waitFor();
    expect((await app.server.db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('PENDING');
  });
});
