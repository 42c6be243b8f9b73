/**
 * Test helpers for the Stripe emulator: an emulator in a fresh temp folder with the real SDK
 * pointed at it, a webhook receiver that records raw bodies, and a few Marketdesk-shaped
 * operations (onboard a creator, buy a plugin with a destination charge).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './index.ts';
import { onboardingTestForm } from './resources/onboarding.ts';

export { onboardingTestForm };

export interface EmulatorHarness {
  emulator: StripeEmulator;
  stripe: Stripe;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'md-stripe-'));
}

/** The SDK configured against `emulator`, without retries unless asked. */
export function sdkFor(emulator: StripeEmulator, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe('sk_test_emulator_tests', { host: emulator.host, port: emulator.port, protocol: 'http', telemetry: false, maxNetworkRetries: 0, ...config });
}

/** Starts an emulator in `dataDir`, or in a new temp folder that close() removes. */
export async function startHarness(options: Partial<StripeEmulatorOptions> = {}): Promise<EmulatorHarness> {
  const dataDir = options.dataDir ?? tempDataDir();
  const emulator = await startStripeEmulator({ asyncDelayMs: 5, ...options, dataDir });
  const close = async () => {
    await emulator.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { emulator, stripe: sdkFor(emulator), dataDir, close };
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

/** A local HTTP endpoint that records every webhook POST; `failNext` answers 500 that many times. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  failNext = 0;
  url = '';
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (this.failNext > 0) {
        this.failNext -= 1;
        res.writeHead(500).end('down');
        return;
      }
      this.received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) });
      res.writeHead(200).end('ok');
    });
  });

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', () => resolve()));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/webhooks/stripe`;
    return receiver;
  }

  /**
   * Received events, each verified with the SDK against `secret` (or, when the receiver serves
   * both endpoints, against the first of `secrets` that verifies it).
   * @throws Error when one verifies with none.
   */
  events(...secrets: [string, ...string[]]): Stripe.Event[] {
    return this.received.map((delivery) => {
      for (const secret of secrets.slice(1)) {
        try {
          return Stripe.webhooks.constructEvent(delivery.body, delivery.signature, secret);
        } catch {
          // try the next secret; the first one reports the failure below
        }
      }
      return Stripe.webhooks.constructEvent(delivery.body, delivery.signature, secrets[0]);
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** An onboarded Express account, as a creator gets one: created (restricted), then onboarded through an Account Link. */
export async function createCreatorAccount(stripe: Stripe, email = `creator-${Date.now()}@example.com`): Promise<Stripe.Account> {
  const account = await stripe.accounts.create({ type: 'express', country: 'US', email, capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
  return onboardThroughAccountLink(stripe, account.id);
}

/**
 * Onboards connected account `accountId` as its holder would: makes an Account Link and submits
 * the emulator's hosted form with test values (the link's return_url is then where it redirects).
 * @returns the account, re-read. @throws Error when the form is not accepted.
 */
export async function onboardThroughAccountLink(stripe: Stripe, accountId: string): Promise<Stripe.Account> {
  const link = await stripe.accountLinks.create({ account: accountId, type: 'account_onboarding', refresh_url: 'https://marketdesk.example/refresh', return_url: 'https://marketdesk.example/return' });
  const response = await fetch(link.url, { method: 'POST', body: new URLSearchParams(onboardingTestForm()), redirect: 'manual' });
  if (response.status !== 302) throw new Error(`The onboarding form of ${accountId} answered ${response.status}: ${await response.text()}`);
  return stripe.accounts.retrieve(accountId);
}

/** A paid purchase: destination charge to `creator` with the platform's fee, confirmed with a test card. */
export function buyPlugin(
  stripe: Stripe,
  input: { creator: string; amount: number; fee: number; currency?: string; paymentMethod?: string; metadata?: Record<string, string> },
  options?: Stripe.RequestOptions,
): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create(
    {
      amount: input.amount,
      currency: input.currency ?? 'usd',
      application_fee_amount: input.fee,
      transfer_data: { destination: input.creator },
      payment_method: input.paymentMethod ?? 'pm_card_visa',
      confirm: true,
      metadata: input.metadata ?? { plugin: 'demo-plugin' },
    },
    options,
  );
}

/** POSTs JSON to a control endpoint of the emulator. */
export async function control(emulator: StripeEmulator, method: string, route: string, body?: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}
