/**
 * The stand-alone command (src/cli.ts, `npm run stripe-emulator`): started as its own process,
 * it prints its URL and signing secret, serves the real SDK, sends signed webhooks to
 * `--webhook-url`, writes its state when stopped by SIGTERM or SIGINT (exit 0), and continues
 * from it on the next start. Bad options exit non-zero naming the option.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, parseArgs, UsageError } from '../src/cli.ts';
import { tempDataDir, WebhookReceiver } from '../src/testing.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  secret: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Spawns the command as `npm run stripe-emulator` does (node --import tsx …/cli.ts, from the repository root). */
function spawnCli(args: string[]): { child: ChildProcess; stdout(): string; stderr(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts the command and waits for the URL and secret lines. @throws when it exits first or takes over 30 s. */
async function startCli(args: string[]): Promise<Running> {
  const started = spawnCli(args);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /^Stripe emulator: (http:\/\/\S+)$/m.exec(started.stdout())?.[1];
    const secret = /^Webhook signing secret: (whsec_\S+)$/m.exec(started.stdout())?.[1];
    if (url && secret) return { ...started, url, secret };
    if (started.child.exitCode !== null || Date.now() > deadline) {
      started.child.kill('SIGKILL');
      throw new Error(`the emulator did not start (exit ${String(started.child.exitCode)}):\n${started.stdout()}\n${started.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sdkAt(url: string): Stripe {
  const { hostname, port } = new URL(url);
  return new Stripe('sk_test_cli', { host: hostname, port: Number(port), protocol: 'http', telemetry: false, maxNetworkRetries: 0 });
}

describe('npm run stripe-emulator', () => {
  const dataDir = tempDataDir();
  let receiver: WebhookReceiver;
  const running: Running[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    for (const cli of running) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the SDK, sends signed webhooks, writes its state on SIGTERM and exits 0; a restart continues', async () => {
    const first = await startCli(['--port', '0', '--data', dataDir, '--webhook-url', receiver.url, '--log-level', 'warn']);
    running.push(first);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.stdout()).toContain(`STRIPE_EMULATOR_URL=${first.url}`);

    // What an API process started with STRIPE_EMULATOR_URL reads.
    const health = (await (await fetch(`${first.url}/_emulator/health`)).json()) as { webhook_secret: string; webhook_url: string };
    expect(health).toMatchObject({ webhook_secret: first.secret, webhook_url: receiver.url });

    const stripe = sdkAt(first.url);
    const customer = await stripe.customers.create({ email: 'cli@example.com', metadata: { via: 'cli' } });
    expect(customer).toMatchObject({ object: 'customer', email: 'cli@example.com' });
    await fetch(`${first.url}/_emulator/webhooks/flush`, { method: 'POST' });
    const [event] = receiver.events(first.secret);
    expect(event).toMatchObject({ type: 'customer.created', data: { object: { id: customer.id } } });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const state = path.join(dataDir, 'stripe-emulator');
    expect(readFileSync(path.join(state, 'state.json'), 'utf8')).toContain(customer.id);
    expect(existsSync(path.join(state, 'emulator.lock'))).toBe(false);

    const second = await startCli(['--port', '0', '--data', dataDir]);
    running.push(second);
    expect(second.secret).toBe(first.secret);
    expect(second.stdout()).toContain('Webhooks: not sent');
    expect((await sdkAt(second.url).customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ id: customer.id, email: 'cli@example.com' });

    // One emulator per data folder: a second one is refused, naming --data.
    const intruder = spawnCli(['--port', '0', '--data', dataDir]);
    expect(await intruder.exited).toBe(1);
    expect(intruder.stderr()).toMatch(/^stripe-emulator: could not start: --data .*Another Stripe emulator \(pid \d+\)/);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('exits non-zero on a bad option or an unusable --data, naming the option', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    writeFileSync(file, 'x');
    const cases: Array<[string[], number, string]> = [
      [['--port', 'abc'], 2, 'stripe-emulator: --port must be a whole number from 0 to 65535 (0 = any free port), got "abc"'],
      [['--prot', '12111'], 2, 'stripe-emulator: Unknown option --prot'],
      [['--webhook-url', 'not a url'], 2, 'stripe-emulator: --webhook-url must be an http:// or https:// URL'],
      [['--port', '0', '--data', file], 1, `stripe-emulator: could not start: --data ${file}: cannot use this folder`],
    ];
    const results = await Promise.all(cases.map(async ([args]) => {
      const cli = spawnCli(args);
      return { code: await cli.exited, stdout: cli.stdout(), stderr: cli.stderr() };
    }));
    for (const [index, [args, code, message]] of cases.entries()) {
      expect(results[index], args.join(' ')).toMatchObject({ code, stdout: '' });
      expect(results[index]!.stderr, args.join(' ')).toContain(message);
    }
  });
});

describe('option parsing', () => {
  const parse = (...args: string[]) => parseArgs(args, '/work');
  const errorOf = (...args: string[]) => {
    try {
      parse(...args);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('expected a UsageError');
  };

  it('has defaults, and reads both --flag value and --flag=value', () => {
    expect(parse()).toEqual({ port: DEFAULT_PORT, host: '127.0.0.1', dataDir: DEFAULT_DATA_DIR, webhookUrl: undefined, connectWebhookUrl: undefined, logLevel: 'info', isHelp: false, settlementCurrency: undefined, availabilityDelaySeconds: 0 });
    expect(DEFAULT_DATA_DIR).toBe(path.join(REPO_ROOT, '.data/stripe-emulator-shared'));
    expect(parse('--port=0', '--host', '::1', '--data', 'state', '--webhook-url=http://127.0.0.1:3000/webhooks/stripe', '--connect-webhook-url', 'http://127.0.0.1:3000/webhooks/stripe/connect', '--log-level', 'silent', '--settlement-currency', 'USD', '--availability-delay=172800')).toEqual({
      port: 0, host: '::1', dataDir: '/work/state', webhookUrl: 'http://127.0.0.1:3000/webhooks/stripe', connectWebhookUrl: 'http://127.0.0.1:3000/webhooks/stripe/connect', logLevel: 'silent', isHelp: false,
      settlementCurrency: 'usd', availabilityDelaySeconds: 172_800,
    });
    expect(errorOf('--connect-webhook-url', 'ftp://x')).toMatch(/^--connect-webhook-url must be an http/);
    expect(parse('--data', '/abs/dir').dataDir).toBe('/abs/dir');
    expect(parse('-h').isHelp).toBe(true);
  });

  it('names the option at fault', () => {
    expect(errorOf('--port', '70000')).toMatch(/^--port must be a whole number from 0 to 65535/);
    expect(errorOf('--port', '-1')).toMatch(/^--port /);
    expect(errorOf('--port', '80.5')).toMatch(/^--port /);
    expect(errorOf('--port')).toBe('--port needs a value');
    expect(errorOf('--data', '--port', '1')).toBe('--data needs a value');
    expect(errorOf('--data=')).toBe('--data must not be empty');
    expect(errorOf('--host=')).toBe('--host must not be empty');
    expect(errorOf('--webhook-url', 'localhost:3000')).toMatch(/^--webhook-url must be an http/);
    expect(errorOf('--webhook-url', 'ftp://example.com/hook')).toMatch(/^--webhook-url must be an http/);
    expect(errorOf('--settlement-currency', 'dollars')).toMatch(/^--settlement-currency must be a three-letter currency code/);
    expect(errorOf('--availability-delay', '2d')).toMatch(/^--availability-delay must be a whole number of seconds/);
    expect(errorOf('--log-level', 'loud')).toMatch(/^--log-level must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(errorOf('--port', '1', '--port', '2')).toBe('--port was given twice');
    expect(errorOf('--verbose')).toMatch(/^Unknown option --verbose/);
    expect(errorOf('12111')).toMatch(/^Unexpected argument "12111"/);
  });
});
