/**
 * The composition root. Boot: open the configured database, apply pending migrations, make the
 * license signing key on first start, connect Stripe (or start its emulator), build the server
 * from every module's router and HTTP routes, and start the background workers. Used by
 * `npm start`, the seed, the bench and the tests' harness.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { applyMigrations, loadMigrationList } from './platform/db/migrations.ts';
import { buildServer } from './platform/server.ts';
import { loadSessionKeys, type SessionKeys } from './platform/sessions.ts';
import { systemClock, type AppDeps } from './platform/deps.ts';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { startPoller, type Poller } from './platform/jobs/poller.ts';
import { createStripeAccess } from './platform/stripe/client.ts';
import { PURGE_INTERVAL_MS, purgeSignInState } from './modules/auth/index.ts';
import { registerDisputeRoutes } from './modules/disputes/index.ts';
import { registerFinanceRoutes } from './modules/finance/index.ts';
import { ensureCurrentSigningKey, keyringFor, purgeValidationLog, registerLicenseRoutes, VALIDATION_PURGE_INTERVAL_MS } from './modules/licenses/index.ts';
import { closeScanPool, drainScans, registerModerationRoutes } from './modules/moderation/index.ts';
import { CREDIT_SHARE_INTERVAL_MS, drainStripeEvents, HANDLED_EVENT_TYPES, onStripeEventsStored, payCreditShares, REFUND_RESEND_POLL_MS, registerPaymentRoutes, resendPendingRefunds, restorePendingCreatorShares } from './modules/payments/index.ts';
import { registerPricingRoutes } from './modules/pricing/index.ts';
import { registerSubscriptionRoutes, renewDueSubscriptions } from './modules/subscriptions/index.ts';
import { registerTrialRoutes } from './modules/trials/index.ts';
import { registerReviewReportRoutes, registerReviewRoutes } from './modules/reviews/index.ts';
import { appRouter } from './routers.ts';
import { jobQueueProbes } from './job-queue-probes.ts';
import { createMetrics } from './platform/metrics.ts';
import { createSeedStatusTracker, type SeedStatusTracker } from './platform/seed-status.ts';

/** How far behind real time Stripe's clock must be for the renewal worker to leave renewals to a seed. */
const BACKDATED_CLOCK_SECONDS = 60;

/** How often the restore job looks for failed refunds' creator shares due to be given back, ms. */
const RESTORE_POLL_MS = 5 * 60_000;

/** Background work of this process: quality scans (every 2 s), the Stripe webhook inbox (every 250 ms), subscription renewals (every minute, config renewalIntervalSeconds), refunds Stripe did not confirm (every 10 s), failed refunds' creator shares (every 5 min), creators' shares of used credits (every 15 min), old sign-in counters and sessions, license validation log rows past their 30 days (hourly). */
function startWorkers(deps: AppDeps): Poller[] {
  const workerId = `scan-${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollers = [
    startPoller('quality-scans', deps.log, 2000, (signal) => drainScans(deps, { workerId, leaseSeconds: deps.config.leaseSeconds.scan, signal })),
    startPoller('sign-in-purge', deps.log, PURGE_INTERVAL_MS, () => purgeSignInState(deps)),
    startPoller('validation-log-purge', deps.log, VALIDATION_PURGE_INTERVAL_MS, () => purgeValidationLog(deps)),
  ];
  if (deps.stripe) {
    const inbox = startPoller('stripe-events', deps.log, 250, (signal) => drainStripeEvents(deps, { workerId: `events-${process.pid}-${randomUUID().slice(0, 8)}`, claimBatch: deps.config.stripeEventBatch.claim, leaseSeconds: deps.config.leaseSeconds.stripeEvent, signal }));
    // Woken by this process's webhook deliveries as soon as they are stored, not at its next poll.
    onStripeEventsStored(deps.prisma, inbox.nudge);
    pollers.push(inbox);
    // Renewals run on Stripe's clock (the emulator's may be shifted ahead to try them out). While it
    // is shifted into the past, a seed is telling a backdated story and renews on the story's days
    // itself: renewing here at whatever story moment a minute falls on would make it vary by timing.
    const access = deps.stripe;
    pollers.push(startPoller('subscription-renewals', deps.log, deps.config.renewalIntervalSeconds * 1000, async (signal) => {
      const now = await access.now();
      if (now < Date.now() / 1000 - BACKDATED_CLOCK_SECONDS) return 0;
      return renewDueSubscriptions(deps, { at: new Date(now * 1000), leaseSeconds: deps.config.leaseSeconds.renewal, signal });
    }));
    pollers.push(startPoller('refund-restores', deps.log, RESTORE_POLL_MS, () => restorePendingCreatorShares(deps)));
    // Refunds Stripe did not confirm (down, timed out, a process died mid-call), sent again with their keys.
    const resendAfterSeconds = deps.config.leaseSeconds.refundResend;
    pollers.push(startPoller('refund-resends', deps.log, Math.min(REFUND_RESEND_POLL_MS, Math.max(1000, resendAfterSeconds * 500)), () => resendPendingRefunds(deps, { resendAfterSeconds })));
    // Creators' shares of used credits, per creator and currency under an advisory lock (pay-credit-shares.ts).
    pollers.push(startPoller('credit-shares', deps.log, CREDIT_SHARE_INTERVAL_MS, () => payCreditShares(deps)));
  }
  return pollers;
}

/**
 * Points the emulator this process started (if any) at this server's webhook endpoints, subscribed
 * to the event types Marketdesk handles (HANDLED_EVENT_TYPES): the platform's events to
 * `/webhooks/stripe`, connected accounts' events to `/webhooks/stripe/connect`. Call once the
 * server listens on `url` (e.g. http://127.0.0.1:3000). With real Stripe both endpoints and their
 * events are configured in the Dashboard instead.
 */
export function connectStripeWebhooks(app: Pick<App, 'deps'>, url: string): void {
  const base = `${url.replace(/\/$/, '')}/webhooks/stripe`;
  const enabledEvents = [...HANDLED_EVENT_TYPES];
  app.deps.stripe?.emulator?.configureWebhooks({ url: base, enabledEvents, connect: { url: `${base}/connect`, enabledEvents } });
}

/**
 * Closes `app` on the first SIGINT or SIGTERM (a second signal while it closes is ignored), then
 * exits the process (closeThenExit: 0 once closed, 1 if closing threw or outlasted
 * `config.shutdownTimeoutSeconds`). For the CLIs that serve (`npm start`, `npm run serve`).
 */
export function closeOnSignals(app: Pick<App, 'close' | 'deps'>): void {
  let isStopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (isStopping) return;
      isStopping = true;
      void closeThenExit(app);
    });
  }
}

/**
 * Closes `app` — the server stops accepting, the workers finish or release their claims, pools
 * close — then calls `exit`: 0 once closed; 1 with the error logged if closing threw; 1 when
 * `app.deps.config.shutdownTimeoutSeconds` pass first (a scan can run up to its 120 s timeout),
 * logged: what the process still held is taken over by another once its lease expires, as after a
 * kill -9 (faults-kill.pg.test.ts).
 */
export async function closeThenExit(app: Pick<App, 'close' | 'deps'>, exit: (code: number) => void = process.exit): Promise<void> {
  const { config, log } = app.deps;
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    deadline = setTimeout(() => resolve('timeout'), config.shutdownTimeoutSeconds * 1000);
    deadline.unref();
  });
  try {
    if ((await Promise.race([app.close().then(() => 'closed' as const), timedOut])) === 'timeout') {
      log.error({ shutdownTimeoutSeconds: config.shutdownTimeoutSeconds }, 'Shutdown did not finish in time: exiting; unfinished claimed work is taken over when its lease expires');
      exit(1);
      return;
    }
    exit(0);
  } catch (error) {
    log.error({ err: error }, 'Shutdown failed');
    exit(1);
  } finally {
    clearTimeout(deadline);
  }
}

export interface App {
  server: FastifyInstance;
  db: Database;
  deps: AppDeps;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log?: Logger;
  /** Use this database instead of opening the configured one (tests). */
  db?: Database;
  sessionKeys?: SessionKeys;
  /** Where a seed this process runs reports its progress (npm start), read by `seeding.status`; default a tracker of its own, idle until something reports. */
  seedStatus?: SeedStatusTracker;
}

/** Opens the database, migrates it and builds the server. @throws when a migration fails. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.log ?? pino({ level: config.logLevel });
  const db = options.db ?? (await openDatabase(config));
  const applied = await applyMigrations(db.migrationAdapterFactory);
  if (applied.length) log.info({ applied, database: db.kind }, 'applied migrations');
  const expectedMigrations = (await loadMigrationList()).migrationDirectories.map((m) => m.path);
  await ensureCurrentSigningKey({ prisma: db.prisma, config });
  const stripe = await createStripeAccess({
    secretKey: config.stripeSecretKey,
    webhookSecret: config.stripeWebhookSecret,
    connectWebhookSecret: config.stripeConnectWebhookSecret,
    emulatorUrl: config.stripeEmulatorUrl,
    dataDir: config.dataDir,
    log,
  });
  const deps: AppDeps = { prisma: db.prisma, clock: systemClock, config, sessionKeys: options.sessionKeys ?? loadSessionKeys(config), log, stripe, seedStatus: options.seedStatus ?? createSeedStatusTracker(systemClock) };
  deps.metrics = createMetrics({ log, database: db, probes: jobQueueProbes(deps) });
  // Fails the start, not the first request, when LICENSE_KEY_ENCRYPTION_KEY is not the key the signing keys were stored with.
  const { kid } = await keyringFor(deps).currentSigningKey();
  log.debug({ kid }, 'license signing key');
  const server = await buildServer({
    deps, db, expectedMigrations, router: appRouter,
    routes: [registerModerationRoutes, registerPaymentRoutes, registerFinanceRoutes, registerDisputeRoutes, registerLicenseRoutes, registerPricingRoutes, registerTrialRoutes, registerSubscriptionRoutes, registerReviewRoutes, registerReviewReportRoutes],
  }).catch(async (error: unknown) => {
    await stripe.close(); // e.g. REDIS_URL not answering: the emulator this start opened must not outlive it
    throw error;
  });
  const workers = config.isRunningWorkers ? startWorkers(deps) : [];
  return {
    server,
    db,
    deps,
    async close() {
      // Stop taking work, together: no new connections (requests in flight finish) and no new claims
      // (claimed work finishes, or its claims are released for another process); then close the pools.
      await Promise.all([server.close(), ...workers.map((w) => w.stop())]);
      await closeScanPool(); // after the scan poller stopped: its scans have finished
      await stripe.close();
      await db.close();
    },
  };
}
