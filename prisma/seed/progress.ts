/**
 * Seed progress for people watching a terminal or a CI log: one line per phase at most every
 * few seconds — `phase: done/total (percent), about N s left` — and a closing line with the
 * count and the time the phase took. The estimate is the phase's own average rate so far.
 * An optional observer gets the same progress as state (the console's "still seeding" notice).
 */
import { percentDone } from '@marketdesk/shared';

export interface PhaseProgress {
  /** Records `count` more items done (default 1). */
  tick(count?: number): void;
  /** Closes the phase: prints what it did and how long it took; returns the milliseconds. */
  done(note?: string): number;
}

export interface Progress {
  /** Starts a phase of `total` items (0 when unknown), `alreadyDone` of them by an earlier run (not counted in the rate). */
  phase(name: string, total: number, alreadyDone?: number): PhaseProgress;
}

/** Where a phase stands, as the observer of {@link createProgress} sees it. */
export interface PhaseReport {
  /** The phase's name, as printed (e.g. 'purchases, refunds, disputes, payouts'). */
  phase: string;
  /** Items done so far, those of an earlier run included. */
  done: number;
  /** Items in the phase; 0 when unknown. */
  total: number;
  /** True once the phase's `done()` was called. */
  isDone: boolean;
}

/**
 * Called when a phase starts, after each of its ticks and when it is done. The report is the
 * phase's one object, updated in place (a tick allocates nothing): copy what you keep.
 */
export type ProgressObserver = (report: Readonly<PhaseReport>) => void;

export interface ProgressOptions {
  /** Least time between two printed lines of a phase, ms (default 3,000; 0 prints every tick). */
  intervalMs?: number;
  /** Sees every phase start, tick and done, whatever the interval. */
  observe?: ProgressObserver;
}

/** A progress reporter printing through `log`, a line at most every `intervalMs` per phase, and telling `observe` of every change. */
export function createProgress(log: (line: string) => void, options: ProgressOptions = {}): Progress {
  const { intervalMs = 3_000, observe } = options;
  return {
    phase(name, total, alreadyDone = 0) {
      const startedAt = performance.now();
      let finished = alreadyDone;
      let lastPrinted = startedAt;
      const report: PhaseReport = { phase: name, done: alreadyDone, total, isDone: false };
      observe?.(report);
      return {
        tick(count = 1) {
          finished += count;
          if (observe) {
            report.done = finished;
            observe(report);
          }
          const now = performance.now();
          if (now - lastPrinted < intervalMs) return;
          lastPrinted = now;
          const seconds = (now - startedAt) / 1000;
          const doneHere = finished - alreadyDone;
          const left = total > finished && doneHere > 0 ? `, about ${Math.ceil(((total - finished) * seconds) / doneHere)} s left` : '';
          log(total > 0 ? `${name}: ${finished.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percentDone(finished, total)} %)${left}` : `${name}: ${finished.toLocaleString('en-US')}`);
        },
        done(note) {
          const ms = Math.round(performance.now() - startedAt);
          const count = total > 0 ? `${finished.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ` : finished > 0 ? `${finished.toLocaleString('en-US')} ` : '';
          log(`${name}: ${count}done in ${(ms / 1000).toFixed(1)} s${note ? ` — ${note}` : ''}`);
          if (observe) {
            report.done = finished;
            report.isDone = true;
            observe(report);
          }
          return ms;
        },
      };
    },
  };
}

/** A progress reporter that prints nothing. */
export const SILENT_PROGRESS: Progress = createProgress(() => {});
