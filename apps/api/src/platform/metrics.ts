/**
 * What operators scrape: `GET /metrics` in Prometheus text format (prom-client), one Registry per
 * app instance (tests run several apps in one process; nothing goes to prom-client's global one).
 *
 * - HTTP requests per route (`routeOptions.url`, never the raw URL) and tRPC procedures (path,
 *   type, outcome code), as latency histograms in seconds (their `_count` is the request rate);
 * - license validations by result code (a counter increment on the hot path);
 * - job queues read at scrape time through `probes` (the modules' COUNT/MIN queries): the webhook
 *   inbox, quality scans, subscription renewals due, and their dead letters;
 * - the PostgreSQL pool (node-postgres totalCount / idleCount / waitingCount), or on PGlite only
 *   `marketdesk_database_info{kind="pglite"}` (one embedded session, no pool);
 * - process metrics (collectDefaultMetrics).
 * Access (registerMetrics): `Authorization: Bearer <METRICS_TOKEN>` when the token is set, else only
 * requests from loopback that came through no proxy.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '@marketdesk/shared';

/** Latency buckets, seconds: 5 ms (a cached license answer) to 10 s (a slow report). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Webhook inbox rows per status still in the queue or dead; age = now − the oldest due `nextAttemptAt`, seconds (null: none due). */
export interface WebhookInboxDepth {
  status: 'PENDING' | 'PROCESSING' | 'FAILED' | 'DEAD';
  count: number;
  oldestDueAgeSeconds: number | null;
}

/** Quality scans: queued (PENDING) and running reports with their oldest age in seconds (null: none), and failed ones not since re-scanned (dead letters). */
export interface ScanQueueDepth {
  queued: number;
  running: number;
  failed: number;
  oldestQueuedAgeSeconds: number | null;
  oldestRunningAgeSeconds: number | null;
}

/** Subscriptions whose renewal is due now, and how long the oldest has waited, seconds (null: none). */
export interface DueRenewals {
  due: number;
  oldestDueAgeSeconds: number | null;
}

/** The scrape-time queries, supplied by the modules (app.ts wires them). */
export interface JobQueueProbes {
  readWebhookInbox(): Promise<WebhookInboxDepth[]>;
  readScanQueue(): Promise<ScanQueueDepth>;
  readDueRenewals(): Promise<DueRenewals>;
}

/** node-postgres pool counts (connections); absent on PGlite. */
export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface MetricsOptions {
  log: Logger;
  probes: JobQueueProbes;
  database: { kind: 'postgres' | 'pglite'; readPoolUsage?: () => PoolUsage };
}

/** One app's metrics: the hot-path recorders and the scrape. */
export interface Metrics {
  readonly registry: Registry;
  /** Records one HTTP answer of `route` (Fastify's route pattern) in `seconds`. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void;
  /** Records one tRPC procedure call: `path` (e.g. "refunds.create"), `type` (query/mutation), `code` ("OK" or the tRPC error code). */
  observeProcedure(path: string, type: string, code: string, seconds: number): void;
  /** Counts one license validation answered with `code` (VALID, NOT_FOUND, …). */
  countLicenseValidation(code: string): void;
  /** The Prometheus text exposition, job queues read now. Never throws for a failing probe: that is counted and logged. */
  render(): Promise<string>;
}

/** Builds the metrics of one app instance on a registry of its own. */
export function createMetrics({ log, probes, database }: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({ name: 'marketdesk_http_request_duration_seconds', help: 'HTTP requests by route pattern, method and status code: latency in seconds', labelNames: ['method', 'route', 'status_code'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const trpc = new Histogram({ name: 'marketdesk_trpc_procedure_duration_seconds', help: 'tRPC procedure calls by path, type and outcome code (OK or the tRPC error code): latency in seconds', labelNames: ['procedure', 'type', 'code'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const validations = new Counter({ name: 'marketdesk_license_validations_total', help: 'Public license validations answered, by result code', labelNames: ['code'], registers: [registry] });
  const webhookEvents = new Gauge({ name: 'marketdesk_webhook_events', help: 'Stripe webhook inbox events waiting, in progress, failed (retrying) or dead', labelNames: ['status'], registers: [registry] });
  const webhookAge = new Gauge({ name: 'marketdesk_webhook_oldest_due_age_seconds', help: 'Seconds since the oldest due webhook inbox event of each status became due', labelNames: ['status'], registers: [registry] });
  const scans = new Gauge({ name: 'marketdesk_scans', help: 'Quality scans queued, running, or failed and not since re-scanned', labelNames: ['status'], registers: [registry] });
  const scanAge = new Gauge({ name: 'marketdesk_scan_oldest_age_seconds', help: 'Seconds since the oldest queued scan was queued, or the oldest running scan started', labelNames: ['status'], registers: [registry] });
  const renewalsDue = new Gauge({ name: 'marketdesk_renewals_due', help: 'Subscriptions whose renewal is due now', registers: [registry] });
  const renewalAge = new Gauge({ name: 'marketdesk_renewal_oldest_due_age_seconds', help: 'Seconds since the oldest due renewal became due', registers: [registry] });
  const deadLetters = new Gauge({ name: 'marketdesk_dead_letters', help: 'Jobs given up on: DEAD webhook events, FAILED quality scans', labelNames: ['queue'], registers: [registry] });
  const probeFailures = new Counter({ name: 'marketdesk_metrics_probe_failures_total', help: 'Scrapes whose job queue queries failed (the queue gauges are then absent)', registers: [registry] });
  new Gauge({ name: 'marketdesk_database_info', help: 'The database this process uses (postgres: a server through a pool; pglite: embedded, one session, no pool)', labelNames: ['kind'], registers: [registry] }).set({ kind: database.kind }, 1);
  const { readPoolUsage } = database;
  if (readPoolUsage) {
    new Gauge({
      name: 'marketdesk_db_pool_connections', help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one', labelNames: ['state'], registers: [registry],
      collect() {
        const usage = readPoolUsage();
        this.set({ state: 'total' }, usage.total);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
    new Gauge({ name: 'marketdesk_db_pool_max', help: 'PostgreSQL pool size (most connections it opens)', registers: [registry] }).set(readPoolUsage().max);
  }
  const queueGauges = [webhookEvents, webhookAge, scans, scanAge, renewalsDue, renewalAge, deadLetters];
  const setAge = (gauge: Gauge, labels: Record<string, string>, seconds: number | null) => gauge.set(labels, seconds ?? 0);

  async function readQueues(): Promise<void> {
    try {
      const [inbox, scanQueue, renewals] = await Promise.all([probes.readWebhookInbox(), probes.readScanQueue(), probes.readDueRenewals()]);
      for (const gauge of queueGauges) gauge.reset();
      for (const row of inbox) {
        webhookEvents.set({ status: row.status }, row.count);
        if (row.status !== 'DEAD') setAge(webhookAge, { status: row.status }, row.oldestDueAgeSeconds);
      }
      deadLetters.set({ queue: 'webhook' }, inbox.find((row) => row.status === 'DEAD')?.count ?? 0);
      scans.set({ status: 'queued' }, scanQueue.queued);
      scans.set({ status: 'running' }, scanQueue.running);
      scans.set({ status: 'failed' }, scanQueue.failed);
      setAge(scanAge, { status: 'queued' }, scanQueue.oldestQueuedAgeSeconds);
      setAge(scanAge, { status: 'running' }, scanQueue.oldestRunningAgeSeconds);
      deadLetters.set({ queue: 'scan' }, scanQueue.failed);
      renewalsDue.set(renewals.due);
      renewalAge.set(renewals.oldestDueAgeSeconds ?? 0);
    } catch (error) {
      // Stale depths would read as "all is well": the gauges go absent and the failure is counted.
      for (const gauge of queueGauges) gauge.reset();
      probeFailures.inc();
      log.warn({ err: error }, 'metrics: job queue queries failed');
    }
  }

  // Children per label set, made once: no label object is built per call (prom-client still hashes
  // the labels on each observe and increment; that stays a few microseconds per request).
  const requestChildren = new Map<string, Histogram.Internal<string>>();
  const procedureChildren = new Map<string, Histogram.Internal<string>>();
  const validationChildren = new Map<string, Counter.Internal>();
  return {
    registry,
    observeRequest(method, route, statusCode, seconds) {
      const key = `${method} ${statusCode} ${route}`;
      let child = requestChildren.get(key);
      if (!child) requestChildren.set(key, (child = http.labels(method, route, String(statusCode))));
      child.observe(seconds);
    },
    observeProcedure(path, type, code, seconds) {
      const key = `${type} ${code} ${path}`;
      let child = procedureChildren.get(key);
      if (!child) procedureChildren.set(key, (child = trpc.labels(path, type, code)));
      child.observe(seconds);
    },
    countLicenseValidation(code) {
      let child = validationChildren.get(code);
      if (!child) validationChildren.set(code, (child = validations.labels(code)));
      child.inc();
    },
    async render() {
      await readQueues();
      return registry.metrics();
    },
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Whether `req` may read the metrics: with `token` set, only with `Authorization: Bearer <token>`
 * (compared in constant time); without, only from a loopback socket with no X-Forwarded-For or
 * Forwarded header (a reverse proxy on the same host forwards outside requests from loopback).
 */
export function isMetricsReader(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const digest = (text: string) => createHash('sha256').update(text).digest();
    return timingSafeEqual(digest(given), digest(token));
  }
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

/**
 * Times every request of `server` (register before the routes: hooks reach the routes added
 * after them) and serves `GET /metrics` to readers isMetricsReader admits.
 * @throws (to the client) AppError UNAUTHENTICATED (401) without the token when one is set; FORBIDDEN (403) from outside loopback without one.
 */
export function registerMetrics(server: FastifyInstance, metrics: Metrics, config: { metricsToken: string | undefined }): void {
  server.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  server.get('/metrics', async (req, reply) => {
    if (!isMetricsReader(req, config.metricsToken)) {
      if (config.metricsToken) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHENTICATED', { message: 'The metrics need Authorization: Bearer <METRICS_TOKEN>' });
      }
      throw new AppError('FORBIDDEN', { message: 'The metrics are served to loopback only; set METRICS_TOKEN to scrape them from elsewhere' });
    }
    const body = await metrics.render();
    reply.header('cache-control', 'no-store');
    return reply.type(metrics.registry.contentType).send(body);
  });
}
