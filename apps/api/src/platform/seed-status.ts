/**
 * What the seed running in this process has done so far, kept for the console's "still seeding"
 * notice (`seeding.status`). `npm start` seeds an empty database in-process after it starts
 * listening (cli/start.ts) and reports each phase here. In memory on purpose: only the process
 * that seeds can know, and it is the one serving the console while it does; every other process
 * (`npm run serve`, a worker, a test's app) answers "no seed running".
 */
import { systemClock, type Clock } from './deps.ts';

/** The running seed: its current phase, items done and the phase's total (0 when unknown), and when the seed began. */
export interface SeedStatus {
  phase: string;
  done: number;
  total: number;
  startedAt: Date;
}

export interface SeedStatusTracker {
  /**
   * Records where the seed is (a seed ProgressObserver: prisma/seed/progress.ts). The first
   * report after a clear begins a seed at the clock's now. Called on every tick: copies three
   * fields, nothing else.
   */
  report(phase: { phase: string; done: number; total: number }): void;
  /** The seed finished or failed: `read()` answers null until the next report. */
  clear(): void;
  /** A copy of the running seed's status, or null when none is running. */
  read(): SeedStatus | null;
}

/** A tracker with no seed running; `clock` dates the start of the next one (default: the system clock). */
export function createSeedStatusTracker(clock: Clock = systemClock): SeedStatusTracker {
  let current: SeedStatus | null = null;
  return {
    report({ phase, done, total }) {
      if (!current) {
        current = { phase, done, total, startedAt: clock.now() };
        return;
      }
      current.phase = phase;
      current.done = done;
      current.total = total;
    },
    clear() {
      current = null;
    },
    read() {
      return current && { ...current, startedAt: new Date(current.startedAt) };
    },
  };
}
