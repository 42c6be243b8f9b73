/**
 * `node --import tsx apps/api/src/cli/work.ts`: the background workers (quality scans, the
 * Stripe webhook inbox, subscription renewals), and no HTTP server unless WORK_SERVE is set.
 * Claims are `FOR UPDATE SKIP LOCKED`, so any number of these share the work with the API
 * processes; with the Stripe emulator, point STRIPE_EMULATOR_URL at the one the API runs.
 * Configured by the same environment as the API (config.ts); stops cleanly on SIGINT/SIGTERM.
 */
import { createApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';

const app = await createApp({ config: { ...loadConfig(), isRunningWorkers: true } });
// WORK_SERVE=true: also serve the API on a free port, reported to the parent process over IPC
// ({ url }), so that a parent (the bench seed build) can hand this process HTTP traffic too.
const url = process.env.WORK_SERVE === 'true' ? await app.server.listen({ host: '127.0.0.1', port: 0 }) : undefined;
process.send?.({ url });
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
