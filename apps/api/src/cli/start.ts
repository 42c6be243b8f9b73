/**
 * `npm start`: the whole of Marketdesk in one process. On an empty database it migrates and
 * seeds (demo accounts, the real plugin catalog, the review queue, and — once listening — a
 * year of purchases through its own API and the Stripe emulator); on later starts it only applies pending
 * migrations. Builds the console first if apps/console/dist is missing. Prints the URL and the
 * demo accounts. Stops cleanly on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, seedDatabase } from '../../../../prisma/seed/index.ts';
import { seedMoney } from '../../../../prisma/seed/money.ts';
import { connectStripeWebhooks, createApp } from '../app.ts';
import { loadConfig, REPO_ROOT } from '../config.ts';

const config = loadConfig();

if (!existsSync(path.join(config.consoleDir, 'index.html'))) {
  console.log('Building the console (first start)…');
  const { build } = await import('vite');
  await build({ root: path.join(REPO_ROOT, 'apps/console'), logLevel: 'warn' });
}

const app = await createApp({ config });
const isFirstStart = (await app.deps.prisma.user.count()) === 0;
if (isFirstStart) {
  console.log(`Empty database (${app.db.kind}): seeding…`);
  const summary = await seedDatabase(app.deps.prisma, { catalogPath: config.catalogPath, dataDir: config.dataDir, log: (line) => console.log(`  ${line}`) }).catch(async (error: unknown) => {
    // The catalog is read before anything is written, so a failed first seed leaves the database empty and the next start retries.
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    await app.close();
    process.exit(1);
  });
  console.log(`Seeded ${summary.acceptedRows} catalog plugins in ${(summary.durationMs / 1000).toFixed(1)} s; ${summary.rejected.length} catalog row(s) skipped (npm run db:seed lists them).`);
}

const url = await app.server.listen({ host: config.host, port: config.port });
connectStripeWebhooks(app, url);
if (isFirstStart) {
  console.log('Seeding a year of purchases through the API, the Stripe emulator and its webhooks…');
  const money = await seedMoney(app.deps, url, { log: (line) => console.log(`  ${line}`) });
  console.log(money.skipped
    ? `  purchases not seeded: ${money.skipped}`
    : `  ${money.purchases.succeeded} purchases paid, ${money.purchases.failed} declined, ${money.refunds} refunds, ${money.disputes} disputes, ${money.payouts} payouts in ${(money.durationMs / 1000).toFixed(1)} s`);
}
const where = app.db.kind === 'pglite' ? `embedded PGlite in ${path.relative(process.cwd(), config.dataDir) || '.'}` : 'PostgreSQL (DATABASE_URL)';
console.log(`\nMarketdesk is running at ${url}  (database: ${where}; Stripe: ${config.stripeSecretKey ? 'live key' : 'emulator mode'})`);
console.log('Demo accounts:');
for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(9)} ${account.email.padEnd(28)} ${account.password}`);

let isStopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    app.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
