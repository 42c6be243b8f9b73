/**
 * The long-lived things every service may need, made once at boot (app.ts) and handed to
 * procedures, HTTP routes, workers, the seed and tests alike. Services take the part they use
 * (`Pick<AppDeps, 'prisma' | 'clock'>`) plus one input object; they never see a request.
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Config } from './config.ts';
import type { Metrics } from './metrics.ts';
import type { SeedStatusTracker } from './seed-status.ts';
import type { SessionKeys } from './sessions.ts';
import type { StripeAccess } from './stripe/client.ts';

/** Where services read the time: the system clock in the app, a fixed or shifted one in tests and the seed's story. */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at`: a test's fixed moment, or the moment of the seed's story. */
export function fixedClock(at: Date): Clock {
  return { now: () => at };
}

export interface AppDeps {
  prisma: PrismaClient;
  clock: Clock;
  config: Config;
  sessionKeys: SessionKeys;
  log: Logger;
  /** Stripe or its emulator; null in a process started without it (tests of other features). */
  stripe: StripeAccess | null;
  /** This app's Prometheus metrics (platform/metrics.ts); absent outside a running app (tests' deps, the seed). */
  metrics?: Metrics;
  /** The seed this process runs, if any (npm start's first start reports to it); absent outside a running app (tests' deps, the seed). */
  seedStatus?: SeedStatusTracker;
}
