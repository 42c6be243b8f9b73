/**
 * Group commit for the webhook endpoints. Deliveries that arrive while an insert is running wait
 * and are stored together by the next one (storeStripeEvents: one INSERT, one commit), so a burst
 * of N concurrent deliveries costs a few commits instead of N. Each delivery is answered only once
 * its own row is committed: Stripe resends anything not answered 2xx, so nothing is acknowledged
 * before it is durable, and nothing waits for a timer — a lone delivery is inserted at once.
 */
import type { AppDeps } from '../../platform/deps.ts';
import { storeStripeEvents, type StripeEventDelivery } from './stripe-events.ts';

/** Inserts running at once: one committing while the next batch forms (more only queue on the pool). */
const MAX_INSERTS_IN_FLIGHT = 2;

export interface StripeEventWriter {
  /**
   * Stores `delivery` once by event id, with whatever else is waiting.
   * @returns 'stored', or 'duplicate' when its id was stored before (or by a delivery ahead of it).
   * @throws database errors of its own insert only: a failed batch is retried one delivery at a
   *   time, so one bad delivery never fails the others.
   */
  store(delivery: StripeEventDelivery): Promise<'stored' | 'duplicate'>;
}

interface Waiting {
  delivery: StripeEventDelivery;
  resolve(outcome: 'stored' | 'duplicate'): void;
  reject(error: unknown): void;
}

/** Per database client, what runs when a writer stored a new event (onStripeEventsStored). */
const storedListeners = new WeakMap<object, Set<() => void>>();

/**
 * Runs `listener` after each insert over `prisma` that stored a new event — app.ts wakes this
 * process's inbox worker with it instead of leaving the events to its next poll.
 * @returns a function that removes the listener.
 */
export function onStripeEventsStored(prisma: object, listener: () => void): () => void {
  const listeners = storedListeners.get(prisma) ?? new Set();
  storedListeners.set(prisma, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A group-committing writer over `deps.prisma`: at most `input.maxBatch` deliveries per insert (1: an insert per delivery). */
export function createStripeEventWriter(deps: Pick<AppDeps, 'prisma' | 'clock'>, input: { maxBatch: number }): StripeEventWriter {
  const { maxBatch } = input;
  const onStored = () => storedListeners.get(deps.prisma)?.forEach((listener) => listener());
  const waiting: Waiting[] = [];
  let inFlight = 0;

  /** Stores `batch` in one insert; should it fail, one delivery at a time, so a bad one fails alone. */
  const storeBatch = async (batch: Waiting[]) => {
    try {
      const outcomes = await storeStripeEvents(deps, { deliveries: batch.map((w) => w.delivery) });
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
      if (outcomes.includes('stored')) onStored();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((w) => storeBatch([w])));
    }
  };

  const flush = () => {
    while (inFlight < MAX_INSERTS_IN_FLIGHT && waiting.length > 0) {
      inFlight += 1;
      void storeBatch(waiting.splice(0, maxBatch)).finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  };

  return {
    store(delivery) {
      return new Promise((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        flush();
      });
    },
  };
}
