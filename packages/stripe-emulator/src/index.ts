/**
 * # Built-in Stripe emulator
 *
 * A stateful HTTP server on loopback that answers the part of Stripe's API Marketdesk uses, so
 * that the real `stripe` SDK (configured with `host`/`port`/`protocol: 'http'`) runs unchanged
 * with no network and no Stripe account. Started by `createStripeAccess`
 * (apps/api/src/platform/stripe/client.ts) when `STRIPE_SECRET_KEY` is unset; on its own by
 * `npm run stripe-emulator` (cli.ts); tests start it directly with `startStripeEmulator` or
 * the helpers of testing.ts. README.md describes what it does and does not implement.
 *
 * ## Wire format, as Stripe
 * - `Authorization: Bearer sk_test_…` (any test key; `rk_test_` too; others → 401).
 * - Form-encoded bodies and query strings with bracketed keys (`transfer_data[destination]`,
 *   `metadata[order]`, `expand[]`, `created[gte]`); unknown parameters → 400 `parameter_unknown`.
 * - Errors: `{ error: { type, code, message, param, doc_url } }` with 400 / 401 / 402 (card
 *   declined) / 403 (unknown `Stripe-Account`) / 404 (`resource_missing`) / 500.
 *   Amounts are integer minor units: `12.5` → 400 `parameter_invalid_integer`, param `amount`.
 * - `Stripe-Account: acct_…` makes the call on that connected account (its objects, its events).
 * - Idempotency (POST): same key + same parameters → the first answer replayed (same ids) with
 *   `Idempotent-Replayed: true`; same key + other parameters (or another endpoint) → 400
 *   `idempotency_error`. Keys are scoped per account and kept 24 h. Answers are saved once the
 *   endpoint ran (successes, card declines, 5xx); a request refused during parameter validation
 *   is not saved, so the key can be reused with corrected parameters — Stripe's rules.
 * - Lists: newest first, `limit` (1–100, default 10), `starting_after`, `ending_before`,
 *   `has_more`, `created` (exact or `[gt|gte|lt|lte]`), plus each resource's filters — every one
 *   of them applied; a filter the emulator cannot honour is refused as `parameter_unknown`.
 *
 * ## Endpoints
 * - customers: POST /v1/customers, GET|POST /v1/customers/:id, GET /v1/customers
 * - accounts (Express by default, restricted until onboarded through an account link): POST /v1/accounts, GET|POST /v1/accounts/:id,
 *   GET /v1/accounts, GET /v1/account, POST /v1/account_links, POST /v1/accounts/:id/login_links
 * - payment_intents: POST /v1/payment_intents (amount, currency, customer, application_fee_amount,
 *   transfer_data[destination|amount], metadata, payment_method, confirm, …), GET|POST /v1/payment_intents/:id,
 *   POST /v1/payment_intents/:id/confirm, POST /v1/payment_intents/:id/cancel, GET /v1/payment_intents
 * - setup_intents (save a card for off-session charges, no charge): POST /v1/setup_intents (customer, payment_method,
 *   confirm, usage, metadata), GET /v1/setup_intents/:id, GET /v1/setup_intents (customer, payment_method)
 * - checkout sessions (mode=payment, or mode=setup saving the card through a SetupIntent; hosted page at the session's url, 3-D Secure challenge):
 *   POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST …/:id/expire, GET /v1/checkout/sessions
 * - charges: GET /v1/charges/:id, POST /v1/charges/:id (description, metadata), GET /v1/charges
 * - refunds: POST /v1/refunds (charge | payment_intent, amount, reason, reverse_transfer,
 *   refund_application_fee, metadata), GET|POST /v1/refunds/:id, POST /v1/refunds/:id/cancel, GET /v1/refunds
 * - disputes: GET|POST /v1/disputes/:id (evidence, metadata, submit), POST /v1/disputes/:id/close, GET /v1/disputes;
 *   evidence is checked as Stripe does (its fields and lengths, 150,000 characters in all, file fields
 *   naming a dispute_evidence File); refused once submitted or past `evidence_details.due_by`
 * - files: POST /v1/files (multipart/form-data; purpose dispute_evidence: PDF, JPEG or PNG, ≤ 5 MB;
 *   the SDK sends it to its configured host, so files.stripe.com is not needed), GET /v1/files/:id
 * - transfers: POST /v1/transfers, GET|POST /v1/transfers/:id, GET /v1/transfers,
 *   POST|GET /v1/transfers/:id/reversals, GET /v1/transfers/:id/reversals/:reversal
 * - application fees: GET /v1/application_fees/:id, GET /v1/application_fees,
 *   POST|GET /v1/application_fees/:id/refunds, GET /v1/application_fees/:id/refunds/:refund
 * - payouts: POST /v1/payouts, GET|POST /v1/payouts/:id, POST /v1/payouts/:id/cancel,
 *   GET /v1/payouts (status, arrival_date, destination)
 * - balance: GET /v1/balance, GET /v1/balance_transactions/:id,
 *   GET /v1/balance_transactions (type, source, currency, payout: the payout's own transactions)
 * - events: GET /v1/events/:id, GET /v1/events (type, types[], created, delivery_success)
 * `expand[]` works on any id field (`latest_charge`, `data.balance_transaction`, …) and on a
 * charge's `refunds`.
 *
 * ## Test payment methods (test-cards.ts)
 * pm_card_visa, pm_card_mastercard, pm_card_amex, pm_card_visa_debit, pm_card_jp succeed;
 * pm_card_chargeDeclined (generic_decline), …InsufficientFunds, …Fraudulent, …ExpiredCard,
 * …ProcessingError decline with 402; pm_card_createDispute (fraudulent chargeback),
 * pm_card_createDisputeProductNotReceived, pm_card_createDisputeInquiry open a dispute just after
 * the charge; pm_card_refundFail makes its refunds go pending, then failed;
 * pm_card_chargeCustomerFail declines every charge made with a customer. A PaymentIntent keeps
 * `setup_future_usage`; `off_session=true` (with `confirm=true`) charges a saved card, which the
 * customers/:id/decline control makes decline from then on (a bank declining it later).
 *
 * ## Money (fees.ts, resources/*.ts)
 * Processing fee 2.9 % (rounded half up) + 30 minor units per succeeded charge; dispute fee
 * 1500 minor units (returned when the dispute is won) — both configurable. A destination charge
 * transfers the whole amount (or `transfer_data[amount]`) and takes `application_fee_amount` back
 * as an application fee. Partial refunds reverse the transfer and refund the fee proportionally
 * (telescoping rounding: a full refund in parts reverses exactly the whole). Funds are available
 * immediately unless `availabilityDelaySeconds` holds a charge's funds pending; with
 * `settlementCurrency`, charges in other currencies settle in it at fixed rates (settlement.ts).
 * Zero-decimal (JPY) and three-decimal (KWD) currencies are plain minor units.
 *
 * ## Refund statuses
 * `succeeded` at once; metadata `emulator_refund_status=pending` keeps a refund pending until a
 * control call; `emulator_refund_status=failed` (or pm_card_refundFail) fails it a moment later.
 * A failed or canceled refund returns the money to the platform (`refund_failure`) and frees the
 * amount for another refund; a transfer reversal or fee refund made with it stays (as at Stripe).
 *
 * ## Webhooks
 * Every change records an event (`evt_…`; `account` on connected-account events; `api_version`;
 * `request` with the request id and idempotency key; `data.previous_attributes` on updates) and
 * POSTs it — events with `account` to the Connect endpoint, others to the platform endpoint, each
 * with its own secret — with `Stripe-Signature: t=…,v1=HMAC-SHA256("t.payload", whsec)`,
 * retried with exponential backoff on failure. Options: each event delivered twice, shuffled
 * order, paused delivery; `flush()` / `waitForDeliveries()` for tests.
 *
 * ## Control endpoints (test only, no key, loopback)
 *   GET    /_emulator/health                                 (platform account, webhook URL and signing secret)
 *   POST   /_emulator/refunds/:id/succeed | /fail            (failure_reason)
 *   POST   /_emulator/charges/:id/dispute                    (reason, amount, inquiry=true)
 *   POST   /_emulator/disputes/:id/resolve                   (outcome=won|lost)
 *   POST   /_emulator/payouts/:id/paid | /fail | /in_transit (failure_code for fail)
 *   POST   /_emulator/accounts/:id                           (charges_enabled, payouts_enabled, details_submitted, disabled_reason)
 *   POST   /_emulator/accounts/:id/onboard                   (completes onboarding, as the hosted form does)
 *   POST   /_emulator/customers/:id/decline                  (decline_code: later charges of the customer decline)
 *   DELETE /_emulator/customers/:id/decline
 *   POST   /_emulator/outage                                 (count, mode=error|timeout, status, when=before|after, hold_ms)
 *   DELETE /_emulator/outage
 *   POST   /_emulator/clock                                  (now | advance_seconds | reset=true; shifts `created` of new
 *                                                              objects, e.g. for a seed spanning past months; not persisted;
 *                                                              pending funds become available as it passes their available_on)
 *   POST   /_emulator/settings                               (settlement_currency ('' = none), availability_delay_seconds; not persisted)
 *   GET    /_emulator/webhooks                               (URL, pending count, recent attempts)
 *   POST   /_emulator/webhooks                               (url, connect_url, each_delivered_twice, shuffled, paused)
 *   POST   /_emulator/webhooks/flush                         (deliver everything now, answer when done)
 *   POST   /_emulator/events/:id/resend
 *   GET|POST /_emulator/onboarding/:account?link=…&sig=…     (target of account links: the hosted onboarding form;
 *                                                              redirects to return_url when done, refresh_url once expired)
 * Bodies are form-encoded or JSON. The same actions are methods of `emulator.control`.
 *
 * ## Persistence
 * State lives in `<dataDir>/stripe-emulator/` (state.json, written atomically, plus an
 * append-only journal; see store.ts) and survives restarts, including the webhook signing
 * secret and undelivered webhooks. One emulator per data folder (a lock file refuses a second);
 * several API processes share one emulator through `createStripeAccess({ emulatorUrl })`.
 *
 * ## Not emulated
 * Manual capture, PaymentMethod objects, Checkout in subscription mode, 3-D Secure on SetupIntents, direct charges
 * with application fees, payout schedules, rates that move, connected accounts settling in another
 * currency than the platform (a destination charge's payment lands in the platform's settlement currency).
 */
import path from 'node:path';
import type { Logger } from 'pino';
import Stripe from 'stripe';
import { EmulatorControls } from './control.ts';
import { DEFAULT_SETTINGS, EmulatorCore, type EmulatorSettings } from './core.ts';
import type { FeeSchedule } from './fees.ts';
import type { Route } from './http/router.ts';
import { EmulatorHttpServer } from './http/server.ts';
import { accountRoutes } from './resources/accounts.ts';
import { applicationFeeRoutes } from './resources/application-fees.ts';
import { balanceRoutes } from './resources/balance.ts';
import { chargeRoutes } from './resources/charges.ts';
import { checkoutSessionRoutes } from './resources/checkout-sessions.ts';
import { customerRoutes } from './resources/customers.ts';
import { disputeRoutes } from './resources/disputes.ts';
import { eventRoutes } from './resources/events.ts';
import { fileRoutes } from './resources/files.ts';
import { paymentIntentRoutes } from './resources/payment-intents.ts';
import { payoutRoutes } from './resources/payouts.ts';
import { refundRoutes } from './resources/refunds.ts';
import { setupIntentRoutes } from './resources/setup-intents.ts';
import { transferRoutes } from './resources/transfers.ts';
import { Store } from './store.ts';
import { WebhookDispatcher, type ConnectWebhookOptions, type DeliveryAttempt, type WebhookOptions } from './webhooks/dispatcher.ts';

export type { ConnectWebhookOptions, DeliveryAttempt, WebhookOptions } from './webhooks/dispatcher.ts';
export type { FeeSchedule } from './fees.ts';
export type { OutagePlan } from './http/server.ts';
export { EmulatorControls } from './control.ts';
export { REFUND_STATUS_METADATA_KEY } from './resources/refunds.ts';
export { TEST_CARDS } from './test-cards.ts';
export { signWebhookPayload } from './webhooks/signature.ts';

const ROUTES: readonly Route[] = [
  ...accountRoutes, ...customerRoutes, ...paymentIntentRoutes, ...chargeRoutes, ...refundRoutes, ...disputeRoutes,
  ...transferRoutes, ...applicationFeeRoutes, ...payoutRoutes, ...balanceRoutes, ...eventRoutes, ...checkoutSessionRoutes, ...fileRoutes,
  ...setupIntentRoutes,
];

export interface StripeEmulatorOptions {
  /** Data folder; state is kept in its `stripe-emulator/` subfolder. */
  dataDir: string;
  /** Interface to listen on (default 127.0.0.1: the emulator has no real authentication). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  webhooks?: WebhookOptions;
  fees?: Partial<FeeSchedule>;
  /** Delay of asynchronous transitions (failing refunds, disputes from test cards), ms (default 20). */
  asyncDelayMs?: number;
  /**
   * The platform account's settlement (default) currency: charges in other currencies settle in it
   * at the fixed rates of settlement.ts, with `exchange_rate` (default: none, each charge settles in its own).
   */
  settlementCurrency?: string;
  /** Seconds before a charge's funds become available (`available_on`; pending until then). Default 0: at once. */
  availabilityDelaySeconds?: number;
  /** `api_version` written on events (default: the SDK's). */
  apiVersion?: string;
  log?: Logger;
}

export interface StripeEmulator {
  /** `http://127.0.0.1:<port>` (`http://[::1]:<port>` for an IPv6 host) */
  url: string;
  host: string;
  port: number;
  /** Secret that signs the platform endpoint's deliveries (`whsec_…`), kept across restarts. */
  webhookSecret: string;
  /** Secret that signs the Connect endpoint's deliveries (connected accounts' events), kept across restarts. */
  connectWebhookSecret: string;
  /** Id the emulator gives the platform account. */
  platformAccountId: string;
  /** Test-only actions (settle refunds and payouts, open and decide disputes, outages, clock). */
  control: EmulatorControls;
  /**
   * Changes webhook delivery (platform URL, `connect: { url, enabledEvents }`, twice, shuffled,
   * paused); new events follow the new options.
   */
  configureWebhooks(patch: Omit<WebhookOptions, 'secret' | 'connect'> & { connect?: Omit<ConnectWebhookOptions, 'secret'> }): void;
  pauseDeliveries(): void;
  resumeDeliveries(): void;
  /** Runs pending transitions and sends every queued webhook now (even when paused); resolves when done. */
  flush(): Promise<void>;
  /**
   * Resolves once pending transitions have run and every webhook is delivered or abandoned
   * (with retries and their backoff). @throws Error after `timeoutMs` (default 30 s).
   */
  waitForDeliveries(timeoutMs?: number): Promise<void>;
  /** Recent delivery attempts, oldest first. */
  deliveryAttempts(): readonly DeliveryAttempt[];
  /** Stops the server, lets transitions finish, and writes the state file. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on `host:port` with the state kept in `dataDir`.
 * @throws Error when the state files cannot be read or the port cannot be bound.
 */
export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = await Store.open(path.join(options.dataDir, 'stripe-emulator'), { webhookSecret: options.webhooks?.secret, connectWebhookSecret: options.webhooks?.connect?.secret });
  const dispatcher = new WebhookDispatcher(store, options.webhooks ?? {}, options.log);
  const settings: EmulatorSettings = {
    ...DEFAULT_SETTINGS,
    apiVersion: options.apiVersion ?? Stripe.API_VERSION,
    fees: { ...DEFAULT_SETTINGS.fees, ...options.fees },
    asyncDelayMs: options.asyncDelayMs ?? DEFAULT_SETTINGS.asyncDelayMs,
    settlementCurrency: options.settlementCurrency?.toLowerCase() ?? DEFAULT_SETTINGS.settlementCurrency,
    availabilityDelaySeconds: options.availabilityDelaySeconds ?? DEFAULT_SETTINGS.availabilityDelaySeconds,
    baseUrl: '',
  };
  const core = new EmulatorCore({ store, settings, dispatcher, log: options.log });
  const controls: EmulatorControls = new EmulatorControls(core, () => server);
  const server = new EmulatorHttpServer({ core, routes: ROUTES, control: controls, log: options.log });
  const port = await server.listen(host, options.port ?? 0);
  // An IPv6 address goes in brackets in a URL (`http://[::1]:12111`).
  settings.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  dispatcher.resumeInterrupted();

  const waitUntilSettled = async () => {
    do {
      await core.settleTasks();
      await dispatcher.waitForIdle();
    } while (dispatcher.pendingCount > 0);
  };

  return {
    url: settings.baseUrl,
    host,
    port,
    webhookSecret: store.meta.webhookSecret,
    connectWebhookSecret: store.meta.connectWebhookSecret!,
    platformAccountId: store.meta.platformAccountId,
    control: controls,
    configureWebhooks: (patch) => dispatcher.configure(patch),
    pauseDeliveries: () => dispatcher.pause(),
    resumeDeliveries: () => dispatcher.resume(),
    async flush() {
      await core.settleTasks();
      await dispatcher.flush();
    },
    async waitForDeliveries(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Stripe emulator: webhooks still pending after ${timeoutMs} ms (${dispatcher.pendingCount} queued)`)), timeoutMs);
      });
      try {
        await Promise.race([waitUntilSettled(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    deliveryAttempts: () => dispatcher.attempts,
    async close() {
      await server.close();
      await core.settleTasks();
      await dispatcher.close();
      await store.close();
    },
  };
}
