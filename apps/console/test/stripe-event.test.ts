/**
 * The webhook event page in Chromium: an event dead-lettered through the real path (Stripe
 * unreachable for every one of its attempts) is found from the list's DEAD filter, read (payload,
 * object, attempts with their errors), replayed after the confirmation and seen processed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buy, settle } from '../../api/test/money/helpers.ts';
import { drainStripeEvents, MAX_EVENT_ATTEMPTS } from '../../api/src/modules/payments/stripe-events.ts';
import { saveScreenshot, signIn, startConsole, type ConsoleUnderTest } from './browser.ts';
import { asMoneyServer, createSellerWithPlugin } from './money-data.ts';

let app: ConsoleUnderTest;
beforeAll(async () => {
  app = await startConsole();
});
afterAll(() => app?.close());

describe('Stripe event page', () => {
  test('finance opens a DEAD event from the list, reads its payload, replays it after confirming and sees it processed', async () => {
    const money = asMoneyServer(app.server);
    const emulator = app.server.app.deps.stripe!.emulator!;
    const seller = await createSellerWithPlugin(app.server, 1800);
    const { purchaseId, paymentIntentId } = await buy(money, seller.plugin.id, { email: `dead-${randomUUID().slice(0, 8)}@example.com` });
    await emulator.waitForDeliveries();
    const event = await money.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    // Stripe unreachable for every attempt, for days: the event goes DEAD after MAX_EVENT_ATTEMPTS.
    // An outage outlasting Stripe's 3-day retry window: only then does a Stripe outage dead-letter an event.
    await money.prisma.stripeEvent.update({ where: { id: event.id }, data: { stripeCreatedAt: new Date(Date.now() - 4 * 86_400_000) } });
    emulator.control.setOutage({ count: 10_000 });
    try {
      for (let attempt = 1; attempt <= MAX_EVENT_ATTEMPTS; attempt += 1) {
        await money.prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
        await drainStripeEvents(app.server.app.deps, { workerId: 'browser-test-worker' });
      }
    } finally {
      emulator.control.clearOutage();
    }
    expect((await money.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('DEAD');

    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto('/stripe-events?status=DEAD');
    await page.getByRole('row').filter({ hasText: event.id }).getByRole('link', { name: event.id }).click();
    await page.waitForURL(`**/stripe-events/${event.id}`);
    await page.getByRole('heading', { level: 1, name: 'payment_intent.succeeded' }).waitFor();
    await page.getByText('DEAD', { exact: true }).first().waitFor();
    const payload = await page.getByTestId('event-payload').innerText();
    expect(JSON.parse(payload)).toMatchObject({ id: event.id, type: 'payment_intent.succeeded', data: { object: { id: paymentIntentId, object: 'payment_intent' } } });
    expect(await page.getByTestId('event-object').innerText()).toContain(paymentIntentId);
    const attempts = page.getByTestId('event-attempts').getByRole('row');
    expect(await attempts.count()).toBe(MAX_EVENT_ATTEMPTS + 1);
    expect(await attempts.last().innerText()).toMatch(new RegExp(`^${MAX_EVENT_ATTEMPTS}\\s.*DEAD.*attempt ${MAX_EVENT_ATTEMPTS}: `, 's'));
    await saveScreenshot(page, 'stripe-event-dead');

    await page.getByRole('button', { name: `Replay ${event.id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay this event?' });
    await dialog.getByText('re-fetches the object the event names from Stripe', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Replay event' }).click();
    await page.getByText(`${event.id} will be processed again.`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('PENDING', { exact: true }).first().waitFor();
    await settle(money);
    await page.getByText('PROCESSED', { exact: true }).first().waitFor();
    expect(await attempts.count()).toBe(MAX_EVENT_ATTEMPTS + 2);
    expect(await attempts.last().innerText()).toMatch(/^1\s.*PROCESSED/s);
    await page.getByTestId('event-object').getByRole('link', { name: 'Open its purchase' }).click();
    await page.waitForURL(`**/transactions/${purchaseId}`);
    expect((await money.prisma.purchase.findUniqueOrThrow({ where: { id: purchaseId } })).status).toBe('SUCCEEDED');
  });

  test('the list\'s replay asks for confirmation too, and Cancel replays nothing', async () => {
    const event = await app.server.db.prisma.stripeEvent.findFirstOrThrow({ where: { status: 'PROCESSED' } });
    const finance = await app.createUser(['FINANCE']);
    const page = await app.openPage();
    await signIn(page, finance.email);
    await page.goto(`/stripe-events?type=${event.type}`);
    await page.getByRole('row').filter({ hasText: event.id }).getByRole('button', { name: `Replay ${event.id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay this event?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await app.server.db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('PROCESSED');
  });
});
