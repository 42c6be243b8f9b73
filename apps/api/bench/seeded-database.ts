/**
 * The seeded marketplace the benchmarks read: a database on the PostgreSQL server holding the
 * whole seed at a scale (`BENCH_SCALE`, default large — over 1,000,000 ledger entries, every
 * purchase made through the real path), built once and kept: `marketdesk_bench_<scale>` on the
 * server of `DATABASE_URL` (or 127.0.0.1:5432), or the database `BENCH_DATABASE_URL` names.
 * Its Stripe emulator state is kept in `.data/bench-seed-<scale>/`, so an interrupted build
 * resumes where it stopped (every seed phase is idempotent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { SEED_SCALES, describeDatabase, runSeed, type SeedScale } from '../../../prisma/seed/run.ts';
import { hasSeededPurchases } from '../../../prisma/seed/money.ts';
import { connectStripeWebhooks, createApp } from '../src/app.ts';
import { loadConfig, REPO_ROOT } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { applyMigrations } from '../src/platform/db/migrations.ts';
import { DEFAULT_PG_URL } from '../test/harness.ts';

export interface SeededDatabase {
  scale: SeedScale;
  url: string;
  db: Database;
  ledgerEntries: number;
  purchases: number;
  /** Milliseconds this run spent seeding (0 when the database was ready). */
  builtMs: number;
}

/** Worker processes of the build (`BENCH_SEED_WORKERS`, default 1; 0 runs everything in this process). */
const INBOX_WORKERS = Number(process.env.BENCH_SEED_WORKERS ?? 1);

/** Starts cli/work.ts with `env`; its output goes to this process's. */
function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', path.join(REPO_ROOT, 'apps/api/src/cli/work.ts')], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
}

/** The URL a worker started with WORK_SERVE reports. @throws Error when it exits first. */
async function workerUrl(worker: ChildProcess): Promise<string> {
  const [message] = await Promise.race([
    once(worker, 'message') as Promise<[{ url?: string }]>,
    once(worker, 'exit').then(([code]) => { throw new Error(`the seed's worker process exited (code ${String(code)}) before serving`); }),
  ]);
  if (!message.url) throw new Error('the seed\'s worker process reported no URL');
  return message.url;
}

/** Sends SIGTERM and waits for the exit. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The scale in `BENCH_SCALE`. @throws Error naming the bad value. */
export function benchScale(): SeedScale {
  const scale = process.env.BENCH_SCALE ?? 'large';
  if (!(scale in SEED_SCALES)) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SEED_SCALES).join(', ')}, not ${scale}`);
  return scale as SeedScale;
}

async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/**
 * Opens the seeded database, seeding it first when its purchases are not all there.
 * @throws Error when PostgreSQL is unreachable or the seed fails (a rerun resumes).
 */
export async function openSeededDatabase(log: (line: string) => void = console.log): Promise<SeededDatabase> {
  const scale = benchScale();
  const server = new URL(process.env.DATABASE_URL || DEFAULT_PG_URL);
  const url = process.env.BENCH_DATABASE_URL ?? Object.assign(server, { pathname: `/marketdesk_bench_${scale}` }).toString();
  await ensureDatabaseExists(url);
  const dataDir = path.join(REPO_ROOT, '.data', `bench-seed-${scale}`);
  let builtMs = 0;
  const probe = await openDatabase({ databaseUrl: url, dataDir });
  const isSeeded = await probe.prisma.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*)::bigint AS n FROM information_schema.tables WHERE table_name = 'Purchase'`
    .then(async ([t]) => Boolean(t?.n) && (await hasSeededPurchases(probe.prisma, 1, SEED_SCALES[scale].purchases)));
  await probe.close();
  if (!isSeeded) {
    log(`building the ${scale} seed in ${url.replace(/\/\/[^@]*@/, '//')} (once; it is kept for later runs)…`);
    const startedAt = performance.now();
    // The build commits without waiting for the WAL flush (postgresql.org/docs/15/wal-async-commit.html):
    // a commit releases the ledger total rows (locked by the insert trigger) that much sooner. Only a
    // server crash could lose the last commits, and this database is a fixture the build can redo.
    const buildUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
    const env = { ...process.env, DATABASE_URL: buildUrl, MARKETDESK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    // This process runs the Stripe emulator and the seed's story; a worker process on the other
    // core serves the API the seed buys through, takes the webhooks and syncs the inbox (the seed
    // only waits for it). With BENCH_SEED_WORKERS=0 this process does it all.
    const app = await createApp({ config: { ...loadConfig(env), isRunningWorkers: INBOX_WORKERS === 0, logLevel: 'warn' }, log: pino({ level: 'warn' }) });
    const workers: ChildProcess[] = [];
    try {
      const urls: string[] = [];
      for (let i = 0; i < INBOX_WORKERS; i += 1) {
        const worker = startWorker({ ...env, STRIPE_EMULATOR_URL: app.deps.stripe!.emulatorUrl!, WORK_SERVE: 'true' });
        workers.push(worker);
        urls.push(await workerUrl(worker));
      }
      const apiUrl = urls[0] ?? (await app.server.listen({ host: '127.0.0.1', port: 0 }));
      connectStripeWebhooks(app, apiUrl);
      await runSeed(app.deps, apiUrl, { scale, dataDir, catalogPath: loadConfig(env).catalogPath, isFetchingRealPackages: false, isInboxDrainedElsewhere: workers.length > 0, log: (line) => log(`  ${line}`) });
    } finally {
      await Promise.all(workers.map((worker) => stopProcess(worker)));
      await app.close();
    }
    builtMs = performance.now() - startedAt;
  }
  const db = await openDatabase({ databaseUrl: url, dataDir });
  await applyMigrations(db.migrationAdapterFactory);
  const { rows } = await describeDatabase(db.prisma);
  await db.query('ANALYZE');
  return { scale, url, db, ledgerEntries: rows.LedgerEntry ?? 0, purchases: rows.Purchase ?? 0, builtMs };
}
