/** `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL or embedded PGlite). */
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { applyMigrations } from '../platform/db/migrations.ts';

const config = loadConfig();
const db = await openDatabase(config);
try {
  const applied = await applyMigrations(db.migrationAdapterFactory);
  console.log(applied.length ? `applied ${applied.length} migration(s) to ${db.kind}: ${applied.join(', ')}` : `${db.kind}: migrations up to date`);
} finally {
  await db.close();
}
