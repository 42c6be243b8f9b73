/**
 * Migrations through Prisma's wasm schema engine: they apply to an empty PostgreSQL database
 * and to an empty PGlite, a second run changes nothing, edited migrations are refused, and
 * schema.prisma can never drift from the migrations without this file failing.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  diffDatamodels,
  diffMigrationsToDatamodel,
  listPendingMigrations,
  loadMigrationList,
  MIGRATIONS_DIR,
  readLastSnapshot,
  SCHEMA_PATH,
} from '../src/platform/db/migrations.ts';
import { openTestDatabase, tempDir, type TestDatabase } from './harness.ts';

const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

describe.each(['postgres', 'pglite'] as const)('migrations on %s', (target) => {
  it('apply to an empty database, record _prisma_migrations, and a second run changes nothing', async () => {
    const db = await openTestDatabase({ target, isMigrated: false });
    opened.push(db);
    const all = (await loadMigrationList()).migrationDirectories.map((m) => m.path);
    expect(await listPendingMigrations(db.migrationAdapterFactory)).toEqual(all);

    expect(await applyMigrations(db.migrationAdapterFactory)).toEqual(all);
    const tablesAfterFirst = await tableNames(db);
    expect(tablesAfterFirst).toEqual(expect.arrayContaining(['User', 'AuditLog', 'LedgerEntry', 'Submission', 'License', 'StripeEvent', '_prisma_migrations']));
    const recorded = await db.query<{ migration_name: string; finished_at: Date | null }>('SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name');
    expect(recorded.map((r) => r.migration_name)).toEqual(all);
    expect(recorded.every((r) => r.finished_at !== null)).toBe(true);

    expect(await applyMigrations(db.migrationAdapterFactory)).toEqual([]);
    expect(await tableNames(db)).toEqual(tablesAfterFirst);
    expect(await db.query('SELECT 1 FROM _prisma_migrations')).toHaveLength(all.length);
    expect(await listPendingMigrations(db.migrationAdapterFactory)).toEqual([]);
  });

  it('refuses to go on when an applied migration was edited afterwards', async () => {
    const db = await openTestDatabase({ target, isMigrated: false });
    opened.push(db);
    const dir = path.join(tempDir(), 'migrations');
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await applyMigrations(db.migrationAdapterFactory, dir);
    const first = (await loadMigrationList(dir)).migrationDirectories[0]!.path;
    const file = path.join(dir, first, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited after it was applied\n`);
    await expect(applyMigrations(db.migrationAdapterFactory, dir)).rejects.toThrow(/edited/);
  });
});

describe('schema drift', () => {
  it('schema.prisma equals the datamodel snapshot of the newest migration', async () => {
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const pending = await diffDatamodels(await readLastSnapshot(), schema);
    expect(pending, 'schema.prisma changed without a migration: run `npm run db:migration:new -- <name>`').toBe('');
  });

  it('replaying the migration SQL yields exactly schema.prisma', async () => {
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    expect(await diffMigrationsToDatamodel(schema)).toBe('');
  });

  it('notices a schema change that has no migration', async () => {
    const changed = `${await readFile(SCHEMA_PATH, 'utf8')}\nmodel DriftProbe {\n  id Int @id\n}\n`;
    expect(await diffDatamodels(await readLastSnapshot(), changed)).toMatch(/CREATE TABLE "DriftProbe"/);
    expect(await diffMigrationsToDatamodel(changed)).toMatch(/CREATE TABLE "DriftProbe"/);
  });
});
