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

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Adapter factory for Prisma's schema engine (migrations). */
  migrationAdapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Runs one SQL statement outside Prisma (tests, health checks). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PGlite only: keep the database in memory instead of `dataDir` (tests). */
  isInMemory?: boolean;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

/** Opens the configured database. PGlite data lives in `<dataDir>/pglite`. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options);
}

async function openPostgres(connectionString: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // A server-side close of an idle connection (restart, pg_terminate_backend) only drops it from
  // the pool; without a listener node-postgres would crash the process instead.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const migrationAdapterFactory = new WholeScriptPrismaPg({ connectionString, max: 2 });
  return {
    kind: 'postgres',
    prisma,
    migrationAdapterFactory,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await migrationAdapterFactory.disposeAll();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let client: PGlite;
  if (options.isInMemory) {
    client = new PGlite();
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
