/**
 * The one place that decides which database Marketdesk talks to:
 * `DATABASE_URL` set → the PostgreSQL server through @prisma/adapter-pg;
 * unset → embedded PGlite in `<dataDir>/pglite` through pglite-prisma-adapter.
 * Everything else receives a {@link Database} and does not know which it got.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.ts';
import type { PoolUsage } from '../metrics.ts';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Adapter factory for Prisma's schema engine (migrations). */
  migrationAdapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Runs one SQL statement outside Prisma (tests, health checks, hot paths). `name`: run it as that
   * prepared statement — on PostgreSQL parsed and planned once per pooled connection instead of on
   * every call (planning the license read costs several times executing it); one name, one text.
   * PGlite ignores it.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
  /** PostgreSQL only: the pool's connections now (for /metrics); PGlite is one session, no pool. */
  readPoolUsage?(): PoolUsage;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PGlite only: keep the database in memory instead of `dataDir` (tests). */
  isInMemory?: boolean;
  /**
   * PGlite in memory only: start from this data directory (a tarball from PGlite's `dumpDataDir`)
   * instead of creating an empty cluster — tests start from one already migrated, seconds faster.
   */
  loadDataDir?: Blob;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

/** Opens the configured database. PGlite data lives in `<dataDir>/pglite`. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options);
}

async function openPostgres(connectionString: string, poolSize: number): Promise<Database> {
  // Named, so an operator (or a test) finds this process's connections in pg_stat_activity.
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: `marketdesk-${process.pid}` });
  // A server-side close of an idle connection (restart, pg_terminate_backend) only drops it from
  // the pool; without a listener node-postgres would crash the process instead.
  pool.on('error', () => undefined);
  const prisma = withTransactionRetry(new PrismaClient({ adapter: new PrismaPg(pool) }));
  const migrationAdapterFactory = new WholeScriptPrismaPg({ connectionString, max: 2 });
  return {
    kind: 'postgres',
    prisma,
    migrationAdapterFactory,
    async query(sql, params, name) {
      return (await (name ? pool.query({ name, text: sql, values: params }) : pool.query(sql, params))).rows;
    },
    readPoolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await migrationAdapterFactory.disposeAll();
    },
  };
}


/** SQLSTATEs after which a transaction was rolled back by the server and may simply run again: its connection was lost (an administrator's pg_terminate_backend, a server crash or restart, a network failure) or PostgreSQL gave up on it (serialization failure, deadlock). */
const RETRYABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '40001', '40P01']);
/** node-postgres's own words for a connection that died under a query. */
const LOST_CONNECTION = /Connection terminated|connection error|not queryable|terminating connection/i;
/** Runs of one interactive transaction at most, and the pause before a rerun (ms, times the run number). */
const TRANSACTION_RUNS = 3;
const RERUN_PAUSE_MS = 100;

/**
 * True when `error` (a Prisma error, a driver adapter error, a pg error, or one of their causes)
 * says the connection was lost or PostgreSQL aborted the transaction (RETRYABLE_SQLSTATES).
 */
export function isRetryableDatabaseError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (!item || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    const { code, originalCode, message, cause, meta } = item as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if ((typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) || (typeof originalCode === 'string' && RETRYABLE_SQLSTATES.has(originalCode))) return true;
    if (typeof message === 'string' && (LOST_CONNECTION.test(message) || [...RETRYABLE_SQLSTATES].some((state) => message.includes(`Code: \`${state}\``)))) return true;
    queue.push(cause, meta?.driverAdapterError);
  }
  return false;
}

/**
 * `prisma` whose interactive `$transaction(fn)` runs `fn` again (at most TRANSACTION_RUNS times
 * in all) when a statement inside it failed because the connection was lost or PostgreSQL aborted
 * the transaction (isRetryableDatabaseError): the server rolled all of it back, so nothing of the
 * first run is left and the rerun is the whole transaction on a fresh pooled connection. A failure
 * at COMMIT itself is never rerun (the commit may have happened) and reaches the caller, as does
 * any other error. Callbacks must only touch the database — as they must anyway, since any
 * transaction can be rolled back. Batch transactions (`$transaction([...])`) are left as they are.
 */
function withTransactionRetry(prisma: PrismaClient): PrismaClient {
  const transaction = prisma.$transaction.bind(prisma) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const retrying = async (arg: unknown, options?: unknown) => {
    if (typeof arg !== 'function') return transaction(arg, options);
    const fn = arg as (tx: unknown) => Promise<unknown>;
    for (let run = 1; ; run += 1) {
      const raisedInside = new WeakSet<object>();
      try {
        return await transaction(async (tx: unknown) => {
          try {
            return await fn(tx);
          } catch (error) {
            if (error && typeof error === 'object') raisedInside.add(error);
            throw error;
          }
        }, options);
      } catch (error) {
        const isRerunnable = error !== null && typeof error === 'object' && raisedInside.has(error) && isRetryableDatabaseError(error);
        if (!isRerunnable || run >= TRANSACTION_RUNS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RERUN_PAUSE_MS * run));
      }
    }
  };
  return new Proxy(prisma, {
    get(target, property) {
      if (property === '$transaction') return retrying;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let client: PGlite;
  if (options.isInMemory) {
    client = new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : undefined);
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const factory = new PatchedPrismaPGlite(client);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    kind: 'pglite',
    prisma,
    migrationAdapterFactory: factory,
    async query(sql, params) {
      return (await client.query(sql, params)).rows as never[];
    },
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

/**
 * Two fixes over pglite-prisma-adapter 0.7.2, so that PGlite behaves as the PostgreSQL server:
 * - it loses errors raised at COMMIT (a deferred constraint such as the ledger balance check)
 *   and reports the transaction as committed although PostgreSQL rolled it back: each PGlite
 *   transaction's failure is recorded and rethrown from `commit()`;
 * - PGlite has no serializer for arrays of enum types, so a list argument such as
 *   `roles: { hasSome: ['ADMIN'] }` reaches PostgreSQL as "ADMIN" ("malformed array literal"):
 *   list arguments are sent as PostgreSQL array literals instead, as node-postgres does.
 */
class PatchedPrismaPGlite extends PrismaPGlite {
  private readonly commitErrors = new WeakMap<object, unknown>();

  constructor(client: PGlite) {
    super(client);
    const transaction = client.transaction.bind(client);
    client.transaction = ((callback: (tx: object) => Promise<unknown>) => {
      let current: object | undefined;
      return transaction(async (tx) => {
        current = tx;
        return callback(tx);
      }).catch((error: unknown) => {
        if (current) this.commitErrors.set(current, error);
        throw error;
      });
    }) as PGlite['transaction'];
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    patchListArguments(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await startTransaction(isolationLevel);
      patchListArguments(tx);
      const commit = tx.commit.bind(tx);
      tx.commit = async () => {
        await commit();
        const error = this.commitErrors.get((tx as unknown as { client: object }).client);
        if (error) throw error;
      };
      return tx;
    };
    return adapter;
  }
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>;

function patchListArguments(target: Queryable): void {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  const fix = (query: SqlQuery): SqlQuery => ({
    ...query,
    args: query.args.map((arg) => (Array.isArray(arg) ? toArrayLiteral(arg) : arg)),
  });
  target.queryRaw = (query) => queryRaw(fix(query));
  target.executeRaw = (query) => executeRaw(fix(query));
}

/** ['A', 'b"c', null] → '{"A","b\\"c",NULL}' (PostgreSQL array input syntax). */
function toArrayLiteral(values: unknown[]): string {
  const items = values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v instanceof Date ? v.toISOString() : v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${items.join(',')}}`;
}

/**
 * adapter-pg's `executeScript` splits a migration on every ";" and so breaks dollar-quoted
 * function bodies (see DESIGN.md). This factory sends the whole script as one simple-protocol
 * query instead, as PGlite's adapter does.
 */
class WholeScriptPrismaPg implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName: string;
  private readonly inner: PrismaPg;
  /** The schema engine does not always dispose what it connects; the database's close() does. */
  private readonly opened = new Set<SqlDriverAdapter>();

  constructor(config: pg.PoolConfig) {
    this.inner = new PrismaPg(config);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.track(await this.inner.connectToShadowDb());
  }

  async disposeAll(): Promise<void> {
    const adapters = [...this.opened];
    this.opened.clear();
    await Promise.all(adapters.map((adapter) => adapter.dispose().catch(() => undefined)));
  }

  private track(adapter: Awaited<ReturnType<PrismaPg['connect']>>): SqlDriverAdapter {
    const pool = adapter.underlyingDriver();
    // An idle connection closed by the server (e.g. DROP DATABASE … WITH (FORCE)) must not crash the process.
    pool.on('error', () => undefined);
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      this.opened.delete(adapter);
      await dispose();
    };
    this.opened.add(adapter);
    return adapter;
  }
}
