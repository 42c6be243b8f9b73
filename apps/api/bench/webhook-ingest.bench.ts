/**
 * Webhook ingestion end to end on the PostgreSQL server, with Stripe's own events about real
 * purchases: purchases are paid through the app (createPurchaseOrFreeLicense of a paid plugin, server-side test card) at a
 * standalone Stripe emulator that delivers nothing, so every purchase waits for its events; then
 * the emulator's events of the types Marketdesk subscribes to are POSTed, signed, to one API
 * process (apps/api/src/cli/work.ts, workers on), 32 in flight from a child process. Measured from
 * the first POST to the last answer (receive) and to the last event processed — stored, claimed,
 * synced (purchase, ledger, license), PROCESSED — (end to end; the latest `processedAt`). Then the
 * same deliveries under new ids to an API process running no worker (receive only), removed after.
 * Run three times in one go, each on its own purchases: batched (the defaults), the baseline — one
 * insert per delivery and 64 events claimed per round, the sizes before batching
 * (STRIPE_EVENT_STORE_BATCH=1, STRIPE_EVENT_CLAIM_BATCH=64) —, and batched on two API processes
 * (README's several processes: the deliveries alternate between them, both claim and sync).
 * The machines are shared and noisy: besides events/s it prints the CPU time the API and emulator
 * processes spent per event (/proc/<pid>/stat), which load does not change much; and the CPU time per event of every
 * process involved (the PostgreSQL server's too, and the sender's), with the rate that much CPU
 * allows on this machine's cores at best. Beside them, the floor every statement of a sync stands
 * on: one sequential round trip to the PostgreSQL server through `pg` (wall and this process's CPU),
 * and through Prisma's `$queryRaw`, as the API makes them. Target: ≥ 1,000 events/s end to end.
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type Stripe from 'stripe';
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import { createApp } from '../src/app.ts';
import { createPurchaseOrFreeLicense, ensureConnectedAccount, HANDLED_EVENT_TYPES } from '../src/modules/payments/index.ts';
import { openTestDatabase, testConfig, testSessionKeys } from '../test/harness.ts';
import { SHARED_PROCESS_ENV, startApiProcess, startEmulatorProcess } from '../test/processes.ts';
import type { BenchRow } from './measure.ts';

const PURCHASES = 200;
const CREATORS = 20;
const IN_FLIGHT = 32;

interface Sent { startedAt: number; finishedAt: number; failures: number[]; cpuMs: number }

/** /proc/<pid>/stat's fields after the command name (index 0 = state), or null once the process is gone. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) process `pid` has used so far (/proc/<pid>/stat utime + stime, at 100 ticks/s). */
function cpuSeconds(pid: number): number {
  const fields = statFields(pid)!;
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds the local PostgreSQL server has used so far: utime + stime of every live `postgres`
 * process, plus the postmaster's cutime + cstime (the backends that have exited). All of the
 * server's work is counted, other databases' included: a figure for a quiet machine.
 */
function postgresCpuSeconds(): number {
  const commOf = (pid: string) => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (commOf(pid) !== 'postgres') continue;
    const fields = statFields(pid);
    if (!fields) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    // The postmaster (its parent is no postgres process) also holds its exited children's time.
    if (commOf(fields[1]!) !== 'postgres') ticks += Number(fields[13]) + Number(fields[14]);
  }
  return ticks / 100;
}

/** POSTs `deliveries` from a child process, IN_FLIGHT at a time, each to the next of `urls` in turn. */
function send(urls: string[], deliveries: { body: string; signature: string }[]): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./webhook-sender.mjs', import.meta.url)), [], { execArgv: [] });
    child.once('message', (result) => resolve(result as Sent));
    child.once('error', reject);
    child.once('exit', (code) => code === 0 || reject(new Error(`webhook sender exited with ${code}`)));
    child.send({ urls, deliveries, inFlight: IN_FLIGHT });
  });
}

/**
 * Microseconds per sequential `SELECT $1::int` round trip to `databaseUrl` through a `pg` client and
 * through `prisma.$queryRaw`, wall and CPU (this process's user + system; the server's not counted),
 * median of 3 runs of `runs` calls after a warm-up.
 */
async function roundTripFloor(databaseUrl: string, prisma: { $queryRaw: (query: TemplateStringsArray, ...values: unknown[]) => Promise<unknown> }, runs = 2000): Promise<{ pg: { wallUs: number; cpuUs: number }; prisma: { wallUs: number; cpuUs: number } }> {
  const measure = async (call: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 200; i += 1) await call(i);
    const samples = [];
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < runs; i += 1) await call(i);
      const used = process.cpuUsage(cpu);
      samples.push({ wallUs: ((performance.now() - started) * 1000) / runs, cpuUs: (used.user + used.system) / runs });
    }
    return samples.sort((a, b) => a.wallUs - b.wallUs)[1]!;
  };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return { pg: await measure((i) => client.query('SELECT $1::int', [i])), prisma: await measure((i) => prisma.$queryRaw`SELECT ${i}::int`) };
  } finally {
    await client.end();
  }
}

export async function benchWebhookIngest(): Promise<BenchRow[]> {
  const emulator = await startEmulatorProcess();
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  const config = testConfig({ stripeEmulatorUrl: emulator.url, licenseKeyEncryptionKey: SHARED_PROCESS_ENV.LICENSE_KEY_ENCRYPTION_KEY });
  const seeder = await createApp({ config, db, sessionKeys: testSessionKeys, log: pino({ level: 'silent' }) });
  try {
    const { deps } = seeder;
    const stripe = deps.stripe!.stripe;
    const secret = deps.stripe!.webhookSecret!;
    for (let i = 0; i < CREATORS; i += 1) {
      await deps.prisma.creatorAccount.create({ data: { id: `cr_bench_${i}`, slug: `@bench-${i}`, displayName: `Bench ${i}` } });
      await fetch(`${emulator.url}/_emulator/accounts/${await ensureConnectedAccount(deps, { creatorId: `cr_bench_${i}` })}/onboard`, { method: 'POST' }).then((r) => { if (!r.ok) throw new Error(`onboarding: HTTP ${r.status}`); });
      await deps.prisma.plugin.create({ data: { id: `pl_bench_${i}`, name: `bench-plugin-${i}`, creatorId: `cr_bench_${i}`, priceAmount: 1000 + i * 100, currency: 'usd', status: 'PUBLISHED' } });
    }
    const seen = new Set<string>();
    /** PURCHASES purchases paid at Stripe, not synced: the signed deliveries of their events (handled types only, as subscribed). */
    const purchaseEvents = async (label: string) => {
      const since = Math.floor(Date.now() / 1000) - 1;
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        for (let i = next++; i < PURCHASES; i = next++) {
          await createPurchaseOrFreeLicense(deps, { pluginId: `pl_bench_${i % CREATORS}`, buyerEmail: `${label}-${i}@example.com`, paymentMethod: 'pm_card_visa' });
        }
      }));
      const events: Stripe.Event[] = (await stripe.events.list({ limit: 100, created: { gte: since } }).autoPagingToArray({ limit: 10_000 })).filter((e) => !seen.has(e.id));
      for (const event of events) seen.add(event.id);
      const handled = events.filter((e) => HANDLED_EVENT_TYPES.has(e.type)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
      const now = Math.floor(Date.now() / 1000);
      return handled.map((event) => {
        const body = JSON.stringify(event);
        return { id: event.id, body, signature: signWebhookPayload(body, secret, now) as string };
      });
    };
    /** `processes` API processes on the database, workers on; the deliveries alternate between them. */
    const phase = async (label: string, env: Record<string, string>, processes = 1) => {
      const deliveries = await purchaseEvents(label);
      const apis = await Promise.all(Array.from({ length: processes }, () => startApiProcess({ databaseUrl: db.url!, emulatorUrl: emulator.url, env })));
      const apiCpuSeconds = () => apis.reduce((sum, api) => sum + cpuSeconds(api.pid), 0);
      try {
        const cpuBefore = { api: apiCpuSeconds(), emulator: cpuSeconds(emulator.pid), postgres: postgresCpuSeconds() };
        const sent = await send(apis.map((api) => `${api.url}/webhooks/stripe`), deliveries);
        if (sent.failures.length > 0) throw new Error(`${label}: ${sent.failures.length} deliveries answered ${sent.failures[0]}`);
        const ids = deliveries.map((d) => d.id);
        for (let waited = 0; ; waited += 50) {
          const [row] = await db.query<{ done: number; last: Date | null }>(`SELECT COUNT("processedAt")::int AS done, MAX("processedAt") AS last FROM "StripeEvent" WHERE id = ANY($1)`, [ids]);
          if (row!.done === ids.length) {
            const [wrong] = await db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "StripeEvent" WHERE id = ANY($1) AND status <> 'PROCESSED'`, [ids]);
            if (wrong!.n > 0) throw new Error(`${label}: ${wrong!.n} events not PROCESSED`);
            const cpuMs = (seconds: number, before: number) => ((seconds - before) * 1000) / ids.length;
            return {
              events: ids.length, receiveSeconds: (sent.finishedAt - sent.startedAt) / 1000, endToEndSeconds: (row!.last!.getTime() - sent.startedAt) / 1000,
              apiCpuMs: cpuMs(apiCpuSeconds(), cpuBefore.api), emulatorCpuMs: cpuMs(cpuSeconds(emulator.pid), cpuBefore.emulator),
              postgresCpuMs: ((postgresCpuSeconds() - cpuBefore.postgres) * 1000) / ids.length, senderCpuMs: sent.cpuMs / ids.length, deliveries,
            };
          }
          if (waited > 180_000) throw new Error(`${label}: ${row!.done} of ${ids.length} processed after 180 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await Promise.all(apis.map((api) => api.stop()));
      }
    };
    /** Receive only (no worker runs): `deliveries` again under new ids, stored and answered; then removed. */
    const receiveOnly = async (deliveries: { id: string; body: string }[], env: Record<string, string>) => {
      const now = Math.floor(Date.now() / 1000);
      const copies = deliveries.map(({ id, body }) => {
        const copy = body.replace(`"id":"${id}"`, `"id":"evt_receive_${id}"`);
        return { body: copy, signature: signWebhookPayload(copy, secret, now) as string };
      });
      const api = await startApiProcess({ databaseUrl: db.url!, emulatorUrl: emulator.url, env, isRunningWorkers: false });
      try {
        const sent = await send([`${api.url}/webhooks/stripe`], copies);
        if (sent.failures.length > 0) throw new Error(`receive only: ${sent.failures.length} deliveries answered ${sent.failures[0]}`);
        return (sent.finishedAt - sent.startedAt) / 1000;
      } finally {
        await api.stop();
        await db.query(`DELETE FROM "StripeEvent" WHERE id LIKE 'evt_receive_%'`);
      }
    };
    const baseline = await phase('baseline', { STRIPE_EVENT_STORE_BATCH: '1', STRIPE_EVENT_CLAIM_BATCH: '64' });
    const batched = await phase('batched', {});
    const twoProcesses = await phase('two-processes', {}, 2);
    const receiveSeconds = { baseline: await receiveOnly(baseline.deliveries, { STRIPE_EVENT_STORE_BATCH: '1' }), batched: await receiveOnly(batched.deliveries, {}) };
    const floor = await roundTripFloor(db.url!, deps.prisma);
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    const rate = (events: number, seconds: number) => `${Math.round(events / seconds)} events/s`;
    const cpu = (run: typeof batched) => `${run.apiCpuMs.toFixed(2)} ms API + ${run.emulatorCpuMs.toFixed(2)} ms Stripe emulator`;
    /** Marketdesk's own CPU per event (API + PostgreSQL), then with Stripe's side (emulator, sender) on the same cores, and the rate each allows at best. */
    const allCpu = (run: typeof batched) => {
      const cores = cpus().length;
      const ours = run.apiCpuMs + run.postgresCpuMs;
      const all = ours + run.emulatorCpuMs + run.senderCpuMs;
      const atBest = (ms: number) => `at most ${Math.round((cores * 1000) / ms)} events/s on ${cores} cores`;
      return `API + PostgreSQL ${ours.toFixed(2)} ms (PostgreSQL ${run.postgresCpuMs.toFixed(2)}): ${atBest(ours)}; with the emulator and the sender ${all.toFixed(2)} ms (sender ${run.senderCpuMs.toFixed(2)}): ${atBest(all)}`;
    };
    const base = `${baseline.events} events, load ${load}`;
    return [
      { figure: `webhook receive only (signed POST → stored → 200, no worker running), ${batched.events} events, ${IN_FLIGHT} in flight (PG)`, value: rate(batched.events, receiveSeconds.batched), target: '', baseline: `${rate(baseline.events, receiveSeconds.baseline)} (one insert per event)` },
      { figure: `webhook receive while the worker processes (signed POST → stored → 200), ${batched.events} events of ${PURCHASES} purchases, ${IN_FLIGHT} in flight (PG)`, value: rate(batched.events, batched.receiveSeconds), target: '', baseline: `${rate(baseline.events, baseline.receiveSeconds)} (one insert per event; ${base})` },
      { figure: `webhook ingestion end to end (→ PROCESSED: purchase, ledger, license synced), ${batched.events} events (PG)`, value: rate(batched.events, batched.endToEndSeconds), target: '≥ 1,000 events/s', baseline: `${rate(baseline.events, baseline.endToEndSeconds)} (one insert per event, 64 claimed per round; ${base})` },
      { figure: 'webhook ingestion end to end, CPU per event (load-independent; PostgreSQL\'s own not counted)', value: cpu(batched), target: '', baseline: cpu(baseline) },
      {
        figure: `webhook ingestion end to end, two API processes on the database (the deliveries alternate; both claim and sync), ${twoProcesses.events} events (PG)`,
        value: `${rate(twoProcesses.events, twoProcesses.endToEndSeconds)}; ${cpu(twoProcesses)}`,
        target: '≥ 1,000 events/s',
        baseline: `one process: ${rate(batched.events, batched.endToEndSeconds)}; ${allCpu(twoProcesses)}`,
      },
      {
        figure: 'one PostgreSQL round trip, sequential SELECT $1 (the floor under each statement of a sync; the server\'s CPU not counted)',
        value: `Prisma $queryRaw: ${floor.prisma.wallUs.toFixed(0)} µs wall, ${floor.prisma.cpuUs.toFixed(0)} µs CPU`,
        target: 'floor',
        baseline: `pg client: ${floor.pg.wallUs.toFixed(0)} µs wall, ${floor.pg.cpuUs.toFixed(0)} µs CPU`,
      },
      { figure: 'webhook ingestion end to end, CPU per event of every process involved: API, PostgreSQL server (all of it: a quiet machine\'s figure), Stripe emulator, webhook sender', value: allCpu(batched), target: '', baseline: allCpu(baseline) },
    ];
  } finally {
    await seeder.close();
    await emulator.stop();
  }
}
