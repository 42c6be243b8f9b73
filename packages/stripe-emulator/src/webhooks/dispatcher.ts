/**
 * Delivers events to the webhook endpoints, as Stripe does: events of connected accounts (those
 * with `account`: payouts, account.updated, …) to the Connect endpoint, every other event to the
 * platform endpoint, each signed with its endpoint's own secret
 * (docs.stripe.com/connect/webhooks). A delivery is an HTTP POST of the event's JSON with a `Stripe-Signature`
 * header, retried with exponential backoff until a 2xx or `maxAttempts`. An event's
 * `pending_webhooks` counts its deliveries not yet finished and is persisted, so deliveries
 * interrupted by a restart resume. Test options: every event delivered twice, and the queue
 * sent in shuffled order (events arriving within `shuffleWindowMs` are shuffled together).
 */
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import type { Store } from '../store.ts';
import { signWebhookPayload } from './signature.ts';

/** A Connect webhook endpoint: it receives the events of connected accounts (`connect: true` at Stripe). */
export interface ConnectWebhookOptions {
  /** Where connected accounts' events are POSTed; unset = recorded but not sent. */
  url?: string;
  /** As the platform endpoint's `enabledEvents`. */
  enabledEvents?: readonly string[];
  /** Signing secret (`whsec_…`); unset = the one kept in the data folder, made on first start. */
  secret?: string;
}

export interface WebhookOptions {
  /** Where the platform's own events are POSTed; unset = events are recorded but not sent. */
  url?: string;
  /**
   * Event types sent to the URL, as a Stripe webhook endpoint's `enabled_events`
   * (docs.stripe.com/api/webhook_endpoints/object); unset or containing `*` = every type.
   * Events of other types are still recorded (GET /v1/events lists them), with no delivery.
   */
  enabledEvents?: readonly string[];
  /** Signing secret (`whsec_…`); unset = the one kept in the data folder, made on first start. */
  secret?: string;
  /** The Connect endpoint, for events that carry `account`. */
  connect?: ConnectWebhookOptions;
  /** Deliver every event twice (tests of duplicate handling). */
  isEachDeliveredTwice?: boolean;
  /** Send queued deliveries in random order (tests of out-of-order handling). */
  isShuffled?: boolean;
  /** With `isShuffled`: how long new events wait so that a batch can be shuffled together, in ms. */
  shuffleWindowMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Start with deliveries held until `resume()` or `flush()`. */
  isPaused?: boolean;
  /** Backoff: attempt n waits initialDelayMs × 2^(n−1), at most maxDelayMs; gives up after maxAttempts. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** One attempt's time limit, in ms. */
  attemptTimeoutMs?: number;
}

export interface DeliveryAttempt {
  eventId: string;
  type: string;
  attempt: number;
  /** HTTP status, or null when the request failed (refused, timed out). */
  status: number | null;
  isDelivered: boolean;
  error?: string;
}

interface Delivery {
  eventId: string;
  attempt: number;
  dueAtMs: number;
}

const MAX_ATTEMPT_LOG = 5000;

interface Endpoint {
  url?: string;
  enabledEvents?: ReadonlySet<string>;
}

export class WebhookDispatcher {
  private options: Required<Omit<WebhookOptions, 'url' | 'secret' | 'retry' | 'enabledEvents' | 'connect'>> & { url?: string; enabledEvents?: ReadonlySet<string>; connect: Endpoint; retry: Required<NonNullable<WebhookOptions['retry']>> };
  private readonly store: Store;
  private readonly log: Logger | undefined;
  private queue: Delivery[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private batchDueAtMs = 0;
  private isFlushing = false;
  private isClosed = false;
  private idleWaiters: Array<() => void> = [];
  /** Recent attempts, oldest first (the last 5,000 to 10,000), for tests and `/_emulator/webhooks`. */
  readonly attempts: DeliveryAttempt[] = [];

  constructor(store: Store, options: WebhookOptions, log?: Logger) {
    this.store = store;
    this.log = log;
    this.options = {
      url: options.url,
      enabledEvents: enabledSet(options.enabledEvents),
      connect: { url: options.connect?.url, enabledEvents: enabledSet(options.connect?.enabledEvents) },
      isEachDeliveredTwice: options.isEachDeliveredTwice ?? false,
      isShuffled: options.isShuffled ?? false,
      shuffleWindowMs: options.shuffleWindowMs ?? 50,
      concurrency: options.concurrency ?? 4,
      isPaused: options.isPaused ?? false,
      retry: { initialDelayMs: 500, maxDelayMs: 60_000, maxAttempts: 10, ...options.retry },
      attemptTimeoutMs: options.attemptTimeoutMs ?? 10_000,
    };
  }

  /** The platform endpoint's URL. */
  get url(): string | undefined {
    return this.options.url;
  }

  /** The Connect endpoint's URL. */
  get connectUrl(): string | undefined {
    return this.options.connect.url;
  }

  /** Changes delivery options; events already queued keep their copies. `connect` changes only the fields it names. */
  configure(patch: Omit<WebhookOptions, 'secret' | 'connect'> & { connect?: Omit<ConnectWebhookOptions, 'secret'> }): void {
    const { enabledEvents, connect, ...rest } = patch;
    this.options = { ...this.options, ...rest, retry: { ...this.options.retry, ...patch.retry } };
    if ('enabledEvents' in patch) this.options.enabledEvents = enabledSet(enabledEvents);
    if (connect) {
      const next = { ...this.options.connect };
      if ('url' in connect) next.url = connect.url;
      if ('enabledEvents' in connect) next.enabledEvents = enabledSet(connect.enabledEvents);
      this.options.connect = next;
    }
    this.schedulePump(0);
  }

  /**
   * Deliveries a new event of `type` gets: 0 when its endpoint (Connect for an event with
   * `account`, else platform) has no URL or does not enable the type, 2 when each is delivered
   * twice, else 1.
   */
  copiesPerEvent(type: string, account?: string | null): number {
    const endpoint = this.endpointFor(account);
    if (!endpoint.url) return 0;
    if (endpoint.enabledEvents && !endpoint.enabledEvents.has(type)) return 0;
    return this.options.isEachDeliveredTwice ? 2 : 1;
  }

  /** The endpoint an event goes to, with the secret that signs it. */
  private endpointFor(account: string | null | undefined): Endpoint & { secret: string } {
    return account
      ? { ...this.options.connect, secret: this.store.meta.connectWebhookSecret ?? this.store.meta.webhookSecret }
      : { url: this.options.url, enabledEvents: this.options.enabledEvents, secret: this.store.meta.webhookSecret };
  }

  /** Queues committed events for delivery, `pending_webhooks` copies each. */
  enqueue(eventIds: string[]): void {
    if (eventIds.length === 0) return;
    const now = Date.now();
    let dueAtMs = now;
    if (this.options.isShuffled) {
      if (this.batchDueAtMs <= now) this.batchDueAtMs = now + this.options.shuffleWindowMs;
      dueAtMs = this.batchDueAtMs;
    }
    for (const eventId of eventIds) {
      const event = this.store.get('event', eventId);
      for (let copy = 0; copy < (event?.pending_webhooks ?? 0); copy++) this.queue.push({ eventId, attempt: 1, dueAtMs });
    }
    this.schedulePump(Math.max(0, dueAtMs - now));
  }

  /** Re-queues deliveries that a restart interrupted (events with `pending_webhooks` > 0). */
  resumeInterrupted(): void {
    const ids = this.store.all('event', 'any').filter((record) => record.data.pending_webhooks > 0).map((record) => record.id);
    this.enqueue(ids);
  }

  /** Queues one more delivery of an existing event (a resend). */
  resend(event: Stripe.Event): void {
    event.pending_webhooks += 1;
    this.store.save(event);
    void this.store.commit();
    this.enqueue([event.id]);
  }

  pause(): void {
    this.options.isPaused = true;
  }

  resume(): void {
    this.options.isPaused = false;
    this.schedulePump(0);
  }

  /** Sends everything queued now (even when paused or backing off) and waits until done. */
  async flush(): Promise<void> {
    this.isFlushing = true;
    try {
      while (this.queue.length > 0 || this.inFlight > 0) {
        for (const delivery of this.queue) delivery.dueAtMs = 0;
        this.pump();
        await this.waitForIdle();
      }
    } finally {
      this.isFlushing = false;
    }
  }

  /** Resolves when nothing is queued or in flight. */
  waitForIdle(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pendingCount(): number {
    return this.queue.length + this.inFlight;
  }

  /** Stops sending; queued deliveries stay recorded in `pending_webhooks` for the next start. */
  async close(): Promise<void> {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private schedulePump(delayMs: number): void {
    if (this.isClosed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), delayMs);
  }

  private pump(): void {
    if (this.isClosed) return;
    const isHeld = this.options.isPaused && !this.isFlushing;
    const now = Date.now();
    while (!isHeld && this.inFlight < this.options.concurrency) {
      const ready = this.queue.filter((delivery) => delivery.dueAtMs <= now);
      if (ready.length === 0) break;
      const next = this.options.isShuffled ? ready[Math.floor(Math.random() * ready.length)]! : ready[0]!;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.inFlight += 1;
      void this.deliver(next).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
    if (!isHeld && this.queue.length > 0) {
      const nextDue = Math.min(...this.queue.map((delivery) => delivery.dueAtMs));
      this.schedulePump(Math.max(0, nextDue - now));
    }
    if (this.queue.length === 0 && this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const event = this.store.get('event', delivery.eventId);
    const { url, secret } = this.endpointFor(event?.account);
    if (!event || !url) return;
    const payload = JSON.stringify(event, null, 2);
    const signature = signWebhookPayload(payload, secret, Math.floor(Date.now() / 1000));
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body: payload,
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const isDelivered = status !== null && status >= 200 && status < 300;
    this.recordAttempt({ eventId: event.id, type: event.type, attempt: delivery.attempt, status, isDelivered, ...(error ? { error } : {}) });
    if (isDelivered || delivery.attempt >= this.options.retry.maxAttempts) {
      if (!isDelivered) this.log?.warn({ eventId: event.id, attempts: delivery.attempt }, 'stripe emulator: webhook delivery abandoned');
      this.store.setPendingWebhooks(event, Math.max(0, event.pending_webhooks - 1));
      await this.store.commit().catch((failure: unknown) => this.log?.error({ err: failure }, 'stripe emulator: could not persist delivery'));
      return;
    }
    const { initialDelayMs, maxDelayMs } = this.options.retry;
    const delayMs = Math.min(initialDelayMs * 2 ** (delivery.attempt - 1), maxDelayMs);
    this.queue.push({ eventId: delivery.eventId, attempt: delivery.attempt + 1, dueAtMs: Date.now() + delayMs });
  }

  private recordAttempt(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
    // Trimmed in chunks: shifting one off the front on every delivery would copy 5,000 entries each time.
    if (this.attempts.length >= 2 * MAX_ATTEMPT_LOG) this.attempts.splice(0, this.attempts.length - MAX_ATTEMPT_LOG);
  }
}

/** `enabled_events` as a set; undefined when every type is enabled. */
function enabledSet(types: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return types && !types.includes('*') ? new Set(types) : undefined;
}
