/**
 * Runs a background job function every `intervalMs` while the process lives. `run` claims its
 * own work from the database (SKIP LOCKED), so any number of API processes can poll at once.
 * A failing run is logged and retried on the next tick; `stop()` waits for the current run.
 */
import type { Logger } from 'pino';

export interface Poller {
  stop(): Promise<void>;
  /** Runs once now (outside the timer) — used after an upload so a scan starts at once. */
  nudge(): void;
}

export function startPoller(name: string, log: Logger, intervalMs: number, run: () => Promise<unknown>): Poller {
  let current: Promise<void> = Promise.resolve();
  let isStopped = false;
  let isRunning = false;
  const tick = () => {
    if (isStopped || isRunning) return;
    isRunning = true;
    current = run()
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
      isStopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
