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
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';

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
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    migrationAdapterFactory: new WholeScriptPrismaPg({ connectionString, max: 2 }),
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
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
  const factory = new PrismaPGlite(client);
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
 * adapter-pg's `executeScript` splits a migration on every ";" and so breaks dollar-quoted
 * function bodies (see DESIGN.md). This factory sends the whole script as one simple-protocol
 * query instead, as PGlite's adapter does.
 */
class WholeScriptPrismaPg extends PrismaPg implements SqlMigrationAwareDriverAdapterFactory {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  }
}
