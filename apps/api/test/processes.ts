/**
 * Real OS processes for multi-process and fault tests (PostgreSQL only: PGlite is one session).
 *
 * - `startEmulatorProcess()`: the standalone Stripe emulator (packages/stripe-emulator/src/cli.ts)
 *   on a loopback port, its state in a data folder; `restart()` brings it back on the same port
 *   and folder (state, signing secrets and undelivered webhooks survive), so API processes keep
 *   their STRIPE_EMULATOR_URL.
 * - `startApiProcess()`: `node --import tsx apps/api/src/cli/work.ts` with WORK_SERVE=true — the
 *   whole API on a free loopback port plus (unless `isRunningWorkers: false`) the background
 *   workers. It never seeds; it applies pending migrations (none on a database made by
 *   `openTestDatabase({ target: 'postgres' })`). Every process gets the same SESSION_SECRET and
 *   LICENSE_KEY_ENCRYPTION_KEY ({@link SHARED_PROCESS_ENV}), so a session or license made by one
 *   is good on every other; {@link sharedSessionKeys} makes sessions for them from the test.
 * - `startRoundRobinProxy()`: a node:http reverse proxy sending each request to the next upstream.
 *
 * Every child is killed (SIGKILL) when the test process exits, and stops by itself when this process
 * dies (its IPC channel closes), so a failed or killed test run leaves none behind.
 * Boot time (2 cores, tsx transpiling): see README "Several processes" and the multi-process test's output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../src/platform/config.ts';
import type { SessionKeys } from '../src/platform/sessions.ts';
import { tempDir } from './harness.ts';

/** How a child process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const SESSION_SECRET = randomBytes(32).toString('base64url');

/** Environment every API process of this test run shares: the session secret and the license key encryption key (config.ts). */
export const SHARED_PROCESS_ENV: Readonly<Record<string, string>> = {
  SESSION_SECRET,
  LICENSE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
};

/** The session keys of {@link SHARED_PROCESS_ENV}: `sessionCookieFor({ prisma, sessionKeys: sharedSessionKeys }, user)` signs a user in on every API process. */
export const sharedSessionKeys: SessionKeys = { secret: new TextEncoder().encode(SESSION_SECRET), ttlSeconds: 12 * 60 * 60 };

/**
 * Longest wait for a child to say it is ready, ms: importing the app through tsx takes ~10 s of CPU,
 * and measured 30–60 s with eight other jobs on the 2 cores; under the api-pg project's 120 s hook timeout.
 */
const BOOT_TIMEOUT_MS = 100_000;
/** Longest wait after SIGTERM before `stop()` sends SIGKILL, ms. */
const STOP_TIMEOUT_MS = 10_000;
/** Output kept per process (the tail), characters. */
const OUTPUT_LIMIT = 1_000_000;

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

interface Spawned {
  child: ChildProcess;
  exited: Promise<ProcessExit>;
  output(): string;
}

/**
 * Spawns `node <args>` with an IPC channel, which both CLIs watch: when this process dies, even by
 * SIGKILL or a vitest worker torn down, the channel closes and the child stops (no orphans holding
 * ports and database connections). The channel does not keep this process alive.
 */
function spawnTracked(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.channel?.unref();
  live.add(child);
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > OUTPUT_LIMIT) text = text.slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, exited, output: () => text };
}

/** Resolves with `ready`'s value, or rejects (with the output) when the child exits first or the boot times out. */
async function untilReady<T>(spawned: Spawned, what: string, ready: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not start within ${BOOT_TIMEOUT_MS} ms:\n${spawned.output()}`)), BOOT_TIMEOUT_MS);
    void spawned.exited.then(({ code, signal }) => reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready:\n${spawned.output()}`)));
  });
  try {
    return await Promise.race([ready, failed]);
  } catch (error) {
    spawned.child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within {@link STOP_TIMEOUT_MS}. */
async function stopGracefully(spawned: Spawned): Promise<ProcessExit> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return spawned.exited;
  spawned.child.kill('SIGTERM');
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    return await spawned.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>`: STRIPE_EMULATOR_URL for the API processes; the same across restarts. */
  url: string;
  /** The data folder (state in `<dataDir>/stripe-emulator/`). */
  dataDir: string;
  /** Pid of the current emulator process. */
  readonly pid: number;
  /** Resolves when the current emulator process exits. */
  readonly exited: Promise<ProcessExit>;
  /** Its stdout and stderr so far (all its lives), for failure messages. */
  output(): string;
  /**
   * Sends the platform's events to `<baseUrl>/webhooks/stripe` and connected accounts' to
   * `<baseUrl>/webhooks/stripe/connect` (baseUrl: an API process or the proxy in front of them);
   * kept across restarts.
   */
  deliverWebhooksTo(baseUrl: string): Promise<void>;
  /** Delivers every pending webhook now; resolves when done (POST /_emulator/webhooks/flush). */
  flushWebhooks(): Promise<void>;
  /** SIGTERM (the emulator writes its state) and waits for the exit. */
  stop(): Promise<ProcessExit>;
  /** Sends `signal` (default SIGKILL: nothing written beyond its journal) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** Starts it again on the same port and data folder (after stop or kill; stops a live one first). */
  restart(): Promise<void>;
}

/**
 * Starts the standalone Stripe emulator as a child process.
 * @param opts.dataDir its data folder (default: a new temporary folder); one emulator per folder.
 * @param opts.port loopback port (default 0: any free port, kept for restarts).
 * @throws Error with the process output when it exits or does not print its URL within 100 s.
 */
export async function startEmulatorProcess(opts: { dataDir?: string; port?: number } = {}): Promise<EmulatorProcess> {
  const dataDir = opts.dataDir ?? tempDir();
  let port = opts.port ?? 0;
  let webhookBase: string | undefined;
  let earlierOutput = '';
  let current: Spawned;

  const launch = async (): Promise<void> => {
    const args = ['--import', 'tsx', path.join(REPO_ROOT, 'packages/stripe-emulator/src/cli.ts'), '--port', String(port), '--data', dataDir, '--log-level', 'warn'];
    if (webhookBase) args.push('--webhook-url', `${webhookBase}/webhooks/stripe`, '--connect-webhook-url', `${webhookBase}/webhooks/stripe/connect`);
    const spawned = spawnTracked(args, { ...process.env });
    const url = await untilReady(spawned, 'The Stripe emulator', new Promise<string>((resolve) => {
      let stdout = '';
      const onData = (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /^Stripe emulator: (\S+)$/m.exec(stdout);
        if (!match) return;
        spawned.child.stdout!.off('data', onData);
        resolve(match[1]!);
      };
      spawned.child.stdout!.on('data', onData);
    }));
    port = Number(new URL(url).port);
    current = spawned;
  };
  await launch();

  const control = async (route: string, form: Record<string, string> = {}) => {
    const response = await fetch(`${emulator.url}/_emulator/${route}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    if (!response.ok) throw new Error(`POST /_emulator/${route}: HTTP ${response.status} ${await response.text()}`);
  };
  const emulator: EmulatorProcess = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    get pid() { return current.child.pid!; },
    get exited() { return current.exited; },
    output: () => earlierOutput + current.output(),
    async deliverWebhooksTo(baseUrl) {
      webhookBase = baseUrl.replace(/\/+$/, '');
      await control('webhooks', { url: `${webhookBase}/webhooks/stripe`, connect_url: `${webhookBase}/webhooks/stripe/connect` });
    },
    flushWebhooks: () => control('webhooks/flush'),
    stop: () => stopGracefully(current),
    async kill(signal = 'SIGKILL') {
      current.child.kill(signal);
      return current.exited;
    },
    async restart() {
      await stopGracefully(current);
      earlierOutput += current.output();
      await launch();
    },
  };
  return emulator;
}

export interface ApiProcess {
  /** `http://127.0.0.1:<port>` of this process's API. */
  url: string;
  pid: number;
  /** Sends `signal` (default SIGTERM: graceful shutdown; SIGKILL for a crash) and resolves with the exit. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM, SIGKILL after 10 s; resolves with the exit (at once if it already exited). */
  stop(): Promise<ProcessExit>;
  /** Resolves when the process exits. */
  exited: Promise<ProcessExit>;
  /** Its stdout and stderr so far (JSON log lines at LOG_LEVEL, default warn). */
  output(): string;
}

/**
 * Starts one API process: `apps/api/src/cli/work.ts` with WORK_SERVE=true on a free loopback port,
 * DATABASE_URL=`databaseUrl`, STRIPE_EMULATOR_URL=`emulatorUrl`, {@link SHARED_PROCESS_ENV}, its own
 * temporary MARKETDESK_DATA_DIR and LOG_LEVEL=warn; `env` overrides any of them (e.g. REDIS_URL).
 * Never seeds. Workers (webhook inbox, scans, renewals) run unless `isRunningWorkers` is false.
 * @throws Error with the process output when it exits or does not report its URL within 100 s.
 */
export async function startApiProcess(opts: { databaseUrl: string; emulatorUrl: string; env?: Record<string, string>; isRunningWorkers?: boolean }): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SHARED_PROCESS_ENV,
    DATABASE_URL: opts.databaseUrl,
    STRIPE_EMULATOR_URL: opts.emulatorUrl,
    MARKETDESK_DATA_DIR: tempDir(),
    LOG_LEVEL: 'warn',
    WORK_SERVE: 'true',
    RUN_WORKERS: opts.isRunningWorkers === false ? 'false' : 'true',
    ...opts.env,
  };
  // Nothing of the test runner's own configuration leaks in (a STRIPE_SECRET_KEY would bypass the emulator).
  if (!opts.env?.STRIPE_SECRET_KEY) delete env.STRIPE_SECRET_KEY;
  // API_CPU_PROFILE_DIR=<dir>: each API process writes a V8 CPU profile there when it exits (where a bench's time goes).
  const profiling = process.env.API_CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.API_CPU_PROFILE_DIR] : [];
  const spawned = spawnTracked([...profiling, '--import', 'tsx', path.join(REPO_ROOT, 'apps/api/src/cli/work.ts')], env);
  const url = await untilReady(spawned, 'An API process', new Promise<string>((resolve) => {
    spawned.child.on('message', (message: { url?: string }) => {
      if (message?.url) resolve(message.url);
    });
  }));
  return {
    url,
    pid: spawned.child.pid!,
    async kill(signal = 'SIGTERM') {
      spawned.child.kill(signal);
      return spawned.exited;
    },
    stop: () => stopGracefully(spawned),
    exited: spawned.exited,
    output: spawned.output,
  };
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** How many requests went to each upstream, in the order of `urls`. */
  counts(): number[];
  /** Replaces the upstreams (e.g. after a process was replaced); the rotation continues. */
  setUpstreams(urls: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * A reverse proxy on a loopback port that sends each request to the next of `urls` in turn
 * (path, method, headers and body passed through; X-Forwarded-For added). An upstream that does
 * not answer gets a 502 with the error, not a retry on another one: a test sees which request failed.
 */
export async function startRoundRobinProxy(urls: readonly string[]): Promise<RoundRobinProxy> {
  let upstreams = urls.map((url) => new URL(url));
  let counts = upstreams.map(() => 0);
  let next = 0;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const index = next % upstreams.length;
    next += 1;
    counts[index]! += 1;
    const target = upstreams[index]!;
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request({
      agent, host: target.hostname, port: target.port, method: request.method, path: request.url,
      headers: { ...request.headers, host: target.host, 'x-forwarded-for': forwardedFor },
    }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      if (response.headersSent) response.destroy(error);
      else response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${target.host}: ${error.message}`);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => [...counts],
    setUpstreams(replacement) {
      upstreams = replacement.map((url) => new URL(url));
      counts = upstreams.map(() => 0);
    },
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
