/**
 * The emulator's unit of work. Every state change — an API request, a control action, a delayed
 * transition such as a refund that fails a moment later — runs as one synchronous `Tx` inside
 * `EmulatorCore.run`: it changes objects, emits events, then the store commits (one journal
 * line) and only after that are the events queued for webhook delivery. Nothing else in the
 * process interleaves with a Tx, so two requests never see each other's half-made state.
 */
import type Stripe from 'stripe';
import type { Logger } from 'pino';
import { DEFAULT_FEES, type FeeSchedule } from './fees.ts';
import { settle, type Settled } from './settlement.ts';
import { randomId, type Store } from './store.ts';
import type { WebhookDispatcher } from './webhooks/dispatcher.ts';

export type EventType = Stripe.Event['type'];
export type EventObject<T extends EventType> = Extract<Stripe.Event, { type: T }>['data']['object'];

export interface EmulatorSettings {
  /** `api_version` written on events. */
  apiVersion: string;
  fees: FeeSchedule;
  /** Delay before a scheduled transition (auto-failing refund, dispute from a test card), in ms. */
  asyncDelayMs: number;
  /** `http://127.0.0.1:<port>`, known once the server listens (for onboarding links). */
  baseUrl: string;
  /** The platform's settlement currency (its `default_currency`); null: each charge settles in its own (settlement.ts). */
  settlementCurrency: string | null;
  /** Seconds before a charge's funds become available (`available_on`); 0: at once (settlement.ts). */
  availabilityDelaySeconds: number;
}

export const DEFAULT_SETTINGS: Omit<EmulatorSettings, 'apiVersion' | 'baseUrl'> = { fees: DEFAULT_FEES, asyncDelayMs: 20, settlementCurrency: null, availabilityDelaySeconds: 0 };

/** Events made between two looks for events and idempotency keys past Stripe's retention (each look walks them all). */
const EVENTS_BETWEEN_FORGETS = 20_000;

/** Unix seconds, optionally shifted (`/_emulator/clock`) so that seeds can make backdated history. */
export class Clock {
  offsetSeconds = 0;

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }
}

export class Tx {
  readonly store: Store;
  readonly settings: EmulatorSettings;
  /** The API request behind this change (`event.request`), or null for automatic transitions. */
  readonly origin: Stripe.Event.Request | null;
  readonly emittedEventIds: string[] = [];
  readonly tasks: Array<(tx: Tx) => void> = [];
  private readonly core: EmulatorCore;

  constructor(core: EmulatorCore, origin: Stripe.Event.Request | null) {
    this.core = core;
    this.store = core.store;
    this.settings = core.settings;
    this.origin = origin;
  }

  get platformAccountId(): string {
    return this.store.meta.platformAccountId;
  }

  /** Unix seconds. */
  now(): number {
    return this.core.clock.now();
  }

  /** `amount` minor units of a charge in `currency` as the platform's balance holds them (settlement.ts). @throws StripeApiError 400 without a rate. */
  settle(amount: number, currency: string): Settled {
    return settle(amount, currency, this.settings.settlementCurrency);
  }

  /** A new Stripe-style id such as `ch_3Xb…`. */
  newId(prefix: string, length = 24): string {
    return `${prefix}_${randomId(length)}`;
  }

  /**
   * Records an event about `object` (copied as it is now) owned by `account` (null = platform;
   * a connected account's events carry `account`). `previous` becomes `data.previous_attributes`.
   */
  emit<T extends EventType>(type: T, object: EventObject<T>, options: { account?: string | null; previous?: Record<string, unknown> } = {}): Stripe.Event {
    const copies = this.core.dispatcher.copiesPerEvent(type, options.account);
    const event = {
      id: this.newId('evt'),
      object: 'event',
      ...(options.account ? { account: options.account } : {}),
      api_version: this.settings.apiVersion,
      created: this.now(),
      data: { object: structuredClone(object), ...(options.previous ? { previous_attributes: structuredClone(options.previous) } : {}) },
      livemode: false,
      pending_webhooks: copies,
      request: this.origin ?? { id: null, idempotency_key: null },
      type,
    } as Stripe.Event;
    this.store.insert('event', options.account ?? null, event);
    if (copies > 0) this.emittedEventIds.push(event.id);
    return event;
  }

  /** Runs `task` as its own Tx a moment after this one commits (Stripe's asynchronous transitions). */
  later(task: (tx: Tx) => void): void {
    this.tasks.push(task);
  }
}

export class EmulatorCore {
  readonly store: Store;
  readonly clock = new Clock();
  readonly settings: EmulatorSettings;
  readonly dispatcher: WebhookDispatcher;
  private readonly log: Logger | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private runningTasks = 0;
  private eventsAtLastForget = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(input: { store: Store; settings: EmulatorSettings; dispatcher: WebhookDispatcher; log?: Logger }) {
    this.store = input.store;
    this.settings = input.settings;
    this.dispatcher = input.dispatcher;
    this.log = input.log;
  }

  /**
   * Runs `work` as one Tx, commits what it changed (also when it throws: a declined card leaves a
   * failed charge behind, as at Stripe), then queues its events and scheduled tasks.
   * @throws whatever `work` throws, after the commit; or the commit's write error.
   */
  async run<T>(origin: Stripe.Event.Request | null, work: (tx: Tx) => T): Promise<T> {
    const tx = new Tx(this, origin);
    let result: T | undefined;
    let failure: unknown;
    let isFailed = false;
    try {
      result = work(tx);
    } catch (error) {
      failure = error;
      isFailed = true;
    }
    await this.store.commit();
    this.dispatcher.enqueue(tx.emittedEventIds);
    if (this.store.eventCount >= this.eventsAtLastForget + EVENTS_BETWEEN_FORGETS) {
      this.store.forgetExpired(this.clock.now());
      this.eventsAtLastForget = this.store.eventCount;
    }
    for (const task of tx.tasks) this.schedule(task);
    if (isFailed) throw failure;
    return result as T;
  }

  /** Resolves when no scheduled transition is waiting or running. */
  async waitForTasks(): Promise<void> {
    if (this.timers.size === 0 && this.runningTasks === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits until scheduled transitions, and the transitions they schedule, have all run. */
  async settleTasks(): Promise<void> {
    while (this.timers.size > 0 || this.runningTasks > 0) await this.waitForTasks();
  }

  private schedule(task: (tx: Tx) => void): void {
    const timer: NodeJS.Timeout = setTimeout(() => {
      this.timers.delete(timer);
      this.runningTasks += 1;
      this.run(null, task)
        .catch((error: unknown) => this.log?.error({ err: error }, 'stripe emulator: scheduled transition failed'))
        .finally(() => {
          this.runningTasks -= 1;
          this.notifyIfIdle();
        });
    }, this.settings.asyncDelayMs);
    this.timers.add(timer);
  }

  private notifyIfIdle(): void {
    if (this.timers.size > 0 || this.runningTasks > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
