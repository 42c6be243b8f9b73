/**
 * `npm run serve`: one API process as `npm start` runs it, but never seeding and never building
 * the console — for running several behind a reverse proxy on one PostgreSQL (README, "Several
 * processes"). Applies pending migrations, listens on HOST:PORT, runs the workers unless
 * RUN_WORKERS=false, prints its URL, and stops cleanly on SIGINT/SIGTERM. An emulator it starts
 * itself (no STRIPE_SECRET_KEY, no STRIPE_EMULATOR_URL) sends its webhooks to this process.
 */
import { closeOnSignals, connectStripeWebhooks, createApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';

const config = loadConfig();
const app = await createApp({ config });
const url = await app.server.listen({ host: config.host, port: config.port });
connectStripeWebhooks(app, url);
console.log(`Marketdesk API at ${url} (pid ${process.pid}; database: ${app.db.kind}; workers: ${config.isRunningWorkers ? 'on' : 'off'})`);

closeOnSignals(app);
