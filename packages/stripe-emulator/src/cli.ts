/**
 * The Stripe emulator on its own, as a long-running process:
 *
 *   npm run stripe-emulator -- [--port 12111] [--host 127.0.0.1] [--data <dir>] [--webhook-url <url>]
 *                              [--connect-webhook-url <url>] [--settlement-currency usd] [--availability-delay <seconds>]
 *                              [--log-level info]
 *
 * Prints its URL and the two webhook signing secrets (platform and Connect endpoints; one line each), then serves until SIGINT or
 * SIGTERM, when it closes the emulator — pending transitions run, the state is written — and
 * exits 0. API processes share it with `STRIPE_EMULATOR_URL=<its URL>` (they read the signing
 * secrets from `/_emulator/health`); since they do not start an emulator, nothing tells this one
 * where to send webhooks but `--webhook-url` / `--connect-webhook-url` or `POST /_emulator/webhooks`
 * (url=…, connect_url=…).
 *
 * Started with an IPC channel (child_process `stdio: [..., 'ipc']`), it also stops when the channel
 * closes: its parent exited or was killed.
 *
 * Exit codes: 0 after a clean stop, 1 when the emulator cannot start or stop, 2 for bad options.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { StripeEmulator } from './index.ts';

export const DEFAULT_PORT = 12111;
export const DEFAULT_HOST = '127.0.0.1';
/** `.data/stripe-emulator-shared` in the repository: not the API's own `.data`, whose emulator would hold the lock. */
export const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.data/stripe-emulator-shared');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export const USAGE = `Usage: npm run stripe-emulator -- [options]
       node --import tsx packages/stripe-emulator/src/cli.ts [options]

Runs the Stripe emulator (Marketdesk's stand-in for Stripe's API in development and tests) on its own.

Options:
  --port <n>           port to listen on, 0 = any free port (default ${DEFAULT_PORT})
  --host <address>     interface to listen on (default ${DEFAULT_HOST}; the emulator has no real authentication)
  --data <dir>         data folder; the state is kept in <dir>/stripe-emulator/ (default .data/stripe-emulator-shared
                       in the repository); one emulator per folder
  --webhook-url <url>  where to POST the platform's signed events, e.g. http://127.0.0.1:3000/webhooks/stripe (default: none)
  --connect-webhook-url <url>
                       where to POST connected accounts' events (payouts, account.updated, …), signed with the
                       Connect secret, e.g. http://127.0.0.1:3000/webhooks/stripe/connect (default: none)
  --settlement-currency <code>
                       the platform's settlement currency: charges in other currencies settle in it at the emulator's
                       fixed exchange rates, with exchange_rate on their balance transactions (default: none, each
                       charge settles in its own currency)
  --availability-delay <seconds>
                       seconds before a charge's funds become available (pending until then; transfers and payouts
                       need available funds) (default 0: at once)
  --log-level <level>  ${LOG_LEVELS.join(', ')} (default info); logs go to stderr as JSON lines
  -h, --help           this text

API processes use it with STRIPE_EMULATOR_URL=<the printed URL>. Stop it with Ctrl-C or SIGTERM: the state is
written, and the next start on the same --data continues from it (same signing secret).`;

export interface CliOptions {
  port: number;
  host: string;
  /** Absolute path of the data folder. */
  dataDir: string;
  webhookUrl: string | undefined;
  /** The Connect endpoint: connected accounts' events. */
  connectWebhookUrl: string | undefined;
  logLevel: LogLevel;
  isHelp: boolean;
  /** The platform's settlement currency (lowercase), or undefined: each charge settles in its own. */
  settlementCurrency: string | undefined;
  /** Seconds before a charge's funds become available. */
  availabilityDelaySeconds: number;
}

/** A bad command line; the message names the option. */
export class UsageError extends Error {}

const FLAGS = ['--port', '--host', '--data', '--webhook-url', '--connect-webhook-url', '--settlement-currency', '--availability-delay', '--log-level'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * Reads the command line (`argv` without node and the script). Relative paths are resolved from `cwd`.
 * @throws UsageError naming the option at fault: unknown, given twice, missing or invalid value.
 */
export function parseArgs(argv: readonly string[], cwd = process.cwd()): CliOptions {
  const values = new Map<Flag, string>();
  let isHelp = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      isHelp = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}": options are ${FLAGS.join(', ')} (see --help)`);
    const separator = arg.indexOf('=');
    const name = separator === -1 ? arg : arg.slice(0, separator);
    if (!(FLAGS as readonly string[]).includes(name)) throw new UsageError(`Unknown option ${name}: options are ${FLAGS.join(', ')} (see --help)`);
    const flag = name as Flag;
    let value: string | undefined;
    if (separator !== -1) {
      value = arg.slice(separator + 1);
    } else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i += 1;
    }
    if (values.has(flag)) throw new UsageError(`${flag} was given twice`);
    values.set(flag, value);
  }

  const port = values.has('--port') ? parsePort(values.get('--port')!) : DEFAULT_PORT;
  const host = values.get('--host') ?? DEFAULT_HOST;
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const data = values.get('--data');
  if (data !== undefined && !data.trim()) throw new UsageError('--data must not be empty');
  const webhookUrl = values.has('--webhook-url') ? parseWebhookUrl(values.get('--webhook-url')!, '--webhook-url') : undefined;
  const connectWebhookUrl = values.has('--connect-webhook-url') ? parseWebhookUrl(values.get('--connect-webhook-url')!, '--connect-webhook-url') : undefined;
  const logLevel = values.get('--log-level') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const settlement = values.get('--settlement-currency');
  if (settlement !== undefined && !/^[a-zA-Z]{3}$/.test(settlement)) throw new UsageError(`--settlement-currency must be a three-letter currency code such as usd, got "${settlement}"`);
  const delay = values.get('--availability-delay') ?? '0';
  if (!/^\d+$/.test(delay)) throw new UsageError(`--availability-delay must be a whole number of seconds, got "${delay}"`);
  return {
    port, host, dataDir: data === undefined ? DEFAULT_DATA_DIR : path.resolve(cwd, data), webhookUrl, connectWebhookUrl, logLevel: logLevel as LogLevel, isHelp,
    settlementCurrency: settlement?.toLowerCase(), availabilityDelaySeconds: Number(delay),
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535 (0 = any free port), got "${value}"`);
  return port;
}

function parseWebhookUrl(value: string, flag: Flag): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http:// or https:// URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// or https:// URL, got "${value}"`);
  return url.href;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why the emulator did not start, in terms of the options. */
function describeStartFailure(error: unknown, options: CliOptions): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE') return `--port ${options.port}: the port is already in use on ${options.host} (another emulator there can be shared with STRIPE_EMULATOR_URL; or pick another port, 0 = any free one)`;
  if (code === 'EACCES' && /listen/.test(message)) return `--port ${options.port}: not allowed to listen on this port (${message})`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `--host ${options.host}: cannot listen on this address (${message})`;
  if (/Another Stripe emulator/.test(message)) return `--data ${options.dataDir}: ${message}`;
  if (code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS' || code === 'EEXIST') return `--data ${options.dataDir}: cannot use this folder (${message})`;
  return message;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`stripe-emulator: ${error.message}\n`);
    process.exit(2);
  }
  if (options.isHelp) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Started by a parent over IPC (a test's process harness): the parent going away, even killed,
  // closes the channel and stops this emulator too (at once while it boots), rather than leave it orphaned.
  let onParentGone: () => void = () => process.exit(0);
  process.once('disconnect', () => onParentGone());
  // Loaded once the options are known, so that a bad command line is answered at once.
  const [{ pino }, { startStripeEmulator }] = await Promise.all([import('pino'), import('./index.ts')]);
  const log: Logger = pino({ level: options.logLevel, base: { name: 'stripe-emulator' } }, pino.destination({ dest: 2, sync: true }));
  if (!isLoopback(options.host)) {
    process.stderr.write(`stripe-emulator: warning: listening on ${options.host}, not loopback — the emulator accepts any sk_test_ key and its /_emulator/ controls need none, so whoever reaches it can read and change its state\n`);
  }

  let emulator: StripeEmulator;
  try {
    emulator = await startStripeEmulator({
      dataDir: options.dataDir,
      host: options.host,
      port: options.port,
      settlementCurrency: options.settlementCurrency,
      availabilityDelaySeconds: options.availabilityDelaySeconds,
      webhooks: { ...(options.webhookUrl ? { url: options.webhookUrl } : {}), ...(options.connectWebhookUrl ? { connect: { url: options.connectWebhookUrl } } : {}) },
      log,
    });
  } catch (error) {
    process.stderr.write(`stripe-emulator: could not start: ${describeStartFailure(error, options)}\n`);
    process.exit(1);
  }

  let isStopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // `npm run` forwards a Ctrl-C the child also got from the terminal: later signals are ignored.
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, 'stopping');
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stripe-emulator: could not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  onParentGone = () => stop('SIGTERM');

  process.stdout.write([
    `Stripe emulator: ${emulator.url}`,
    `Webhook signing secret: ${emulator.webhookSecret}`,
    `Connect webhook signing secret: ${emulator.connectWebhookSecret}`,
    `Platform account: ${emulator.platformAccountId}`,
    `State: ${path.join(options.dataDir, 'stripe-emulator')}`,
    `Webhooks: ${options.webhookUrl ? `POST ${options.webhookUrl}` : 'not sent (give --webhook-url, or POST /_emulator/webhooks with url=…)'}`,
    `Connect webhooks: ${options.connectWebhookUrl ? `POST ${options.connectWebhookUrl}` : 'not sent (give --connect-webhook-url, or POST /_emulator/webhooks with connect_url=…)'}`,
    `API processes: STRIPE_EMULATOR_URL=${emulator.url}`,
    'Stop with Ctrl-C or SIGTERM (the state is written on stop).',
    '',
  ].join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
