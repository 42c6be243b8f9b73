/**
 * Dispute evidence in Chromium: finance opens a chargeback from the Disputes list (filtered from
 * the URL, as the home page links to it), uploads a receipt PDF (to Stripe Files through the API),
 * submits the evidence after the confirmation that says it is final, and sees it submitted; once
 * Stripe's test rule (uncategorized_text = winning_evidence) decides it, the page shows Won.
 * Everything through the real path: the API, the built-in Stripe emulator, the webhook inbox.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buy, settle } from '../../api/test/money/helpers.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { asMoneyServer, createSellerWithPlugin } from './money-data.ts';
import { findSeriousViolationsInBothThemes } from './axe.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('dispute evidence', () => {
  test('finance opens a dispute from the list, uploads a receipt, submits evidence, and sees it won', async () => {
    const money = asMoneyServer(app.server);
    const seller = await createSellerWithPlugin(app.server, 3000);
    const buyerEmail = `disputed-${randomUUID().slice(0, 8)}@example.com`;
    const { purchaseId } = await buy(money, seller.plugin.id, { email: buyerEmail, paymentMethod: 'pm_card_createDispute' });
    await settle(money);
    const dispute = await money.prisma.dispute.findFirstOrThrow({ where: { purchaseId } });
    expect(dispute.status).toBe('NEEDS_RESPONSE');

    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto('/disputes?status=NEEDS_RESPONSE');
    const row = page.getByRole('row').filter({ hasText: buyerEmail });
    expect(await row.innerText()).toMatch(/Due in 7 days/i);
    await row.getByText(seller.plugin.name).click();
    await page.waitForURL(`**/disputes/${dispute.id}`);
    await page.getByRole('heading', { level: 1, name: 'Dispute of $30.00' }).waitFor();
    await page.getByRole('link', { name: seller.plugin.name }).waitFor();
    expect(await page.getByTestId('evidence-due').innerText()).toMatch(/Due in 7 days/i);
    expect(await page.getByText(/Evidence due/).locator('..').innerText()).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);

    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
    await page.getByLabel('Product description').fill('Paid plugin, license key emailed at purchase and activated the same day');
    await page.getByLabel('Customer email address').fill(buyerEmail);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /^Receipt/ }).click();
    await (await chooser).setFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('evidence-file-receipt').getByText('receipt.pdf').waitFor();
    await page.getByLabel('Additional information').fill('winning_evidence');
    await saveScreenshot(page, 'dispute-evidence-form');

    await page.getByRole('button', { name: 'Submit to Stripe' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit this evidence to Stripe?' });
    await dialog.getByText('Submitting is final', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Submit evidence' }).click();
    await page.getByText('Stripe sent the evidence to the bank.').waitFor();
    await page.getByTestId('evidence-closed').getByText('already submitted', { exact: false }).waitFor();
    expect(await page.getByTestId('submission-count').innerText()).toBe('1');
    expect(await page.getByRole('button', { name: 'Submit to Stripe' }).count()).toBe(0);
    expect(await page.getByTestId('evidence-sent').innerText()).toMatch(/Receipt\s+file_\w+[\s\S]*Additional information\s+winning_evidence/);

    const atStripe = await money.stripe.disputes.retrieve(dispute.stripeDisputeId);
    expect(atStripe.evidence).toMatchObject({ customer_email_address: buyerEmail, uncategorized_text: 'winning_evidence' });
    expect((await money.stripe.files.retrieve(atStripe.evidence.receipt as string)).filename).toBe('receipt.pdf');

    // Stripe decides (test mode: winning_evidence); the webhook inbox records it; the page, polling while under review, shows it.
    await settle(money);
    await page.getByTestId('dispute-outcome').getByText('Won', { exact: true }).waitFor({ timeout: 20_000 });
    expect((await money.prisma.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).status).toBe('WON');
    await page.getByTestId('evidence-closed').getByText('The dispute is closed (won)', { exact: false }).waitFor();
    expect(await findSeriousViolationsInBothThemes(page)).toEqual([]);
    await saveScreenshot(page, 'dispute-won');
  });

  test('support cannot open the dispute page', async () => {
    const support = await app.createUser(['SUPPORT']);
    const dispute = await app.server.db.prisma.dispute.findFirstOrThrow();
    const page = await app.openPage();
    await signIn(page, support.email);
    await page.goto(`/disputes/${dispute.id}`);
    await page.getByText('Not available to your roles').waitFor();
    expect(await page.getByRole('button', { name: 'Submit to Stripe' }).count()).toBe(0);
  });
});
