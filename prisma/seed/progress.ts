/**
 * Seed progress for people watching a terminal or a CI log: one line per phase at most every
 * few seconds — `phase: done/total (percent), about N s left` — and a closing line with the
 * count and the time the phase took. The estimate is the phase's own average rate so far.
 */

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

/** A progress reporter printing through `log`, a line at most every `intervalMs` per phase. */
export function createProgress(log: (line: string) => void, intervalMs = 3_000): Progress {
  return {
    phase(name, total, alreadyDone = 0) {
      const startedAt = performance.now();
      let finished = alreadyDone;
      let lastPrinted = startedAt;
      return {
        tick(count = 1) {
          finished += count;
          const now = performance.now();
          if (now - lastPrinted < intervalMs) return;
          lastPrinted = now;
          const seconds = (now - startedAt) / 1000;
          const doneHere = finished - alreadyDone;
          const left = total > finished && doneHere > 0 ? `, about ${Math.ceil(((total - finished) * seconds) / doneHere)} s left` : '';
          log(total > 0 ? `${name}: ${finished.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.floor((100 * finished) / total)} %)${left}` : `${name}: ${finished.toLocaleString('en-US')}`);
        },
        done(note) {
          const ms = Math.round(performance.now() - startedAt);
          const count = total > 0 ? `${finished.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ` : finished > 0 ? `${finished.toLocaleString('en-US')} ` : '';
          log(`${name}: ${count}done in ${(ms / 1000).toFixed(1)} s${note ? ` — ${note}` : ''}`);
          return ms;
        },
      };
    },
  };
}

/** A progress reporter that prints nothing. */
export const SILENT_PROGRESS: Progress = createProgress(() => {});
