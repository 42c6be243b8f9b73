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

  /** Received events, each verified with the SDK against `secret`. */
  events(secret: string): Stripe.Event[] {
    return this.received.map((delivery) => Stripe.webhooks.constructEvent(delivery.body, delivery.signature, secret));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** An onboarded Express account, as a creator gets one. */
export function createCreatorAccount(stripe: Stripe, email = `creator-${Date.now()}@example.com`): Promise<Stripe.Account> {
  return stripe.accounts.create({ type: 'express', country: 'US', email, capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
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
