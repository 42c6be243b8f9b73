/**
 * Webhook inbox. `POST /webhooks/stripe` stores each verified event once by id (PENDING, or
 * IGNORED for a type Marketdesk does not handle); workers claim events with
 * `FOR UPDATE SKIP LOCKED` (any number of API processes), re-fetch the object the event names
 * from Stripe and sync it (sync-purchase.ts, sync-connect.ts) — the payload is only used to find
 * which object to re-fetch. A failure is retried with exponential backoff (2 s × 2^(n−1), at
 * most 10 min) and the event goes DEAD after MAX_EVENT_ATTEMPTS. A DEAD or processed event can
 * be replayed from the console.
 */
import type Stripe from 'stripe';
import { AppError, toStorableJsonText } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { isMissingAtStripe, requireStripe } from '../../platform/stripe/access.ts';
import type { PaymentsDeps } from './deps.ts';
import { syncAccount, syncPayout, syncTransfer } from './sync-connect.ts';
import { syncCheckoutSession, syncPaymentIntent } from './sync-checkout.ts';
import { completeTrialSetup } from '../trials/index.ts';
import type { SyncOutcome } from './sync-purchase.ts';

export const MAX_EVENT_ATTEMPTS = 8;
const LOCK_SECONDS = 120;

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
 * payment_intent, application_fee, transfer, transfer_reversal, payout, account,
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
    case 'transfer':
      return id ? { kind: 'transfer', transferId: id } : null;
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

/**
 * Stores verified event `input.event` once by its id (an IGNORED one marked processed at `deps.clock`'s now).
 * `input.payload` is the JSON text to keep (verifyStripeEvent's: the signed body, storable in
 * jsonb); default `JSON.stringify(event)` made storable (toStorableJsonText).
 * @returns 'stored', or 'duplicate' when that id was stored before (nothing changes).
 * @throws database errors only.
 */
export async function storeStripeEvent(deps: InboxDeps, input: { event: Stripe.Event; payload?: string }): Promise<'stored' | 'duplicate'> {
  const { event } = input;
  const status = HANDLED_EVENT_TYPES.has(event.type) ? 'PENDING' : 'IGNORED';
  const payload = input.payload ?? toStorableJsonText(JSON.stringify(event));
  const rows = await deps.prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "StripeEvent" (id, type, account, livemode, "apiVersion", payload, status, "stripeCreatedAt", "processedAt")
    VALUES (${event.id}, ${event.type}, ${event.account ?? null}, ${event.livemode}, ${event.api_version ?? null}, ${payload}::jsonb,
            ${status}::"StripeEventStatus", ${new Date(event.created * 1000)}, ${status === 'IGNORED' ? deps.clock.now() : null})
    ON CONFLICT (id) DO NOTHING RETURNING id`;
  return rows.length > 0 ? 'stored' : 'duplicate';
}

interface ClaimedEvent {
  id: string;
  type: string;
  account: string | null;
  payload: Prisma.JsonValue;
  attempts: number;
  /** The worker that claimed it (recorded on its processing attempt). */
  lockedBy: string | null;
}

/**
 * Claims up to `input.limit` (default 10) runnable events — due PENDING/FAILED, or PROCESSING whose
 * lock expired, at `deps.clock`'s now — for `input.workerId`, for LOCK_SECONDS.
 * @returns the claimed events, attempts already counted.
 */
export async function claimStripeEvents(deps: InboxDeps, input: { workerId: string; limit?: number }): Promise<ClaimedEvent[]> {
  const { workerId, limit = 10 } = input;
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  return deps.prisma.$queryRaw<ClaimedEvent[]>`
    UPDATE "StripeEvent" AS e
       SET status = 'PROCESSING', "lockedBy" = ${workerId}, "lockedUntil" = ${lockedUntil}, attempts = e.attempts + 1
     WHERE e.id IN (
             SELECT id FROM "StripeEvent"
              WHERE (status IN ('PENDING', 'FAILED') AND "nextAttemptAt" <= ${now}) OR (status = 'PROCESSING' AND "lockedUntil" < ${now})
              ORDER BY "stripeCreatedAt", id
              FOR UPDATE SKIP LOCKED
              LIMIT ${limit})
    RETURNING e.id, e.type, e.account, e.payload, e.attempts, e."lockedBy"`;
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

/**
 * A charge target as its PaymentIntent's, so that a purchase's charge, fee and PaymentIntent
 * events share one sync. A charge Stripe cannot give back stays as it is (its sync reports why).
 */
async function throughPaymentIntent(stripe: Stripe, target: EventTarget | null): Promise<EventTarget | null> {
  if (target?.kind !== 'charge') return target;
  try {
    const pi = idOf((await stripe.charges.retrieve(target.chargeId)).payment_intent);
    return pi ? { kind: 'payment_intent', paymentIntentId: pi } : target;
  } catch {
    return target;
  }
}

type EventStatus = 'PROCESSED' | 'IGNORED' | 'FAILED' | 'DEAD';

/** How one claimed event ends: its status, the error it keeps, and the columns that status sets. */
interface EventOutcome {
  event: ClaimedEvent;
  status: EventStatus;
  error: string | null;
  data: Prisma.StripeEventUpdateInput;
}

/**
 * Records `outcomes` — each event's status update and its StripeEventAttempt row (attempt number,
 * worker, `startedAt` to now, outcome, error) — in one transaction. Should the attempt rows fail to
 * be written, the statuses are written alone (and the failure logged): an event is never left
 * claimed, nor lost, for want of its history.
 */
async function recordOutcomes(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { startedAt: Date; outcomes: EventOutcome[] }): Promise<EventStatus[]> {
  const { prisma, clock } = deps;
  const { startedAt, outcomes } = input;
  const finishedAt = clock.now();
  const updateStatuses = (tx: Prisma.TransactionClient) => Promise.all(outcomes.map(({ event, data }) => tx.stripeEvent.update({ where: { id: event.id }, data })));
  try {
    await prisma.$transaction(async (tx) => {
      await updateStatuses(tx);
      await tx.stripeEventAttempt.createMany({
        data: outcomes.map(({ event, status, error }) => ({ eventId: event.id, attempt: event.attempts, worker: event.lockedBy, startedAt, finishedAt, outcome: status, error })),
      });
    });
  } catch (error) {
    deps.log?.error({ err: error, events: outcomes.map((o) => o.event.id) }, 'Stripe event attempts not recorded; statuses written alone');
    await prisma.$transaction(async (tx) => { await updateStatuses(tx); });
  }
  return outcomes.map((o) => o.status);
}

/**
 * Syncs `input.target` once for `input.events` (claimed events naming it; a null target names
 * nothing Marketdesk syncs) and records each one's outcome with a processing attempt row
 * (recordOutcomes): one re-fetch made after they were all stored covers every one of them,
 * whatever their order. A failure counts as an attempt of each event: FAILED with backoff
 * (retryDelayMs from `deps.clock`'s now), or DEAD once an event has had MAX_EVENT_ATTEMPTS.
 * @returns the status each event ends in, in the order given.
 * @throws AppError PRECONDITION_FAILED without Stripe (a failed sync is recorded, never thrown); database errors.
 */
export async function processStripeEvents(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { target: EventTarget | null; events: ClaimedEvent[] }): Promise<EventStatus[]> {
  const { clock } = deps;
  const { target, events } = input;
  requireStripe(deps);
  const startedAt = clock.now();
  const finishAll = (status: 'PROCESSED' | 'IGNORED', lastError: string | null) => recordOutcomes(deps, {
    startedAt,
    outcomes: events.map((event) => ({ event, status, error: lastError, data: { status, lastError, lockedBy: null, lockedUntil: null, processedAt: clock.now() } })),
  });
  if (!target) return finishAll('IGNORED', 'The event names no object Marketdesk syncs');
  try {
    const outcome = await syncTarget(deps, target);
    return await finishAll(outcome === 'synced' ? 'PROCESSED' : 'IGNORED', outcome === 'synced' ? null : 'Not a Marketdesk object');
  } catch (error) {
    if (isMissingAtStripe(error)) return finishAll('IGNORED', `Stripe does not know the object: ${(error as Error).message}`);
    const message = error instanceof Error ? error.message : String(error);
    return recordOutcomes(deps, {
      startedAt,
      outcomes: events.map((event) => {
        const status = event.attempts >= MAX_EVENT_ATTEMPTS ? 'DEAD' as const : 'FAILED' as const;
        const lastError = `attempt ${event.attempts}: ${message}`;
        return {
          event, status, error: lastError,
          data: {
            status, lastError, lockedBy: null, lockedUntil: null,
            ...(status === 'FAILED' ? { nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(event.attempts)) } : { processedAt: clock.now() }),
          },
        };
      }),
    });
  }
}

/** Events claimed per round, per unit of concurrency: a burst about one purchase lands in one round. */
const CLAIMS_PER_WORKER = 8;

/**
 * Claims and processes events as worker `input.workerId` until none is due: each round claims up
 * to `input.concurrency` (default 8) × 8 events, groups them by the object they name (a charge's
 * events under its PaymentIntent) and syncs each object once, `concurrency` objects at a time. A
 * purchase's payment_intent.succeeded, charge.succeeded and application_fee.created, delivered
 * together, cost one sync instead of three.
 * @returns how many events it finished (any status).
 * @throws AppError PRECONDITION_FAILED without Stripe; database errors (a failed sync is recorded on its events, never thrown).
 */
export async function drainStripeEvents(deps: PaymentsDeps & Partial<Pick<AppDeps, 'log'>>, input: { workerId: string; concurrency?: number }): Promise<number> {
  const stripe = requireStripe(deps);
  const { workerId, concurrency = 8 } = input;
  const claim = () => claimStripeEvents(deps, { workerId, limit: concurrency * CLAIMS_PER_WORKER });
  let finished = 0;
  for (let batch = await claim(); batch.length > 0; batch = await claim()) {
    const targets = await Promise.all(batch.map((event) => throughPaymentIntent(stripe, readEventTarget({ type: event.type, account: event.account, data: (event.payload as unknown as Stripe.Event).data }))));
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
    await tx.stripeEvent.update({ where: { id }, data: { status: 'PENDING', attempts: 0, nextAttemptAt: deps.clock.now(), lockedBy: null, lockedUntil: null, lastError: null, processedAt: null } });
    await writeAudit(tx, { actor, action: 'stripeEvents.replay', targetType: 'StripeEvent', targetId: id, before, after: { status: 'PENDING' } });
    return { id, status: 'PENDING' as const };
  });
}
