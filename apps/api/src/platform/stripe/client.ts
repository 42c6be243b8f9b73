/**
 * The one way Marketdesk gets a Stripe client. With a secret key: the real `stripe` SDK against
 * api.stripe.com. Without one: the built-in emulator (./emulator) started on a loopback port,
 * and the same SDK pointed at it over plain HTTP — the rest of the code cannot tell the
 * difference except through `mode`, which the console shows.
 */
import type { Logger } from 'pino';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from '@marketdesk/stripe-emulator';

/** The key the SDK presents to the emulator (any `sk_test_…` key is accepted there). */
export const EMULATOR_SECRET_KEY = 'sk_test_marketdesk_emulator';

// Plain HTTP on loopback; no telemetry, whose buffer overflows with warnings under parallel
// requests (e.g. a seed) and which would only report on the emulator to itself.
const EMULATOR_SDK_CONFIG = { protocol: 'http', telemetry: false } as const;

export interface StripeAccessOptions {
  /** `STRIPE_SECRET_KEY`; unset → the emulator. */
  secretKey?: string;
  /**
   * Signing secret of the webhook endpoint (`whsec_…`). With Stripe: the endpoint's secret from
   * the Dashboard (`STRIPE_WEBHOOK_SECRET`). With the emulator: optional; when unset, the one the
   * emulator keeps in the data folder.
   */
  webhookSecret?: string;
  /**
   * Signing secret of the Connect webhook endpoint, which receives connected accounts' events
   * (payouts, account.updated). With Stripe: that endpoint's secret from the Dashboard
   * (`STRIPE_CONNECT_WEBHOOK_SECRET`). With the emulator: optional, as `webhookSecret`.
   */
  connectWebhookSecret?: string;
  /** Data folder; the emulator keeps its state in `<dataDir>/stripe-emulator/`. */
  dataDir: string;
  /**
   * URL of an emulator another process runs (`STRIPE_EMULATOR_URL`), so that several API copies
   * share one: no emulator is started, the SDK talks to that one.
   */
  emulatorUrl?: string;
  /** Where the emulator POSTs events, e.g. `http://127.0.0.1:3000/webhooks/stripe`; can be set later with `emulator.configureWebhooks`. */
  webhookUrl?: string;
  /** SDK retries on network errors, 409 and 5xx (default 2, the SDK's). */
  maxNetworkRetries?: number;
  /** SDK request timeout in ms (default 80 000, the SDK's). */
  timeoutMs?: number;
  /** Further emulator options (delivery tests, fees, port). */
  emulator?: Omit<StripeEmulatorOptions, 'dataDir' | 'log'>;
  log?: Logger;
}

export interface StripeAccess {
  stripe: Stripe;
  mode: 'stripe' | 'emulator';
  /** Secret to verify `Stripe-Signature` with; undefined when Stripe is used and none was configured. */
  webhookSecret: string | undefined;
  /** Secret to verify the Connect endpoint's `Stripe-Signature` with; undefined when Stripe is used and none was configured. */
  connectWebhookSecret: string | undefined;
  /** The emulator this process started (control actions, delivery helpers). */
  emulator: StripeEmulator | undefined;
  /** Base URL of the emulator in use (started here or shared), for its `/_emulator/` controls. */
  emulatorUrl: string | undefined;
  /**
   * Stripe's clock, Unix seconds: real time with Stripe; the emulator's clock otherwise (a seed
   * shifts it into the past, and time-driven jobs such as renewals must follow it), read from
   * the shared emulator's health check when another process runs it.
   */
  now(): Promise<number>;
  /** Stops the emulator, if one was started. */
  close(): Promise<void>;
}

const realNow = async () => Math.floor(Date.now() / 1000);

/**
 * Builds the Stripe client for `options`: Stripe itself when `secretKey` is set; else the emulator
 * at `emulatorUrl` when given; else a freshly started emulator on 127.0.0.1 (port 0) with its
 * state in `dataDir`.
 * @throws Error when the emulator cannot start (folder used by another live emulator, unreadable
 *   state files, no free port) or the shared one does not answer.
 */
export async function createStripeAccess(options: StripeAccessOptions): Promise<StripeAccess> {
  const sdkConfig = {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    appInfo: { name: 'Marketdesk' },
  };
  if (options.secretKey) {
    return {
      stripe: new Stripe(options.secretKey, sdkConfig),
      mode: 'stripe',
      webhookSecret: options.webhookSecret,
      connectWebhookSecret: options.connectWebhookSecret,
      emulator: undefined,
      emulatorUrl: undefined,
      now: realNow,
      close: async () => {},
    };
  }
  if (options.emulatorUrl) return connectToSharedEmulator(options.emulatorUrl, { webhookSecret: options.webhookSecret, connectWebhookSecret: options.connectWebhookSecret }, sdkConfig);

  const emulator = await startStripeEmulator({
    ...options.emulator,
    dataDir: options.dataDir,
    host: '127.0.0.1',
    port: options.emulator?.port ?? 0,
    webhooks: {
      ...options.emulator?.webhooks,
      ...(options.webhookUrl ? { url: options.webhookUrl } : {}),
      ...(options.webhookSecret ? { secret: options.webhookSecret } : {}),
      ...(options.connectWebhookSecret ? { connect: { ...options.emulator?.webhooks?.connect, secret: options.connectWebhookSecret } } : {}),
    },
    ...(options.log ? { log: options.log } : {}),
  });
  const stripe = new Stripe(EMULATOR_SECRET_KEY, { ...sdkConfig, ...EMULATOR_SDK_CONFIG, host: emulator.host, port: emulator.port });
  return {
    stripe,
    mode: 'emulator',
    webhookSecret: emulator.webhookSecret,
    connectWebhookSecret: emulator.connectWebhookSecret,
    emulator,
    emulatorUrl: emulator.url,
    now: async () => emulator.control.now(),
    close: () => emulator.close(),
  };
}

/** @throws Error when the emulator at `url` does not answer its health check. */
async function connectToSharedEmulator(url: string, secrets: { webhookSecret?: string; connectWebhookSecret?: string }, sdkConfig: Stripe.StripeConfig): Promise<StripeAccess> {
  const base = new URL(url);
  const response = await fetch(new URL('/_emulator/health', base));
  if (!response.ok) throw new Error(`No Stripe emulator answers at ${url} (health check: HTTP ${response.status})`);
  const health = (await response.json()) as { webhook_secret: string; connect_webhook_secret?: string };
  const stripe = new Stripe(EMULATOR_SECRET_KEY, { ...sdkConfig, ...EMULATOR_SDK_CONFIG, host: base.hostname, port: Number(base.port || 80) });
  const now = async () => {
    const clock = await fetch(new URL('/_emulator/health', base));
    if (!clock.ok) throw new Error(`The Stripe emulator at ${url} did not tell its clock (HTTP ${clock.status})`);
    return ((await clock.json()) as { now: number }).now;
  };
  return {
    stripe, mode: 'emulator', webhookSecret: secrets.webhookSecret ?? health.webhook_secret, connectWebhookSecret: secrets.connectWebhookSecret ?? health.connect_webhook_secret,
    emulator: undefined, emulatorUrl: base.origin, now, close: async () => {},
  };
}
