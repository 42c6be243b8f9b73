/**
 * `npm run db:seed`: applies pending migrations, then seeds demo accounts, decision reasons,
 * the plugin catalog and the review queue into the configured database (DATABASE_URL or
 * embedded PGlite); then serves the API on a loopback port for a moment to make a year of
 * purchases through it and the Stripe emulator (../../../../prisma/seed/money.ts).
 * Safe to repeat. Exits non-zero only when seeding fails, not for rejected catalog rows.
 */
import { DEMO_ACCOUNTS, seedDatabase, type SeedSummary } from '../../../../prisma/seed/index.ts';
import { seedMoney, type MoneySeedSummary } from '../../../../prisma/seed/money.ts';
import { connectStripeWebhooks, createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

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

function printMoney(money: MoneySeedSummary): void {
  if (money.skipped) return console.log(`\npurchases: not seeded — ${money.skipped}`);
  console.log(`\npurchases: ${money.purchases.succeeded} paid, ${money.purchases.failed} declined; ${money.refunds} refunds, ${money.disputes} disputes, ${money.payouts} payouts in ${money.durationMs} ms`);
}

const config = loadConfig();
const app = await createApp({ config: { ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel } });
try {
  printSummary(await seedDatabase(app.deps.prisma, { catalogPath: config.catalogPath, dataDir: config.dataDir, log: (message) => console.log(message) }));
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  connectStripeWebhooks(app, url);
  printMoney(await seedMoney(app.deps, url, { log: (message) => console.log(message) }));
} catch (error) {
  // A missing catalog file needs its path, not a stack trace; anything else keeps the stack.
  const isMissingFile = (error as NodeJS.ErrnoException)?.code === 'ENOENT';
  console.error('seed failed:', isMissingFile ? (error as Error).message : error);
  process.exitCode = 1;
} finally {
  await app.close();
}
