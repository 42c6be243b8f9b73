/**
 * `npm run db:seed`: applies pending migrations, then seeds demo accounts, decision reasons
 * and the plugin catalog into the configured database (DATABASE_URL or embedded PGlite).
 * Safe to repeat. Exits non-zero only when seeding fails, not for rejected catalog rows.
 */
import { DEMO_ACCOUNTS, seedDatabase, type SeedSummary } from '../../../../prisma/seed/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations } from '../db/migrations.ts';

const MAX_PRINTED_REJECTIONS = 50;

function printSummary(summary: SeedSummary): void {
  console.log(`\nseeded in ${summary.durationMs} ms from ${summary.catalogPath}`);
  for (const [table, { created, existing }] of Object.entries(summary.tables)) {
    console.log(`  ${table.padEnd(16)} ${String(created).padStart(6)} created ${String(existing).padStart(6)} already there`);
  }
  console.log(`\ncatalog: ${summary.acceptedRows} rows accepted, ${summary.rejected.length} rejected`);
  for (const { reason } of summary.rejected.slice(0, MAX_PRINTED_REJECTIONS)) console.log(`  ${reason}`);
  if (summary.rejected.length > MAX_PRINTED_REJECTIONS) {
    console.log(`  … and ${summary.rejected.length - MAX_PRINTED_REJECTIONS} more`);
  }
  console.log('\ndemo accounts:');
  for (const account of DEMO_ACCOUNTS) {
    const note = account.role === 'CREATOR' && summary.demoCreatorSlug ? ` (creator ${summary.demoCreatorSlug})` : '';
    console.log(`  ${account.role.padEnd(10)} ${account.email.padEnd(28)} password: ${account.password}${note}`);
  }
}

const config = loadConfig();
const db = await openDatabase(config);
try {
  const applied = await applyMigrations(db.migrationAdapterFactory);
  if (applied.length) console.log(`applied ${applied.length} migration(s) to ${db.kind}: ${applied.join(', ')}`);
  printSummary(await seedDatabase(db.prisma, { catalogPath: config.catalogPath, dataDir: config.dataDir, log: (message) => console.log(message) }));
} catch (error) {
  // A missing catalog file needs its path, not a stack trace; anything else keeps the stack.
  const isMissingFile = (error as NodeJS.ErrnoException)?.code === 'ENOENT';
  console.error('seed failed:', isMissingFile ? (error as Error).message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
