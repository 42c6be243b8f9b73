/**
 * Prisma migrations without Prisma's native CLI: Prisma's own schema engine, compiled to
 * WebAssembly (@prisma/schema-engine-wasm), applies `prisma/migrations/<name>/migration.sql`
 * through our driver adapter and records `_prisma_migrations` exactly as
 * `prisma migrate deploy` does; it also diffs datamodels into migration SQL with no database.
 *
 * Each migration folder keeps `schema.prisma`, the datamodel it leads to, so the next migration
 * is the diff from that snapshot to the current `prisma/schema.prisma` (DESIGN.md: diffs
 * against a live database fail through adapter-pg).
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { REPO_ROOT } from '../config.ts';

export const PRISMA_DIR = path.join(REPO_ROOT, 'prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const SNAPSHOT_FILE = 'schema.prisma';
const LOCKFILE = 'migration_lock.toml';
const NO_FILTER = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import('@prisma/schema-engine-wasm');
/** Node's WebAssembly global (its types are not in the ES lib this package compiles with). */
const wasm = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
}).WebAssembly;
let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the schema engine's WebAssembly once per process (Node has no ESM wasm imports). */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bindings = (await import(path.join(dir, 'schema_engine_bg.js'))) as EngineModule & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string | undefined,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const datamodels: [string, string][] | undefined = datamodel ? [['schema.prisma', datamodel]] : undefined;
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels }, (line: string) => logs.push(line), bindMigrationAwareSqlAdapterFactory(factory));
  try {
    return await run(engine);
  } catch (error) {
    throw new Error(`Prisma schema engine: ${describeEngineError(error)}`, { cause: error });
  } finally {
    engine.free();
    // The engine holds Prisma's migration advisory lock on its connection until that closes, and
    // free() does not wait for the close: close it here, so that the next run does not wait for
    // the lock (and time out after 10 s on a busy machine).
    await (factory as { disposeAll?: () => Promise<void> }).disposeAll?.();
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Reads the migrations folder in Prisma's format, sorted by name (their timestamps). */
export async function loadMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const content = existsSync(file)
        ? { tag: 'ok' as const, value: await readFile(file, 'utf8') }
        : { tag: 'error' as const, value: `${file} is missing` };
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockPath = path.join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Applies every pending migration to the database behind `factory`, in name order.
 * @returns the names of the migrations applied now (empty when up to date).
 * @throws Error when a migration fails or an applied migration was edited (checksum mismatch).
 */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrationsList = await loadMigrationList(dir);
  return withEngine(factory, undefined, async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
    if (diagnosis.editedMigrationNames.length > 0) {
      throw new Error(`applied migrations were edited afterwards: ${diagnosis.editedMigrationNames.join(', ')}`);
    }
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return result.appliedMigrationNames;
  });
}

/** Names of migrations in the folder that the database has not applied yet. */
export async function listPendingMigrations(factory: SqlMigrationAwareDriverAdapterFactory, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrationsList = await loadMigrationList(dir);
  return withEngine(factory, undefined, async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
    if (!diagnosis.hasMigrationsTable) return migrationsList.migrationDirectories.map((m) => m.path);
    return diagnosis.history?.diagnostic === 'databaseIsBehind' ? diagnosis.history.unappliedMigrationNames : [];
  });
}

/** An in-memory PGlite used where the engine wants a connection but no database matters. */
async function withScratchFactory<T>(run: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>): Promise<T> {
  const scratch = new PGlite();
  try {
    return await run(new PrismaPGlite(scratch));
  } finally {
    await scratch.close();
  }
}

/**
 * SQL that turns datamodel `from` (undefined = empty database) into datamodel `to`.
 * @returns the script, or "" when the datamodels are equivalent.
 */
export async function diffDatamodels(from: string | undefined, to: string): Promise<string> {
  return withScratchFactory((factory) =>
    withEngine(factory, undefined, async (engine) => {
      const result = await engine.diff({
        from: from === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: from }] },
        to: { tag: 'schemaDatamodel', files: [{ path: 'to.prisma', content: to }] },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      return isEmptyMigration(result.stdout ?? '') ? '' : (result.stdout ?? '');
    }),
  );
}

/**
 * SQL that the datamodel `to` still needs after replaying every migration in `dir` on an
 * in-memory PGlite shadow database: "" when the migration SQL and the schema agree.
 */
export async function diffMigrationsToDatamodel(to: string, dir = MIGRATIONS_DIR): Promise<string> {
  const migrationsList = await loadMigrationList(dir);
  return withScratchFactory((factory) =>
    withEngine(factory, undefined, async (engine) => {
      const result = await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: 'to.prisma', content: to }] },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      return isEmptyMigration(result.stdout ?? '') ? '' : (result.stdout ?? '');
    }),
  );
}

function isEmptyMigration(script: string): boolean {
  return script.trim() === '' || script.trim() === '-- This is an empty migration.';
}

/** The datamodel snapshot of the newest migration, or undefined when there is none. */
export async function readLastSnapshot(dir = MIGRATIONS_DIR): Promise<string | undefined> {
  const { migrationDirectories } = await loadMigrationList(dir);
  const last = migrationDirectories.at(-1);
  if (!last) return undefined;
  const file = path.join(dir, last.path, SNAPSHOT_FILE);
  if (!existsSync(file)) throw new Error(`${file} is missing: every migration keeps the datamodel it leads to`);
  return readFile(file, 'utf8');
}
