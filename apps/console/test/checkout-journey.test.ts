/**
 * A buyer's checkout, end to end in Debian's Chromium: POST /v1/purchases answers a Checkout page;
 * the buyer opens it, pays with a card that needs 3-D Secure, completes the challenge and lands
 * on the success URL; the signed webhooks (drained as the workers would) mark the purchase paid
 * and issue its license. The Checkout and challenge pages are the built-in Stripe emulator's.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPurchaseCreateOutput } from '@marketdesk/shared';
import { drainStripeEvents } from '../../api/src/modules/payments/stripe-events.ts';
import { createSeller, onboardSeller } from '../../api/test/money/helpers.ts';
import { startConsole, type ConsoleUnderTest } from './browser.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('buyer checkout', () => {
  it('pays on the hosted page with a 3-D Secure card, completes the challenge, lands on success_url; the purchase is paid and licensed', async () => {
    const { server } = app;
    const prisma = server.db.prisma;
    const { plugin, creator } = await createSeller(prisma, { priceAmount: 1900 });
    await onboardSeller(server, creator.id);
    const successUrl = `${server.url}/checkout/success?session_id={CHECKOUT_SESSION_ID}`;
    const response = await fetch(`${server.url}/v1/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ pluginId: plugin.id, buyerEmail: `buyer-${randomUUID().slice(0, 8)}@example.com`, successUrl, cancelUrl: `${server.url}/checkout/canceled` }),
    });
    expect(response.status).toBe(201);
    const purchase = ZPurchaseCreateOutput.parse(await response.json());
    expect(purchase).toMatchObject({ status: 'PENDING', amount: 1900, checkoutSessionId: expect.stringMatching(/^cs_test_/) });

    const page = await app.openPage();
    await page.goto(purchase.checkoutUrl!);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('$19.00');
    await expect.poll(() => page.getByRole('listitem').first().innerText()).toBe(plugin.name);
    await page.getByLabel('Card number').fill('4000 0025 0000 3155');
    await page.getByRole('button', { name: 'Pay' }).click();

    await page.getByRole('button', { name: 'Complete authentication' }).waitFor();
    const paymentIntentId = new URL(page.url()).pathname.split('/')[3]!;
    const stripe = server.app.deps.stripe!.stripe;
    expect((await stripe.paymentIntents.retrieve(paymentIntentId)).status).toBe('requires_action');
    await page.getByRole('button', { name: 'Complete authentication' }).click();

    await page.waitForURL((url) => url.pathname === '/checkout/success');
    expect(new URL(page.url()).searchParams.get('session_id')).toBe(purchase.checkoutSessionId);

    await expect.poll(async () => {
      await server.app.deps.stripe!.emulator!.waitForDeliveries();
      await drainStripeEvents(server.app.deps, { workerId: 'checkout-journey' });
      return (await prisma.purchase.findUniqueOrThrow({ where: { id: purchase.purchaseId } })).status;
    }, { timeout: 20_000 }).toBe('SUCCEEDED');
    const paid = await prisma.purchase.findUniqueOrThrow({ where: { id: purchase.purchaseId } });
    expect(paid).toMatchObject({ paymentIntentId, checkoutSessionId: purchase.checkoutSessionId, chargeId: expect.stringMatching(/^ch_/) });
    expect(await prisma.license.findFirst({ where: { purchaseId: purchase.purchaseId } })).toMatchObject({ status: 'ACTIVE', pluginId: plugin.id });
  });
});
