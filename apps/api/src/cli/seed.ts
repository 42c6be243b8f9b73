/**
 * `npm run db:seed [-- --scale small|medium|large] [--seed <n>] [--allow-foreign-data]`:
 * applies pending migrations, serves the API on a loopback port for the while, and runs the
 * whole seed through it (../../../../prisma/seed/run.ts) with progress lines and a summary.
 * Safe to repeat; refuses a database with data the seed did not make unless told. Exits
 * non-zero only when seeding fails or is refused, not for rejected catalog rows.
 */
import { DEMO_ACCOUNTS } from '../../../../prisma/seed/index.ts';
import { ForeignDataError, formatSeedSummary, parseSeedFlags, runSeed } from '../../../../prisma/seed/run.ts';
import { connectStripeWebhooks, createApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';

const MAX_PRINTED_REJECTIONS = 50;

let flags: ReturnType<typeof parseSeedFlags>;
try {
  flags = parseSeedFlags(process.argv.slice(2));
} catch (error) {
  console.error(`db:seed: ${(error as Error).message}`);
  process.exit(2);
}

const config = loadConfig();
const app = await createApp({ config: { ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel } });
try {
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  connectStripeWebhooks(app, url);
  const summary = await runSeed(app.deps, url, { ...flags, catalogPath: config.catalogPath, dataDir: config.dataDir, log: (line) => console.log(line) });
  console.log('');
  for (const line of formatSeedSummary(summary)) console.log(line);
  for (const { reason } of summary.base.rejected.slice(0, MAX_PRINTED_REJECTIONS)) console.log(`  ${reason}`);
  if (summary.base.rejected.length > MAX_PRINTED_REJECTIONS) console.log(`  … and ${summary.base.rejected.length - MAX_PRINTED_REJECTIONS} more`);
  console.log('\ndemo accounts:');
  for (const account of DEMO_ACCOUNTS) {
    const note = account.role === 'CREATOR' && summary.base.demoCreatorSlug ? ` (creator ${summary.base.demoCreatorSlug})` : '';
    console.log(`  ${account.role.padEnd(10)} ${account.email.padEnd(28)} password: ${account.password}${note}`);
  }
} catch (error) {
  // A refusal or a missing catalog file needs its message, not a stack trace; anything else keeps the stack.
  const isPlain = error instanceof ForeignDataError || (error as NodeJS.ErrnoException)?.code === 'ENOENT';
  console.error('seed failed:', isPlain ? (error as Error).message : error);
  process.exitCode = 1;
} finally {
  await app.close();
}
