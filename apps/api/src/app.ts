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
import { drainScans, registerModerationRoutes } from './modules/moderation/index.ts';
import { CREDIT_SHARE_INTERVAL_MS, drainStripeEvents, HANDLED_EVENT_TYPES, payCreditShares, registerPaymentRoutes, restorePendingCreatorShares } from './modules/payments/index.ts';
import { registerPricingRoutes } from './modules/pricing/index.ts';
import { registerSubscriptionRoutes, RENEWAL_INTERVAL_MS, renewDueSubscriptions } from './modules/subscriptions/index.ts';
import { registerTrialRoutes } from './modules/trials/index.ts';
import { registerReviewReportRoutes, registerReviewRoutes } from './modules/reviews/index.ts';
import { appRouter } from './routers.ts';

/** How far behind real time Stripe's clock must be for the renewal worker to leave renewals to a seed. */
const BACKDATED_CLOCK_SECONDS = 60;

/** How often the restore job looks for failed refunds' creator shares due to be given back, ms. */
const RESTORE_POLL_MS = 5 * 60_000;

/** Background work of this process: quality scans (every 2 s), the Stripe webhook inbox (every 250 ms), subscription renewals (every minute), failed refunds' creator shares (every 5 min), creators' shares of used credits (every 15 min), old sign-in counters and sessions, license validation log rows past their 30 days (hourly). */
function startWorkers(deps: AppDeps): Poller[] {
  const workerId = `scan-${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollers = [
    startPoller('quality-scans', deps.log, 2000, () => drainScans(deps, { workerId })),
    startPoller('sign-in-purge', deps.log, PURGE_INTERVAL_MS, () => purgeSignInState(deps)),
    startPoller('validation-log-purge', deps.log, VALIDATION_PURGE_INTERVAL_MS, () => purgeValidationLog(deps)),
  ];
  if (deps.stripe) {
    pollers.push(startPoller('stripe-events', deps.log, 250, () => drainStripeEvents(deps, { workerId: `events-${process.pid}-${randomUUID().slice(0, 8)}` })));
    // Renewals run on Stripe's clock (the emulator's may be shifted ahead to try them out). While it
    // is shifted into the past, a seed is telling a backdated story and renews on the story's days
    // itself: renewing here at whatever story moment a minute falls on would make it vary by timing.
    const access = deps.stripe;
    pollers.push(startPoller('subscription-renewals', deps.log, RENEWAL_INTERVAL_MS, async () => {
      const now = await access.now();
      if (now < Date.now() / 1000 - BACKDATED_CLOCK_SECONDS) return 0;
      return renewDueSubscriptions(deps, { at: new Date(now * 1000) });
    }));
    pollers.push(startPoller('refund-restores', deps.log, RESTORE_POLL_MS, () => restorePendingCreatorShares(deps)));
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
  const deps: AppDeps = { prisma: db.prisma, clock: systemClock, config, sessionKeys: options.sessionKeys ?? loadSessionKeys(config), log, stripe };
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
      await Promise.all(workers.map((w) => w.stop()));
      await server.close();
      await stripe.close();
      await db.close();
    },
  };
}
