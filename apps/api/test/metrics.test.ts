/**
 * Observability (issue 17): `GET /metrics` answers Prometheus text with the named metrics after a
 * tRPC call, license validations and a webhook; the job-queue gauges follow inserted rows; the
 * endpoint is loopback-only without METRICS_TOKEN and bearer-protected with it; a scan queued by a
 * creator's upload logs with the submitting request's reqId, and a webhook event keeps its delivery's.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import pino from 'pino';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStripeWebhooks, createApp, type App } from '../src/app.ts';
import { drainScans } from '../src/modules/moderation/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sendRestError } from '../src/platform/http/errors.ts';
import { createMetrics, registerMetrics, type JobQueueProbes } from '../src/platform/metrics.ts';
import { createTestUser, openTestDatabase, sessionCookieFor, testConfig, testSessionKeys, type TestDatabase } from './harness.ts';
import { createCreator, createPlugin, createSubmission } from './factories.ts';
import { callLicenseApi, createLicense } from './licenses/helpers.ts';
import { buildPackage, manifestOf } from './packages.ts';

let db: TestDatabase;
let app: App;
let url: string;
/** Every JSON log line the app wrote. */
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  db = await openTestDatabase({ isMigrated: false });
  const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  app = await createApp({ config: testConfig(), db, sessionKeys: testSessionKeys, log });
  url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  connectStripeWebhooks(app, url);
});
afterAll(async () => app?.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k!, v!]));
    return { name: match[1]!, labels, value: Number(match[3]) };
  });
}

/** The value of `name` with (at least) `labels`, or undefined when there is no such sample. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/metrics`, { headers });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, samples: response.status === 200 ? parseExposition(text) : [] };
}

describe('/metrics', () => {
  it('answers Prometheus text with requests per route and procedure, validations by code, the inbox, the pool and the process', async () => {
    // A tRPC call (anonymous, so UNAUTHORIZED: the outcome code is a label).
    const me = await fetch(`${url}/trpc/auth.me`);
    expect(me.status).toBe(200);
    const denied = await fetch(`${url}/trpc/users.list`);
    expect(denied.status).toBe(401);
    // License validations: one VALID, two REVOKED; the raw URL's query string must not become a label.
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const valid = await createLicense(app.deps, { pluginId: plugin.id });
    const revoked = await createLicense(app.deps, { pluginId: plugin.id, status: 'REVOKED' });
    expect((await callLicenseApi(url, 'validate', { key: valid.key })).body.code).toBe('VALID');
    expect((await callLicenseApi(url, 'validate', { key: revoked.key })).body.code).toBe('REVOKED');
    const again = await fetch(`${url}/v1/licenses/validate?utm=${randomUUID()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: revoked.key }) });
    expect(again.status).toBe(200);
    // A webhook delivery (a handled type: it waits PENDING, no worker runs here).
    const payload = JSON.stringify({ id: `evt_metrics_${randomUUID().replaceAll('-', '')}`, object: 'event', type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: 'pi_metrics_unknown', object: 'payment_intent' } } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: app.deps.stripe!.webhookSecret! });
    const webhook = await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
    expect(webhook.status).toBe(200);

    const { status, contentType, samples, text } = await scrape();
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE marketdesk_http_request_duration_seconds histogram');
    expect(valueOf(samples, 'marketdesk_http_request_duration_seconds_count', { method: 'POST', route: '/v1/licenses/validate', status_code: '200' })).toBe(3);
    expect(valueOf(samples, 'marketdesk_http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/stripe', status_code: '200' })).toBe(1);
    expect(samples.some((s) => s.labels.route?.includes('utm'))).toBe(false);
    expect(valueOf(samples, 'marketdesk_http_request_duration_seconds_bucket', { route: '/v1/licenses/validate', le: '+Inf' })).toBe(3);
    expect(valueOf(samples, 'marketdesk_trpc_procedure_duration_seconds_count', { procedure: 'auth.me', type: 'query', code: 'OK' })).toBe(1);
    expect(valueOf(samples, 'marketdesk_trpc_procedure_duration_seconds_count', { procedure: 'users.list', type: 'query', code: 'UNAUTHORIZED' })).toBe(1);
    expect(valueOf(samples, 'marketdesk_license_validations_total', { code: 'VALID' })).toBe(1);
    expect(valueOf(samples, 'marketdesk_license_validations_total', { code: 'REVOKED' })).toBe(2);
    expect(valueOf(samples, 'marketdesk_webhook_events', { status: 'PENDING' })).toBe(1);
    expect(valueOf(samples, 'marketdesk_dead_letters', { queue: 'webhook' })).toBe(0);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'marketdesk_database_info', { kind: db.kind })).toBe(1);
    if (db.kind === 'postgres') {
      expect(valueOf(samples, 'marketdesk_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'marketdesk_db_pool_connections', { state: 'waiting' })).toBe(0);
      expect(valueOf(samples, 'marketdesk_db_pool_max')).toBe(10);
    } else {
      expect(valueOf(samples, 'marketdesk_db_pool_connections', { state: 'total' })).toBeUndefined(); // PGlite: one session, no pool
    }
  });

  it('logs a scan queued by an upload with the reqId of the request that submitted it; a webhook event keeps its delivery request id', async () => {
    const user = await createTestUser(db.prisma, ['CREATOR']);
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma, user.id)).id);
    const cookie = await sessionCookieFor(app.deps, user);
    const fromConsole = { cookie, 'x-marketdesk-client': 'console' };
    const tgz = await readFile(await buildPackage({ 'package.json': manifestOf(plugin.name, '1.2.3'), 'index.js': 'module.exports = 1;\n' }));
    const uploaded = await fetch(`${url}/uploads/package`, { method: 'POST', headers: { ...fromConsole, 'content-type': 'application/gzip', 'x-request-id': `upload-${randomUUID()}` }, body: tgz });
    expect(uploaded.status).toBe(200);
    const { uploadId } = (await uploaded.json()) as { uploadId: string };
    const submitRequestId = `submit-${randomUUID()}`;
    const submitted = await fetch(`${url}/trpc/submissions.create`, {
      method: 'POST', headers: { ...fromConsole, 'content-type': 'application/json', 'x-request-id': submitRequestId }, body: JSON.stringify({ json: { pluginId: plugin.id, uploadId } }),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('x-request-id')).toBe(submitRequestId);

    expect(await drainScans(app.deps, { workerId: 'metrics-test' })).toBeGreaterThanOrEqual(1);
    const report = await db.prisma.qualityReport.findFirstOrThrow({ where: { submission: { pluginId: plugin.id } }, select: { id: true, status: true, requestId: true } });
    expect(report).toMatchObject({ status: 'DONE', requestId: submitRequestId });
    const scanLines = logLines.filter((line) => line.reportId === report.id);
    expect(scanLines.map((line) => line.msg)).toEqual(['scan started', 'scan finished']);
    for (const line of scanLines) expect(line).toMatchObject({ reqId: submitRequestId, job: 'quality-scan' });
    // The request's own lines carry the same id: one search finds the request and the scan it queued.
    expect(logLines.some((line) => line.reqId === submitRequestId && line.msg === 'request completed')).toBe(true);

    const deliveryId = `delivery-${randomUUID()}`;
    const eventId = `evt_metrics_${randomUUID().replaceAll('-', '')}`;
    const payload = JSON.stringify({ id: eventId, object: 'event', type: 'charge.succeeded', created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: 'ch_metrics_unknown', object: 'charge' } } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: app.deps.stripe!.webhookSecret! });
    expect((await fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature, 'x-request-id': deliveryId }, body: payload })).status).toBe(200);
    expect(await db.prisma.stripeEvent.findUniqueOrThrow({ where: { id: eventId }, select: { requestId: true } })).toEqual({ requestId: deliveryId });
  });

  it('reads the job queues at scrape time: inbox by status and oldest due age, scans, renewals due, dead letters', async () => {
    const before = (await scrape()).samples;
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    const event = (status: 'PROCESSING' | 'FAILED' | 'DEAD', nextAttemptAt: Date) => db.prisma.stripeEvent.create({
      data: { id: `evt_metrics_${randomUUID().replaceAll('-', '')}`, type: 'charge.succeeded', payload: {}, status, nextAttemptAt, stripeCreatedAt: ago(600) },
    });
    await event('FAILED', ago(90));
    await event('FAILED', new Date(Date.now() + 600_000)); // backing off: queued, not due
    await event('DEAD', ago(3600));
    await event('PROCESSING', ago(30));
    const plugin = await createPlugin(db.prisma, (await createCreator(db.prisma)).id);
    const submission = await createSubmission(db.prisma, plugin);
    const report = (data: { status: 'PENDING' | 'RUNNING' | 'FAILED' | 'DONE'; createdAt?: Date; startedAt?: Date }, of = submission) => db.prisma.qualityReport.create({ data: { submissionId: of.id, pluginVersionId: of.pluginVersionId, ...data } });
    await report({ status: 'PENDING', createdAt: ago(120) });
    await report({ status: 'RUNNING', startedAt: ago(45) });
    const failed = await createSubmission(db.prisma, plugin);
    await report({ status: 'FAILED' }, failed);
    // A failure a re-scan has replaced is no dead letter.
    const rescanned = await createSubmission(db.prisma, plugin);
    await report({ status: 'FAILED', createdAt: ago(600) }, rescanned);
    await report({ status: 'DONE', createdAt: ago(300) }, rescanned);
    const subscription = (nextRenewalAt: Date, status: 'ACTIVE' | 'CANCELED' = 'ACTIVE') => db.prisma.subscription.create({
      data: { buyerEmail: `metrics-${randomUUID().slice(0, 8)}@example.test`, pluginId: plugin.id, status, currentPeriodStart: ago(30 * 86400), currentPeriodEnd: nextRenewalAt, nextRenewalAt },
    });
    await subscription(ago(300));
    await subscription(ago(900), 'CANCELED');
    await subscription(new Date(Date.now() + 86_400_000));

    const after = (await scrape()).samples;
    const delta = (name: string, labels: Record<string, string> = {}) => (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(delta('marketdesk_webhook_events', { status: 'FAILED' })).toBe(2);
    expect(delta('marketdesk_webhook_events', { status: 'DEAD' })).toBe(1);
    expect(delta('marketdesk_webhook_events', { status: 'PROCESSING' })).toBe(1);
    expect(delta('marketdesk_dead_letters', { queue: 'webhook' })).toBe(1);
    expect(valueOf(after, 'marketdesk_webhook_oldest_due_age_seconds', { status: 'FAILED' })).toBeGreaterThanOrEqual(90);
    expect(valueOf(after, 'marketdesk_webhook_oldest_due_age_seconds', { status: 'FAILED' })).toBeLessThan(3600);
    expect(valueOf(after, 'marketdesk_webhook_oldest_due_age_seconds', { status: 'PROCESSING' })).toBeGreaterThanOrEqual(30);
    expect(delta('marketdesk_scans', { status: 'queued' })).toBe(1);
    expect(delta('marketdesk_scans', { status: 'running' })).toBe(1);
    expect(delta('marketdesk_scans', { status: 'failed' })).toBe(1);
    expect(delta('marketdesk_dead_letters', { queue: 'scan' })).toBe(1);
    expect(valueOf(after, 'marketdesk_scan_oldest_age_seconds', { status: 'queued' })).toBeGreaterThanOrEqual(120);
    expect(valueOf(after, 'marketdesk_scan_oldest_age_seconds', { status: 'running' })).toBeGreaterThanOrEqual(45);
    expect(delta('marketdesk_renewals_due')).toBe(1);
    // Stripe's clock counts whole seconds.
    expect(valueOf(after, 'marketdesk_renewal_oldest_due_age_seconds')).toBeGreaterThanOrEqual(299);

    // Renewals are due on Stripe's clock, as the renewal job runs them: shifted two days ahead, tomorrow's is due too.
    const control = app.deps.stripe!.emulator!.control;
    control.setClock({ advanceSeconds: 2 * 86_400 });
    try {
      const shifted = (await scrape()).samples;
      expect((valueOf(shifted, 'marketdesk_renewals_due') ?? 0) - (valueOf(before, 'marketdesk_renewals_due') ?? 0)).toBe(2);
      expect(valueOf(shifted, 'marketdesk_renewal_oldest_due_age_seconds')).toBeGreaterThanOrEqual(2 * 86_400 + 299);
    } finally {
      control.setClock({ isReset: true });
    }
  });

  it('is loopback-only without METRICS_TOKEN and needs the bearer token with it', async () => {
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(403); // a proxy on this host forwarding an outside request
    const outside = await app.server.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'FORBIDDEN' });

    expect(loadConfig({ METRICS_TOKEN: 's3cret-token' }).metricsToken).toBe('s3cret-token');
    expect(loadConfig({}).metricsToken).toBeUndefined();
    const probes: JobQueueProbes = {
      readWebhookInbox: async () => [],
      readScanQueue: async () => ({ queued: 0, running: 0, failed: 0, oldestQueuedAgeSeconds: null, oldestRunningAgeSeconds: null }),
      readDueRenewals: async () => ({ due: 2, oldestDueAgeSeconds: 7 }),
    };
    // A second app's metrics in the same process: a registry of its own, no name collisions.
    const server = Fastify();
    server.setErrorHandler(sendRestError);
    registerMetrics(server, createMetrics({ log: pino({ level: 'silent' }), probes, database: { kind: 'pglite' } }), { metricsToken: 's3cret-token' });
    try {
      const missing = await server.inject({ method: 'GET', url: '/metrics' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      const allowed = await server.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer s3cret-token' } });
      expect(allowed.statusCode).toBe(200);
      expect(valueOf(parseExposition(allowed.body), 'marketdesk_renewals_due')).toBe(2);
    } finally {
      await server.close();
    }
    expect((await scrape()).status).toBe(200); // the app's own registry is untouched
  });
});
