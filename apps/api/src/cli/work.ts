/**
 * `node --import tsx apps/api/src/cli/work.ts`: the background workers (quality scans, the
 * Stripe webhook inbox, subscription renewals), and no HTTP server unless WORK_SERVE is set.
 * Claims are `FOR UPDATE SKIP LOCKED`, so any number of these share the work with the API
 * processes; with the Stripe emulator, point STRIPE_EMULATOR_URL at the one the API runs.
 * Configured by the same environment as the API (config.ts); stops cleanly on SIGINT/SIGTERM.
 * With WORK_SERVE=true, RUN_WORKERS=false makes it an API process without workers. Started with an
 * IPC channel, it also stops when that channel closes (its parent exited or was killed).
 */
import { loadConfig } from '../platform/config.ts';

// Started by a parent over IPC (the bench seed build, the tests' process harness): the parent going
// away, even killed, closes the channel, and this process stops too instead of living on orphaned.
// Listened for before the app is imported (seconds), so a parent gone during the boot is seen too.
let stop = async (): Promise<void> => process.exit(0);
let isStopping = false;
const stopOnce = () => {
  if (isStopping) return;
  isStopping = true;
  void stop();
};
process.once('disconnect', stopOnce);

const { closeThenExit, createApp } = await import('../app.ts');
const config = loadConfig();
const isServing = process.env.WORK_SERVE === 'true';
const app = await createApp({ config: { ...config, isRunningWorkers: isServing ? config.isRunningWorkers : true } });
// WORK_SERVE=true: also serve the API on a free port, reported to the parent process over IPC
// ({ url }), so that a parent (the bench seed build) can hand this process HTTP traffic too.
const url = isServing ? await app.server.listen({ host: '127.0.0.1', port: 0 }) : undefined;
process.send?.({ url });
stop = () => closeThenExit(app);
process.once('SIGINT', stopOnce);
process.once('SIGTERM', stopOnce);
