/**
 * Webhook inbox. `POST /webhooks/stripe` stores each verified event once by id (PENDING, or
 * IGNORED for a type Marketdesk does not handle); workers claim events with
 * `FOR UPDATE SKIP LOCKED` (any number of API processes), re-fetch the object the event names
 * from Stripe and sync it (sync-purchase.ts, sync-connect.ts) — the payload is only used to find
 * which object to re-fetch. A failure is retried with exponential backoff (2 s × 2^(n−1), at
 * most 10 min) and the event goes DEAD after MAX_EVENT_ATTEMPTS — except while Stripe itself is
 * unavailable (no answer, 5xx, 429): then it keeps being retried every 10 min until it is
 * STRIPE_OUTAGE_RETRY_SECONDS old (3 days, as long as Stripe retries a webhook), so an outage
 * leaves no event to replay by hand. A DEAD or processed event can be replayed from the console.
 */
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { AppError, toStorableJsonText } from '@marketdesk/shared';
import { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { isMissingAtStripe, isRetryableStripeError, requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { syncAccount, syncPayout, syncTransfer } from './sync-connect.ts';
import { syncCheckoutSession, syncPaymentIntent } from './sync-checkout.ts';
import { completeTrialSetup } from '../trials/index.ts';
import type { SyncOutcome } from './sync-purchase.ts';

export const MAX_EVENT_ATTEMPTS = 8;
/**
 * How old an event (Stripe's `created`) may get while syncs fail only because Stripe is unavailable
 * before it goes DEAD, seconds: 3 days, the time Stripe retries an undelivered webhook
 * (docs.stripe.com/webhooks#retries).
 */
export const STRIPE_OUTAGE_RETRY_SECONDS = 3 * 24 * 60 * 60;
/** How long a claim on an event lasts by default (seconds; config `leaseSeconds.stripeEvent`): a process that died holding it leaves it this long. */
export const EVENT_LEASE_SECONDS = 120;

/** Event types Marketdesk handles; any other type is stored IGNORED. */
export const HANDLED_EVENT_TYPES = new Set([
  'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled',
  'charge.succeeded', 'charge.refunded', 'charge.refund.updated',
  'refund.created', 'refund.updated', 'refund.failed',
  'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated',
  'application_fee.created', 'application_fee.refunded',
  'transfer.created', 'transfer.updated', 'transfer.reversed',
  'payout.created', 'payout.updated', 'payout.paid', 'payout.failed', 'payout.canceled',
  'account.updated',
  'checkout.session.completed', 'checkout.session.expired', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed',
]);

/** What an event asks to re-fetch. */
export type EventTarget =
  | { kind: 'payment_intent'; paymentIntentId: string }
  | { kind: 'charge'; chargeId: string }
  | { kind: 'payout'; payoutId: string; account: string }
  | { kind: 'transfer'; transferId: string }
  | { kind: 'account'; accountId: string }
  | { kind: 'checkout_session'; sessionId: string };

const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'object' && value && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null);

/**
 * Reads which Stripe object `event` is about, from `data.object` (charge, refund, dispute,
 * payment_intent, application_fee, transfer — a destination charge's as its charge, so that its
 * purchase's sync stores it —, transfer_reversal, payout, account,
 * balance_transaction with a charge source, checkout.session: its PaymentIntent once there is
 * one, else — and for an expiry — the session itself).
 * @returns null when the object does not name anything Marketdesk syncs.
 */
export function readEventTarget(event: { type: string; account?: string | null; data?: { object?: unknown } }): EventTarget | null {
  const object = event.data?.object as unknown as Record<string, unknown> | undefined;
  if (!object || typeof object !== 'object') return null;
  const id = idOf(object);
  const pi = idOf(object.payment_intent);
  const charge = idOf(object.charge);
  switch (object.object) {
    case 'payment_intent':
      return id ? { kind: 'payment_intent', paymentIntentId: id } : null;
    case 'charge':
      if (pi) return { kind: 'payment_intent', paymentIntentId: pi };
      return id ? { kind: 'charge', chargeId: id } : null;
    case 'refund':
    case 'dispute':
      if (pi) return { kind: 'payment_intent', paymentIntentId: pi };
      return charge ? { kind: 'charge', chargeId: charge } : null;
    case 'application_fee': {
      // The fee's `charge` is the connected account's payment (py_…); the platform's charge is the originating transaction.
      const origin = idOf(object.originating_transaction) ?? charge;
      return origin ? { kind: 'charge', chargeId: origin } : null;
    }
    case 'balance_transaction': {
      const source = idOf(object.source);
      return source?.startsWith('ch_') || source?.startsWith('py_') ? { kind: 'charge', chargeId: source } : null;
    }
    case 'transfer': {
      // A destination charge's transfer belongs to its purchase, whose sync stores it; a transfer of no charge (a failed refund's restore) is synced alone.
      const source = idOf(object.source_transaction);
      if (source?.startsWith('ch_')) return { kind: 'charge', chargeId: source };
      return id ? { kind: 'transfer', transferId: id } : null;
    }
    case 'transfer_reversal': {
      const transfer = idOf(object.transfer);
      return transfer ? { kind: 'transfer', transferId: transfer } : null;
    }
    case 'payout':
      return id && event.account ? { kind: 'payout', payoutId: id, account: event.account } : null;
    case 'account':
      return id ? { kind: 'account', accountId: id } : null;
    case 'checkout.session':
      // Its PaymentIntent, once the buyer paid (shared with that payment's events); an expiry always reads the session.
      if (pi && event.type !== 'checkout.session.expired') return { kind: 'payment_intent', paymentIntentId: pi };
      return id ? { kind: 'checkout_session', sessionId: id } : null;
    default:
      return null;
  }
}

/** What the inbox's bookkeeping uses (storing, claiming, replaying): the database and the time. */
type InboxDeps = Pick<AppDeps, 'prisma' | 'clock'>;

/** One verified delivery to store: the event, the JSON text to keep, the delivery's request id. */
export interface StripeEventDelivery {
  event: Stripe.Event;
  /** verifyStripeEvent's payload (the signed body, storable in jsonb); default `JSON.stringify(event)` made storable (toStorableJsonText). */
  payload?: string;
  /** The webhook request's id (Fastify's request.id), kept for the processing's log lines. */
  requestId?: string | null;
}

/**
 * Stores verified deliveries once each by event id, in one INSERT (one commit): PENDING, or
 * IGNORED — processed at `deps.clock`'s now — for a type Marketdesk does not handle.
 * @returns for each delivery in order, 'stored', or 'duplicate' when its id was stored before or
 *   comes earlier in `input.deliveries` (nothing changes).
 * @throws database errors only (then none of them is stored).
 */
export async function storeStripeEvents(deps: InboxDeps, input: { deliveries: StripeEventDelivery[] }): Promise<('stored' | 'duplicate')[]> {
  const firstOf = new Map<string, StripeEventDelivery>();
  for (const delivery of input.deliveries) if (!firstOf.has(delivery.event.id)) firstOf.set(delivery.event.id, delivery);
  if (firstOf.size === 0) return [];
  const now = deps.clock.now();
  // In id order: two inserts holding the same ids wait for each other in one order, never deadlock.
  const rows = [...firstOf.values()].sort((a, b) => (a.event.id < b.event.id ? -1 : 1)).map(({ event, payload, requestId }) => {
    const status = HANDLED_EVENT_TYPES.has(event.type) ? 'PENDING' : 'IGNORED';
    return Prisma.sql`(${event.id}, ${event.type}, ${event.account ?? null}, ${event.livemode}, ${event.api_version ?? null},
      ${payload ?? toStorableJsonText(JSON.stringify(event))}::jsonb, ${status}::"StripeEventStatus", ${new Date(event.created * 1000)},
      ${status === 'IGNORED' ? now : null}::timestamp(3), ${requestId ?? null})`;
  });
  const stored = new Set((await deps.prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "StripeEvent" (id, type, account, livemode, "apiVersion", payload, status, "stripeCreatedAt", "processedAt", "requestId")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (id) DO NOTHING RETURNING id`).map((row) => row.id));
  return input.deliveries.map((delivery) => (firstOf.get(delivery.event.id) === delivery && stored.has(delivery.event.id) ? 'stored' : 'duplicate'));
}

/**
 * Stores verified event `input.event` once by its id (storeStripeEvents).
 * @returns 'stored', or 'duplicate' when that id was stored before (nothing changes).
 * @throws database errors only.
 */
export async function storeStripeEvent(deps: InboxDeps, input: StripeEventDelivery): Promise<'stored' | 'duplicate'> {
  const [outcome] = await storeStripeEvents(deps, { deliveries: [input] });
  return outcome!;
}

interface ClaimedEvent {
  id: string;
  type: string;
  account: string | null;
  payload: Prisma.JsonValue;
  attempts: number;
  /** The worker that claimed it (recorded on its processing attempt). */
  lockedBy: string | null;
  /** The webhook delivery's request id (storeStripeEvent), bound as `reqId` to its processing's log lines. */
  requestId: string | null;
  /** Stripe's `created` of the event. */
  stripeCreatedAt: Date;
  /** Claims in a row, this one included, that have not recorded an outcome (the earlier ones' processes died or hung). */
  unfinishedClaims: number;
}

/**
 * How far a claim may grow past its `limit` to keep the events of one second together: at most
 * `limit` × CLAIM_GROWTH_FACTOR events in all.
 */
export const CLAIM_GROWTH_FACTOR = 4;

/**
 * Claims the `input.limit` (default 10) oldest runnable events — due PENDING/FAILED, or PROCESSING
 * whose lock expired (its process died), at `deps.clock`'s now; oldest by Stripe's `created`, then
 * id — and every other runnable event Stripe created in the same second as the last of them (at
 * most `limit` × CLAIM_GROWTH_FACTOR in all), for `input.workerId`, for `input.leaseSeconds`
 * (default EVENT_LEASE_SECONDS). Events locked by another claim are skipped.
 * Stripe creates a purchase's events (payment_intent.succeeded, charge.succeeded,
 * application_fee.created, transfer.created) in the same second, and `created` counts whole
 * seconds: ordered by id within it, a round cut at `limit` took part of many purchases' events and
 * left the rest to the next round, which synced each of those purchases again.
 * @returns the claimed events, attempts already counted.
 */
export async function claimStripeEvents(deps: InboxDeps, input: { workerId: string; limit?: number; leaseSeconds?: number }): Promise<ClaimedEvent[]> {
  const { workerId, limit = 10, leaseSeconds = EVENT_LEASE_SECONDS } = input;
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const isRunnable = Prisma.sql`((status IN ('PENDING', 'FAILED') AND "nextAttemptAt" <= ${now}) OR (status = 'PROCESSING' AND "lockedUntil" < ${now}))`;
  return deps.prisma.$queryRaw<ClaimedEvent[]>`
    WITH oldest AS (
           SELECT id, "stripeCreatedAt" FROM "StripeEvent" WHERE ${isRunnable}
            ORDER BY "stripeCreatedAt", id
            FOR UPDATE SKIP LOCKED
            LIMIT ${limit}),
         same_second AS (
           SELECT id FROM "StripeEvent"
            WHERE ${isRunnable} AND "stripeCreatedAt" = (SELECT max("stripeCreatedAt") FROM oldest) AND id NOT IN (SELECT id FROM oldest)
            ORDER BY id
            FOR UPDATE SKIP LOCKED
            LIMIT ${limit * (CLAIM_GROWTH_FACTOR - 1)})
    UPDATE "StripeEvent" AS e
       SET status = 'PROCESSING', "lockedBy" = ${workerId}, "lockedUntil" = ${lockedUntil}, attempts = e.attempts + 1, "unfinishedClaims" = e."unfinishedClaims" + 1
     WHERE e.id IN (SELECT id FROM oldest UNION ALL SELECT id FROM same_second)
    RETURNING e.id, e.type, e.account, e.payload, e.attempts, e."lockedBy", e."requestId", e."stripeCreatedAt", e."unfinishedClaims"`;
}

/** Re-fetches and syncs what `target` names. */
async function syncTarget(deps: PaymentsDeps, target: EventTarget): Promise<SyncOutcome> {
  switch (target.kind) {
    case 'payment_intent':
      return syncPaymentIntent(deps, { paymentIntentId: target.paymentIntentId });
    case 'charge': {
      const charge = await requireStripe(deps).charges.retrieve(target.chargeId);
      const pi = idOf(charge.payment_intent);
      return pi ? syncPaymentIntent(deps, { paymentIntentId: pi }) : 'not-ours';
    }
    case 'checkout_session': {
      const outcome = await syncCheckoutSession(deps, { sessionId: target.sessionId });
      // No purchase was made with it: a trial's setup-mode session, whose completion opens the trial.
      return outcome === 'not-ours' ? completeTrialSetup(deps, { sessionId: target.sessionId }) : outcome;
    }
    case 'payout':
      return syncPayout(deps, { account: target.account, payoutId: target.payoutId });
    case 'transfer':
      return syncTransfer(deps, { transferId: target.transferId });
    case 'account':
      return syncAccount(deps, { accountId: target.accountId });
  }
}

/** Backoff before attempt `attempts + 1`, in ms. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2000 * 2 ** (attempts - 1), 10 * 60 * 1000);
}

/** What a target re-fetches, as a key: events with equal keys are served by one sync. */
function targetKey(target: EventTarget | null): string {
  if (!target) return 'none';
  switch (target.kind) {
    case 'payment_intent': return `pi:${target.paymentIntentId}`;
    case 'charge': return `ch:${target.chargeId}`;
    case 'payout': return `po:${target.account}:${target.payoutId}`;
    case 'transfer': return `tr:${target.transferId}`;
    case 'account': return `acct:${target.accountId}`;
    case 'checkout_session': return `cs:${target.sessionId}`;
  }
}

/** The charge → PaymentIntent pairs that the events' own objects state (a charge, or a refund or dispute naming both). */
function paymentIntentsNamedBy(events: ClaimedEvent[]): Map<string, string> {
  const named = new Map<string, string>();
  for (const event of events) {
    const object = (event.payload as unknown as Stripe.Event | null)?.data?.object as unknown as Record<string, unknown> | undefined;
    const pi = idOf(object?.payment_intent);
    const charge = object?.object === 'charge' ? idOf(object) : idOf(object?.charge);
    if (pi && charge?.startsWith('ch_')) named.set(charge, pi);
  }
  return named;
}

/**
 * The claimed events' targets, each charge target as its PaymentIntent's, so that a purchase's
 * charge, fee and PaymentIntent events share one sync. A charge belongs to one PaymentIntent for
 * good, so the pair is taken from wherever it is known first: the batch's own events (a
 * charge.succeeded names both), then the purchases stored with that charge (one query), then
 * Stripe (a request per charge). A charge Stripe cannot give back stays as it is (its sync reports why).
 */
async function targetsOf(deps: PaymentsDeps, events: ClaimedEvent[]): Promise<(EventTarget | null)[]> {
  const targets = events.map((event) => readEventTarget({ type: event.type, account: event.account, data: (event.payload as unknown as Stripe.Event).data }));
  const charges = [...new Set(targets.flatMap((target) => (target?.kind === 'charge' ? [target.chargeId] : [])))];
  if (charges.length === 0) return targets;
  const paymentIntentOf = paymentIntentsNamedBy(events);
  const unknown = charges.filter((charge) => !paymentIntentOf.has(charge));
  if (unknown.length > 0) {
    const purchases = await deps.prisma.purchase.findMany({ where: { chargeId: { in: unknown } }, select: { chargeId: true, paymentIntentId: true } });
    for (const { chargeId, paymentIntentId } of purchases) if (chargeId && paymentIntentId.startsWith('pi_')) paymentIntentOf.set(chargeId, paymentIntentId);
  }
  const stripe = requireStripe(deps);
  await Promise.all(charges.filter((charge) => !paymentIntentOf.has(charge)).map(async (charge) => {
    const pi = await stripe.charges.retrieve(charge).then((found) => idOf(found.payment_intent), () => null);
    if (pi) paymentIntentOf.set(charge, pi);
  }));
  return targets.map((target) => {
    const pi = target?.kind === 'charge' ? paymentIntentOf.get(target.chargeId) : undefined;
    return pi ? { kind: 'payment_intent', paymentIntentId: pi } : target;
  });
}

type EventStatus = 'PROCESSED' | 'IGNORED' | 'FAILED' | 'DEAD';

/** How one claimed event ends: its status, the error it keeps, and when a FAILED one is due again. */
interface EventOutcome {
  event: ClaimedEvent;
  status: EventStatus;
  error: string | null;
  /** FAILED only: when to try again (the others are finished: processed at the recording's now). */
  nextAttemptAt?: Date;
}

/**
 * Records `outcomes` — each event's status (claim released; finished now, or due again at its
 * `nextAttemptAt`) and its StripeEventAttempt row (attempt number, worker, `startedAt` to now,
 * outcome, error) — in one statement (an UPDATE and an INSERT in data-modifying CTEs: both or
 * neither, in one round trip). Should the attempt rows fail to be written, the statuses are written
 * alone (and the failure logged): an event is never left claimed, nor lost, for want of its history.
 */
async function recordOutcomes(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { startedAt: Date; outcomes: EventOutcome[] }): Promise<EventStatus[]> {
  const { prisma, clock } = deps;
  const { startedAt, outcomes } = input;
  const finishedAt = clock.now();
  const rows = outcomes.map(({ event, status, error, nextAttemptAt }) => Prisma.sql`(${event.id}::text, ${status}::text, ${error}::text, ${nextAttemptAt ?? null}::timestamp(3), ${event.attempts}::int, ${event.lockedBy}::text)`);
  const outcomeRows = Prisma.sql`o(id, status, error, next_at, attempt, worker) AS (VALUES ${Prisma.join(rows)})`;
  const updateStatuses = Prisma.sql`
    UPDATE "StripeEvent" AS e
       SET status = o.status::"StripeEventStatus", "lastError" = o.error, "lockedBy" = NULL, "lockedUntil" = NULL, "unfinishedClaims" = 0,
           "nextAttemptAt" = COALESCE(o.next_at, e."nextAttemptAt"),
           "processedAt" = CASE WHEN o.status = 'FAILED' THEN e."processedAt" ELSE ${finishedAt}::timestamp(3) END
      FROM o WHERE e.id = o.id`;
  try {
    await prisma.$executeRaw`
      WITH ${outcomeRows}, updated AS (${updateStatuses} RETURNING e.id)
      INSERT INTO "StripeEventAttempt" ("eventId", attempt, worker, "startedAt", "finishedAt", outcome, error)
      SELECT o.id, o.attempt, o.worker, ${startedAt}::timestamp(3), ${finishedAt}::timestamp(3), o.status::"StripeEventStatus", o.error
        FROM o JOIN updated ON updated.id = o.id`;
  } catch (error) {
    deps.log?.error({ err: error, events: outcomes.map((o) => o.event.id) }, 'Stripe event attempts not recorded; statuses written alone');
    await prisma.$executeRaw`WITH ${outcomeRows} ${updateStatuses}`;
  }
  return outcomes.map((o) => o.status);
}

/**
 * Syncs `input.target` once for `input.events` (claimed events naming it; a null target names
 * nothing Marketdesk syncs) and records each one's outcome with a processing attempt row
 * (recordOutcomes): one re-fetch made after they were all stored covers every one of them,
 * whatever their order. A failure counts as an attempt of each event: FAILED with backoff
 * (retryDelayMs from `deps.clock`'s now), or DEAD once an event has had MAX_EVENT_ATTEMPTS —
 * when the failure is Stripe being unavailable (isRetryableStripeError), only once the event is
 * also STRIPE_OUTAGE_RETRY_SECONDS old.
 * An event claimed again after MAX_EVENT_ATTEMPTS claims that never recorded an outcome (each
 * one's process died or hung in this sync) makes the group DEAD without syncing it again, so an
 * object whose sync kills its worker cannot take down every process in turn (finance can replay it).
 * @returns the status each event ends in, in the order given.
 * @throws AppError PRECONDITION_FAILED without Stripe (a failed sync is recorded, never thrown); database errors.
 */
export async function processStripeEvents(given: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { target: EventTarget | null; events: ClaimedEvent[] }): Promise<EventStatus[]> {
  const deps = { ...given, log: given.log && eventLog(given.log, input.events) };
  const { clock } = deps;
  const { target, events } = input;
  requireStripe(deps);
  const startedAt = clock.now();
  const finishAll = (status: 'PROCESSED' | 'IGNORED', lastError: string | null) => recordOutcomes(deps, {
    startedAt,
    outcomes: events.map((event) => ({ event, status, error: lastError })),
  });
  if (!target) return finishAll('IGNORED', 'The event names no object Marketdesk syncs');
  if (events.some((event) => event.unfinishedClaims > MAX_EVENT_ATTEMPTS)) {
    const reason = `not synced again: ${MAX_EVENT_ATTEMPTS} attempts did not finish (the processing process died or hung each time)`;
    deps.log?.error({ target }, `Stripe event ${reason}`);
    return recordOutcomes(deps, { startedAt, outcomes: events.map((event) => ({ event, status: 'DEAD' as const, error: `attempt ${event.attempts}: ${reason}` })) });
  }
  try {
    const outcome = await syncTarget(deps, target);
    return await finishAll(outcome === 'synced' ? 'PROCESSED' : 'IGNORED', outcome === 'synced' ? null : 'Not a Marketdesk object');
  } catch (error) {
    if (isMissingAtStripe(error)) return finishAll('IGNORED', `Stripe does not know the object: ${(error as Error).message}`);
    const message = error instanceof Error ? error.message : String(error);
    const isStripeUnavailable = isRetryableStripeError(error);
    deps.log?.warn({ err: error, target, isStripeUnavailable }, 'Stripe event sync failed; retried with backoff, or dead after the last attempt');
    const now = clock.now().getTime();
    const isGivenUp = (event: ClaimedEvent) => event.attempts >= MAX_EVENT_ATTEMPTS && (!isStripeUnavailable || now - event.stripeCreatedAt.getTime() >= STRIPE_OUTAGE_RETRY_SECONDS * 1000);
    return recordOutcomes(deps, {
      startedAt,
      outcomes: events.map((event) => {
        const status = isGivenUp(event) ? 'DEAD' as const : 'FAILED' as const;
        const nextAttemptAt = status === 'FAILED' ? new Date(now + retryDelayMs(event.attempts)) : undefined;
        return { event, status, error: `attempt ${event.attempts}: ${message}`, nextAttemptAt };
      }),
    });
  }
}

/**
 * `log` bound to what `events`' processing is about: their ids, and the request ids of the webhook
 * deliveries that stored them (`reqId`: the first; `reqIds`: all of them when they differ).
 */
function eventLog(log: Logger, events: ClaimedEvent[]): Logger {
  const reqIds = [...new Set(events.flatMap((event) => (event.requestId ? [event.requestId] : [])))];
  return log.child({ ...(reqIds.length > 0 ? { reqId: reqIds[0] } : {}), ...(reqIds.length > 1 ? { reqIds } : {}), job: 'stripe-events', eventIds: events.map((event) => event.id) });
}

/** Events claimed per round by default (claimStripeEvents keeps the last one's second whole): a purchase's events land in one round, and share one sync. */
export const DEFAULT_CLAIM_BATCH = 200;

/**
 * Claims and processes events as worker `input.workerId` until none is due: each round claims
 * `input.claimBatch` (default DEFAULT_CLAIM_BATCH) events and the rest of the last one's second
 * (claimStripeEvents), groups them by the object they name
 * (a charge's events under its PaymentIntent: targetsOf) and syncs each object once,
 * `input.concurrency` (default 8) objects at a time. A purchase's payment_intent.succeeded,
 * charge.succeeded and application_fee.created, delivered together, cost one sync instead of
 * three. Claims last `input.leaseSeconds` (claimStripeEvents).
 * Once `input.signal` aborts (a graceful shutdown), it finishes the events it claimed and claims no more.
 * @returns how many events it finished (any status).
 * @throws AppError PRECONDITION_FAILED without Stripe; database errors (a failed sync is recorded on its events, never thrown).
 */
export async function drainStripeEvents(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { workerId: string; concurrency?: number; claimBatch?: number; leaseSeconds?: number; signal?: AbortSignal }): Promise<number> {
  requireStripe(deps);
  const { workerId, concurrency = 8, claimBatch = DEFAULT_CLAIM_BATCH, leaseSeconds } = input;
  const claim = () => claimStripeEvents(deps, { workerId, limit: claimBatch, leaseSeconds });
  let finished = 0;
  for (let batch = await claim(); batch.length > 0; batch = input.signal?.aborted ? [] : await claim()) {
    const targets = await targetsOf(deps, batch);
    const groups = new Map<string, { target: EventTarget | null; events: ClaimedEvent[] }>();
    batch.forEach((event, i) => {
      const key = targetKey(targets[i]!);
      const group = groups.get(key) ?? { target: targets[i]!, events: [] };
      group.events.push(event);
      groups.set(key, group);
    });
    const queue = [...groups.values()];
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) await processStripeEvents(deps, { target: group.target, events: group.events });
    }));
    finished += batch.length;
  }
  return finished;
}

/**
 * Puts event `input.eventId` (`evt_…`) back in the queue (PENDING, attempts reset, due at
 * `deps.clock`'s now) and audits it as `input.actor`, in one transaction.
 * @returns the event's id and its new status.
 * @throws AppError NOT_FOUND when no such event is stored.
 */
export async function replayStripeEvent(deps: InboxDeps, input: { actor: Actor; eventId: string }): Promise<{ id: string; status: 'PENDING' }> {
  const { actor, eventId: id } = input;
  return deps.prisma.$transaction(async (tx) => {
    const before = await tx.stripeEvent.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true } });
    if (!before) throw new AppError('NOT_FOUND', { message: `No Stripe event ${id} is stored` });
    await tx.stripeEvent.update({ where: { id }, data: { status: 'PENDING', attempts: 0, unfinishedClaims: 0, nextAttemptAt: deps.clock.now(), lockedBy: null, lockedUntil: null, lastError: null, processedAt: null } });
    await writeAudit(tx, { actor, action: 'stripeEvents.replay', targetType: 'StripeEvent', targetId: id, before, after: { status: 'PENDING' } });
    return { id, status: 'PENDING' as const };
  });
}
