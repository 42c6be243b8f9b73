/**
 * `npm start [-- --scale small|medium|large] [--seed <n>]`: the whole of Marketdesk in one
 * process. On an empty database it migrates, starts listening and seeds (../../../../prisma/seed/run.ts:
 * demo accounts, the real plugin catalog, the review queue, a year of purchases through its own
 * API and the Stripe emulator, license activations), printing progress and a summary; on later
 * starts it only applies pending migrations (the flags are then ignored). Builds the console first if apps/console/dist is missing. Prints the URL and the
 * demo accounts. Stops cleanly on SIGINT/SIGTERM. While it seeds, the seed's phase and count are kept
 * for the console, which shows a "still seeding" notice (`seeding.status`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS } from '../../../../prisma/seed/index.ts';
import { formatSeedSummary, parseSeedFlags, runSeed } from '../../../../prisma/seed/run.ts';
import { closeOnSignals, connectStripeWebhooks, createApp } from '../app.ts';
import { loadConfig, REPO_ROOT } from '../platform/config.ts';
import { createSeedStatusTracker } from '../platform/seed-status.ts';

const config = loadConfig();
const seedFlags = (() => {
  try {
    return parseSeedFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`npm start: ${(error as Error).message}`);
    process.exit(2);
  }
})();

if (!existsSync(path.join(config.consoleDir, 'index.html'))) {
  console.log('Building the console (first start)…');
  const { build } = await import('vite');
  await build({ root: path.join(REPO_ROOT, 'apps/console'), logLevel: 'warn' });
}

const seedStatus = createSeedStatusTracker();
const app = await createApp({ config, seedStatus });
const isFirstStart = (await app.deps.prisma.user.count()) === 0;
const url = await app.server.listen({ host: config.host, port: config.port });
connectStripeWebhooks(app, url);
if (isFirstStart) {
  console.log(`Empty database (${app.db.kind}): seeding a marketplace a year into its life…`);
  console.log(`  The console is up meanwhile at ${url}: the demo accounts (below, and again at the end) sign in once the catalog is in (under a minute), and a notice there shows the seed's progress until it ends.`);
  printDemoAccounts();
  try {
    const summary = await runSeed(app.deps, url, { ...seedFlags, catalogPath: config.catalogPath, dataDir: config.dataDir, log: (line) => console.log(`  ${line}`), onProgress: seedStatus.report })
      .finally(seedStatus.clear);
    for (const line of formatSeedSummary(summary)) console.log(`  ${line}`);
  } catch (error) {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Every seed step is idempotent: `npm run db:seed` finishes it.');
    await app.close();
    process.exit(1);
  }
}
const where = app.db.kind === 'pglite' ? `embedded PGlite in ${path.relative(process.cwd(), config.dataDir) || '.'}` : 'PostgreSQL (DATABASE_URL)';
console.log(`\nMarketdesk is running at ${url}  (database: ${where}; Stripe: ${config.stripeSecretKey ? 'live key' : 'emulator mode'})`);
printDemoAccounts();

closeOnSignals(app);

/** Prints the demo accounts (role, email, password) the seed makes. */
function printDemoAccounts(): void {
  console.log('Demo accounts:');
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(9)} ${account.email.padEnd(28)} ${account.password}`);
}
