/**
 * Test harness: real databases and a real server.
 * - `openTestDatabase()`: a new, migrated database — on the PostgreSQL server named by
 *   DATABASE_URL (a fresh `md_test_*` database, dropped on close) when it is set or when
 *   `target: 'postgres'` is asked for, else an in-memory PGlite.
 * - `startTestServer()`: the whole app listening on a loopback port.
 * - `contextFor(deps, user)`: a tRPC context signed in as `user`, for `createCaller`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pino from 'pino';
import type { Role } from '@marketdesk/shared';
import { connectStripeWebhooks, createApp, type App } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { applyMigrations, MIGRATIONS_DIR } from '../src/platform/db/migrations.ts';
import { createCallerFactory } from '../src/platform/trpc/init.ts';
import { appRouter } from '../src/routers.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { makeTempDir } from './temp-dirs.ts';
import { startSession, type SessionKeys } from '../src/platform/sessions.ts';
import { systemClock, type AppDeps } from '../src/platform/deps.ts';
import type { Context } from '../src/platform/trpc/context.ts';
import type { PrismaClient } from '../src/generated/prisma/client.ts';

export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** Connection string of the per-test PostgreSQL database (undefined on PGlite). */
  url?: string;
}

/**
 * A fresh migrated database; close() removes it. A migrated one is a copy of a database the
 * migrations were applied to once (migratedPostgresTemplate, migratedPgliteDump), not a new run of
 * them: on PGlite an empty cluster and the migrations took 5–10 s per database on the CI machine, a
 * copy about 2 s. `isMigrated: false` gives an empty database (tests of the migrations themselves).
 */
export async function openTestDatabase(options: { target?: 'auto' | 'postgres' | 'pglite'; isMigrated?: boolean } = {}): Promise<TestDatabase> {
  const target = options.target ?? 'auto';
  const isMigrated = options.isMigrated !== false;
  const usePostgres = target === 'postgres' || (target === 'auto' && Boolean(process.env.DATABASE_URL));
  if (usePostgres) {
    const serverUrl = process.env.DATABASE_URL || DEFAULT_PG_URL;
    const url = await createPostgresDatabase(serverUrl, isMigrated ? await migratedPostgresTemplate(serverUrl) : undefined);
    const opened = await openDatabase({ databaseUrl: url.database, dataDir: tempDir() });
    return { ...opened, url: url.database, close: async () => { await opened.close(); await url.drop(); } };
  }
  return openDatabase({ dataDir: tempDir(), isInMemory: true, loadDataDir: isMigrated ? await migratedPgliteDump() : undefined });
}

/** sha256 of the migrations (folder names and SQL, in order) and `extra`: what a migrated copy depends on. */
function migrationsFingerprint(extra: string): string {
  const hash = createHash('sha256').update(extra);
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    const sql = path.join(MIGRATIONS_DIR, name, 'migration.sql');
    if (existsSync(sql)) hash.update(`\0${name}\0`).update(readFileSync(sql));
  }
  return hash.digest('hex').slice(0, 16);
}

let pgliteDump: Promise<Blob> | undefined;

/**
 * A PGlite data directory with every migration applied (dumpDataDir's tarball), built once per
 * set of migrations and PGlite version and kept in the OS temp folder for every test process:
 * written to a unique name and renamed, so processes racing to build it never read half a file.
 */
function migratedPgliteDump(): Promise<Blob> {
  pgliteDump ??= (async () => {
    const version = packageVersion('@electric-sql/pglite');
    const file = path.join(os.tmpdir(), `marketdesk-pglite-migrated-${migrationsFingerprint(`pglite ${version}`)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const client = new PGlite();
    await applyMigrations(new PrismaPGlite(client));
    const dump = await client.dumpDataDir('none');
    await client.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  })();
  return pgliteDump;
}

/** The installed version of `name` (its package.json, found above its entry point: its exports hide it). */
function packageVersion(name: string): string {
  for (let dir = path.dirname(createRequire(import.meta.url).resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name: found, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (found === name) return version;
  }
  throw new Error(`no package.json of ${name} above its entry point`);
}

const postgresTemplates = new Map<string, Promise<string>>();
/** pg_advisory_lock key held while a template database is built (any fixed number). */
const TEMPLATE_LOCK_KEY = 7_413_209;

/**
 * The name of a database on `serverUrl` with every migration applied, to copy test databases from
 * (`CREATE DATABASE … TEMPLATE`): `md_template_<fingerprint>`, built once per set of migrations
 * under an advisory lock (test processes race for it) and renamed into place when complete.
 * Templates of other migration sets are dropped then. Nothing connects to a template afterwards
 * (PostgreSQL refuses to copy a database others are connected to).
 */
function migratedPostgresTemplate(serverUrl: string): Promise<string> {
  let template = postgresTemplates.get(serverUrl);
  if (!template) {
    template = (async () => {
      const name = `md_template_${migrationsFingerprint('postgres')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rowCount) {
          const building = `${name}_building`;
          await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
          await admin.query(`CREATE DATABASE "${building}"`);
          const db = await openDatabase({ databaseUrl: databaseUrlFor(serverUrl, building), dataDir: tempDir(), poolSize: 1 });
          await applyMigrations(db.migrationAdapterFactory);
          await db.close();
          await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
          const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'md\\_template\\_%' AND datname <> $1", [name]);
          for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        }
      } finally {
        await admin.end();
      }
      return name;
    })();
    postgresTemplates.set(serverUrl, template);
  }
  return template;
}

function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createPostgresDatabase(serverUrl: string, template?: string): Promise<{ database: string; drop(): Promise<void> }> {
  const name = `md_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  return {
    database: databaseUrlFor(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A new temporary folder (a data folder, a scratch folder), removed when this process exits. */
export function tempDir(): string {
  return makeTempDir('marketdesk-test-');
}

export const testSessionKeys: SessionKeys = { secret: randomBytes(32), ttlSeconds: 12 * 60 * 60 };

export function testConfig(overrides: Partial<Config> = {}): Config {
  // CONSOLE_DIR: a console built elsewhere (`vite build apps/console --outDir …`), so parallel work can test its own build.
  return { ...loadConfig({ CONSOLE_DIR: process.env.CONSOLE_DIR }), dataDir: tempDir(), port: 0, logLevel: 'silent', isRunningWorkers: false, ...overrides };
}

export function testDeps(db: Database, overrides: Partial<AppDeps> = {}): AppDeps {
  return { prisma: db.prisma, clock: systemClock, config: testConfig(), sessionKeys: testSessionKeys, log: pino({ level: 'silent' }), stripe: null, ...overrides };
}

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

/** Creates a staff user with unique email and `TEST_PASSWORD`. */
export async function createTestUser(prisma: PrismaClient, roles: Role[], overrides: { email?: string; name?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const unique = randomUUID().slice(0, 8);
  return prisma.user.create({
    data: {
      email: overrides.email ?? `${roles.join('-').toLowerCase() || 'nobody'}-${unique}@example.test`,
      name: overrides.name ?? `Test ${roles.join('/')} ${unique}`,
      passwordHash: await passwordHash,
      roles,
    },
  });
}

export interface RecordingContext extends Context {
  cookies: { set?: string; cleared: boolean; knownClient?: string };
  headers: Record<string, string>;
}

/** A new session for `user` (a Session row and its signed token), as signing in would start it. */
export async function sessionTokenFor(deps: Pick<AppDeps, 'prisma' | 'sessionKeys'>, user: { id: string }): Promise<string> {
  return (await startSession(deps.prisma, deps.sessionKeys, { userId: user.id, now: new Date(), ip: '127.0.0.1', userAgent: 'test' })).token;
}

/** The `cookie` header of a new session for `user`, for requests to a test server. */
export async function sessionCookieFor(deps: Pick<AppDeps, 'prisma' | 'sessionKeys'>, user: { id: string }): Promise<string> {
  return `md_session=${await sessionTokenFor(deps, user)}`;
}

/** A context signed in as `user` (null = anonymous) with a new session, as the HTTP server would build it. */
export async function contextFor(deps: AppDeps, user: { id: string } | null, overrides: Partial<Context> = {}): Promise<RecordingContext> {
  const cookies: RecordingContext['cookies'] = { cleared: false };
  const headers: Record<string, string> = {};
  return {
    deps,
    requestId: `test-${randomUUID()}`,
    ip: '127.0.0.1',
    userAgent: 'test',
    sessionToken: user ? await sessionTokenFor(deps, user) : null,
    knownClientToken: null,
    isSameOrigin: true,
    setSessionCookie: (token) => { cookies.set = token; },
    clearSessionCookie: () => { cookies.cleared = true; },
    setKnownClientCookie: (token) => { cookies.knownClient = token; },
    setResponseHeader: (name, value) => { headers[name] = value; },
    cookies,
    headers,
    ...overrides,
  };
}

export const createCaller = createCallerFactory(appRouter);

export interface TestServer {
  app: App;
  url: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The whole app on a loopback port over a fresh test database. */
export async function startTestServer(options: { config?: Partial<Config>; db?: TestDatabase } = {}): Promise<TestServer> {
  const db = options.db ?? (await openTestDatabase({ isMigrated: false }));
  const app = await createApp({ config: testConfig(options.config), db, sessionKeys: testSessionKeys, log: pino({ level: 'silent' }) });
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  connectStripeWebhooks(app, url);
  return { app, url, db, close: () => app.close() };
}

/**
 * Connects to the Redis server at `url` for tests of what processes share through it (rate limits).
 * @throws Error naming the URL and how to start Redis when it does not answer within 2 s.
 */
export async function connectTestRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`This test needs Redis at ${url} (${(error as Error).message}): start it with \`redis-server --daemonize yes --save '' --appendonly no\` (.ci/run does)`);
  }
  return redis;
}
