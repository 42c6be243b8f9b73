/**
 * Webhook processing attempts (StripeEventAttempt) and stripeEvents.get: a sync that fails
 * (Stripe answering 500 to every re-fetch) leaves FAILED attempt rows with the error, a later
 * success a PROCESSED one; an attempt row that cannot be written never costs the event its status;
 * the event page reads them with the payload and the object it is about.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainStripeEvents, MAX_EVENT_ATTEMPTS, STRIPE_OUTAGE_RETRY_SECONDS } from '../../src/modules/payments/stripe-events.ts';
import { buy, callerAs, createSeller, onboardSeller, settle, startMoneyServer, type MoneyServer } from './helpers.ts';

let ts: MoneyServer;
beforeAll(async () => {
  ts = await startMoneyServer();
});
afterAll(async () => ts?.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe('processing attempts', () => {
  it('an event whose 8 claims never recorded an outcome (their processes died mid-sync) is DEAD when claimed again, not synced a 9th time', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1300 });
    const { paymentIntentId } = await buy(ts, plugin.id);
    await settle(ts);
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    // As eight processes that claimed it and died leave it: PROCESSING, the last lease lapsed.
    await ts.prisma.stripeEvent.update({ where: { id: event.id }, data: { status: 'PROCESSING', attempts: MAX_EVENT_ATTEMPTS, unfinishedClaims: MAX_EVENT_ATTEMPTS, lockedBy: 'dead-worker', lockedUntil: new Date(Date.now() - 1000), processedAt: null } });
    await ts.prisma.stripeEventAttempt.deleteMany({ where: { eventId: event.id } });
    await drainStripeEvents(ts.app.deps, { workerId: 'worker-after-deaths' });
    const dead = await ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(dead).toMatchObject({ status: 'DEAD', attempts: MAX_EVENT_ATTEMPTS + 1, lockedBy: null });
    expect(dead.lastError).toMatch(/^attempt 9: not synced again: 8 attempts did not finish/);
    expect(await ts.prisma.stripeEventAttempt.findMany({ where: { eventId: event.id }, select: { attempt: true, worker: true, outcome: true } })).toEqual([{ attempt: 9, worker: 'worker-after-deaths', outcome: 'DEAD' }]);
  });

  it('while Stripe is unavailable an event is retried past MAX_EVENT_ATTEMPTS, and goes DEAD only once 3 days old; then a replay processes it', async () => {
    const emulator = ts.app.deps.stripe!.emulator!;
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1100 });
    const { paymentIntentId } = await buy(ts, plugin.id);
    await emulator.waitForDeliveries();
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    // As MAX_EVENT_ATTEMPTS syncs that each failed and recorded it leave it: FAILED, due now.
    await ts.prisma.stripeEvent.update({ where: { id: event.id }, data: { status: 'FAILED', attempts: MAX_EVENT_ATTEMPTS, nextAttemptAt: new Date(), processedAt: null } });
    const drainDuringOutage = async () => {
      emulator.control.setOutage({ count: 1_000 });
      try {
        await drainStripeEvents(ts.app.deps, { workerId: 'worker-outage' });
      } finally {
        emulator.control.clearOutage();
      }
      return ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    };

    const retried = await drainDuringOutage();
    expect(retried).toMatchObject({ status: 'FAILED', attempts: MAX_EVENT_ATTEMPTS + 1, unfinishedClaims: 0 });
    // Backing off: 2 s × 2^8 after the 9th attempt (the 10th waits the 10-minute cap).
    expect(retried.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(500_000);

    // The same outage 3 days after Stripe created the event: given up, for finance to replay.
    await ts.prisma.stripeEvent.update({ where: { id: event.id }, data: { nextAttemptAt: new Date(), stripeCreatedAt: new Date(Date.now() - STRIPE_OUTAGE_RETRY_SECONDS * 1000 - 60_000) } });
    const dead = await drainDuringOutage();
    expect(dead).toMatchObject({ status: 'DEAD', attempts: MAX_EVENT_ATTEMPTS + 2 });
    expect(dead.lastError).toMatch(/^attempt 10: /);

    const { caller } = await callerAs(ts, ['FINANCE']);
    await caller.stripeEvents.replay({ id: event.id });
    await settle(ts);
    expect(await ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: 'PROCESSED', attempts: 1, unfinishedClaims: 0 });
  });

  it('a failing sync leaves FAILED attempts with the error; a later success a PROCESSED one', async () => {
    const emulator = ts.app.deps.stripe!.emulator!;
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 1200 });
    const { purchaseId, paymentIntentId } = await buy(ts, plugin.id);
    await emulator.waitForDeliveries();
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    emulator.control.setOutage({ count: 1_000 });
    try {
      await drainStripeEvents(ts.app.deps, { workerId: 'worker-failing' });
    } finally {
      emulator.control.clearOutage();
    }
    const failed = await ts.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(failed.status).toBe('FAILED');
    const firstAttempts = await ts.prisma.stripeEventAttempt.findMany({ where: { eventId: event.id } });
    expect(firstAttempts).toHaveLength(1);
    expect(firstAttempts[0]).toMatchObject({ attempt: 1, worker: 'worker-failing', outcome: 'FAILED' });
    expect(firstAttempts[0]!.error).toBe(failed.lastError);
    expect(firstAttempts[0]!.error).toMatch(/^attempt 1: /);
    expect(firstAttempts[0]!.finishedAt.getTime()).toBeGreaterThanOrEqual(firstAttempts[0]!.startedAt.getTime());

    // Due again now (its backoff skipped), and Stripe answers: processed on attempt 2.
    await ts.prisma.stripeEvent.updateMany({ where: { status: 'FAILED' }, data: { nextAttemptAt: new Date() } });
    await drainStripeEvents(ts.app.deps, { workerId: 'worker-ok' });
    await settle(ts);
    const { caller } = await callerAs(ts, ['FINANCE']);
    const page = await caller.stripeEvents.get({ id: event.id });
    expect(page).toMatchObject({ id: event.id, type: 'payment_intent.succeeded', status: 'PROCESSED', attempts: 2, lastError: null });
    expect(page.processingAttempts.map((a) => [a.attempt, a.worker, a.outcome, a.error === null])).toEqual([[1, 'worker-failing', 'FAILED', false], [2, 'worker-ok', 'PROCESSED', true]]);
    expect(page.object).toEqual({ type: 'payment_intent', id: paymentIntentId, link: { kind: 'purchase', purchaseId } });
    expect((page.payload as { id: string; data: { object: { id: string } } }).data.object.id).toBe(paymentIntentId);
    expect((page.payload as { id: string }).id).toBe(event.id);
  });

  it('a replayed event gets a new attempt 1 beside its earlier ones', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 900 });
    const { paymentIntentId } = await buy(ts, plugin.id);
    await settle(ts);
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    const { caller } = await callerAs(ts, ['FINANCE']);
    await caller.stripeEvents.replay({ id: event.id });
    await settle(ts);
    const page = await caller.stripeEvents.get({ id: event.id });
    expect(page.processingAttempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'PROCESSED'], [1, 'PROCESSED']]);
  });

  it('an attempt row that cannot be written does not lose the event: its status is written alone', async () => {
    const { plugin } = await createSeller(ts.prisma, { priceAmount: 700 });
    const { paymentIntentId } = await buy(ts, plugin.id);
    await ts.app.deps.stripe!.emulator!.waitForDeliveries();
    // Every insert into StripeEventAttempt now fails (a check no row passes).
    await ts.prisma.$executeRawUnsafe('ALTER TABLE "StripeEventAttempt" ADD CONSTRAINT "attempts_refused" CHECK (false) NOT VALID');
    try {
      await settle(ts);
    } finally {
      await ts.prisma.$executeRawUnsafe('ALTER TABLE "StripeEventAttempt" DROP CONSTRAINT "attempts_refused"');
    }
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'payment_intent.succeeded', payload: { path: ['data', 'object', 'id'], equals: paymentIntentId } } });
    expect(event).toMatchObject({ status: 'PROCESSED', lockedBy: null, attempts: 1 });
    expect(await ts.prisma.stripeEventAttempt.count({ where: { eventId: event.id } })).toBe(0);
  });
});

describe('stripeEvents.get', () => {
  it('links a connected account\'s event to its creator', async () => {
    const { creator } = await createSeller(ts.prisma, { priceAmount: 500 });
    const account = await onboardSeller(ts, creator.id);
    await settle(ts);
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ where: { type: 'account.updated', payload: { path: ['data', 'object', 'id'], equals: account } }, orderBy: { receivedAt: 'desc' } });
    const { caller } = await callerAs(ts, ['ADMIN']);
    const page = await caller.stripeEvents.get({ id: event.id });
    expect(page.object).toEqual({ type: 'account', id: account, link: { kind: 'creator', creatorId: creator.id, creatorName: creator.displayName } });
  });

  it('is refused to support, moderators and creators; an unknown event is not found', async () => {
    const event = await ts.prisma.stripeEvent.findFirstOrThrow({ select: { id: true } });
    for (const roles of [['SUPPORT'], ['MODERATOR'], ['CREATOR']] as const) {
      const { caller } = await callerAs(ts, [...roles]);
      expect(await codeOf(caller.stripeEvents.get({ id: event.id }))).toBe('FORBIDDEN');
    }
    const { caller } = await callerAs(ts, ['FINANCE']);
    expect(await codeOf(caller.stripeEvents.get({ id: 'evt_never_stored' }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.stripeEvents.get({ id: 'not-an-event' }))).toBe('BAD_REQUEST');
  });
});
