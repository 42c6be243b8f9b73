/**
 * Runs a background job function every `intervalMs` while the process lives. `run` claims its
 * own work from the database (SKIP LOCKED), so any number of API processes can poll at once.
 * A failing run is logged and retried on the next tick.
 *
 * Stopping (a graceful shutdown): `stop()` aborts the signal `run` was given — a job that drains
 * a queue checks it before claiming more, finishes what it claimed (or releases the claims it has
 * not started, so another process takes them at once rather than after their lease) — and waits
 * for the current run.
 */
import type { Logger } from 'pino';

export interface Poller {
  stop(): Promise<void>;
  /** Runs once now (outside the timer) — used after an upload so a scan starts at once. */
  nudge(): void;
}

/** `run(signal)`: `signal` aborts when the poller stops; a long run stops claiming work then. */
export function startPoller(name: string, log: Logger, intervalMs: number, run: (signal: AbortSignal) => Promise<unknown>): Poller {
  const stopping = new AbortController();
  let current: Promise<void> = Promise.resolve();
  let isRunning = false;
  const tick = () => {
    if (stopping.signal.aborted || isRunning) return;
    isRunning = true;
    current = run(stopping.signal)
      .then(() => undefined, (error: unknown) => log.error({ err: error, job: name }, 'background job failed'))
      .finally(() => {
        isRunning = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    nudge: tick,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await current;
    },
  };
}
