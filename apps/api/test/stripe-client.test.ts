/**
 * The Stripe access factory: a secret key gives the real SDK against Stripe; no key starts the
 * emulator on loopback and points the same SDK at it.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeAccess } from '../src/platform/stripe/client.ts';
import { tempDataDir, WebhookReceiver } from '@marketdesk/stripe-emulator/testing';

describe('createStripeAccess', () => {
  it('uses Stripe itself when a secret key is given, starting nothing', async () => {
    const access = await createStripeAccess({ secretKey: 'sk_test_real_key_never_called', webhookSecret: 'whsec_from_dashboard', dataDir: tempDataDir() });
    expect(access.mode).toBe('stripe');
    expect(access.stripe).toBeInstanceOf(Stripe);
    expect(access.webhookSecret).toBe('whsec_from_dashboard');
    expect(access.emulator).toBeUndefined();
    await access.close();
  });

  it('starts the emulator on 127.0.0.1 and points the SDK at it when no key is given', async () => {
    const receiver = await WebhookReceiver.start();
    const access = await createStripeAccess({ dataDir: tempDataDir(), webhookUrl: receiver.url, maxNetworkRetries: 0 });
    try {
      expect(access.mode).toBe('emulator');
      expect(access.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(access.webhookSecret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
      const customer = await access.stripe.customers.create({ email: 'factory@example.com' });
      expect(customer.id).toMatch(/^cus_/);
      const health = await fetch(`${access.emulator!.url}/_emulator/health`).then((response) => response.json());
      expect(health).toMatchObject({ ok: true, mode: 'emulator', webhook_url: receiver.url });
      await access.emulator!.waitForDeliveries();
      const [event] = receiver.events(access.webhookSecret!);
      expect(event).toMatchObject({ type: 'customer.created', data: { object: { id: customer.id } } });
    } finally {
      await access.close();
      await receiver.close();
    }
  });

  it('signs with a configured webhook secret in emulator mode', async () => {
    const receiver = await WebhookReceiver.start();
    const access = await createStripeAccess({ dataDir: tempDataDir(), webhookSecret: 'whsec_configured_for_tests', maxNetworkRetries: 0 });
    try {
      expect(access.webhookSecret).toBe('whsec_configured_for_tests');
      access.emulator!.configureWebhooks({ url: receiver.url });
      await access.stripe.customers.create({ email: 'late-url@example.com' });
      await access.emulator!.waitForDeliveries();
      expect(receiver.events('whsec_configured_for_tests').map((event) => event.type)).toEqual(['customer.created']);
    } finally {
      await access.close();
      await receiver.close();
    }
  });

  it('shares a running emulator by URL instead of starting another', async () => {
    const owner = await createStripeAccess({ dataDir: tempDataDir(), maxNetworkRetries: 0 });
    const sharer = await createStripeAccess({ dataDir: tempDataDir(), emulatorUrl: owner.emulatorUrl, maxNetworkRetries: 0 });
    try {
      expect(sharer).toMatchObject({ mode: 'emulator', emulator: undefined, emulatorUrl: owner.emulatorUrl, webhookSecret: owner.webhookSecret });
      const customer = await sharer.stripe.customers.create({ email: 'shared@example.com' });
      expect((await owner.stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
      // Stripe's clock is the owner's shifted one for both (renewal workers follow a seed's story).
      const story = Math.floor(Date.UTC(2026, 0, 15) / 1000);
      owner.emulator!.control.setClock({ now: story });
      expect(Math.abs((await sharer.now()) - story)).toBeLessThan(5);
      expect(Math.abs((await owner.now()) - story)).toBeLessThan(5);
      owner.emulator!.control.setClock({ isReset: true });
    } finally {
      await sharer.close();
      await owner.close();
    }
  });
});
