/** Timing helpers for `npm run bench`: run a function repeatedly and report median and p95 in ms. */
export interface Timing {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

/** Milliseconds of each of `runs` timed calls of `fn`, after `warmup` untimed ones, in call order. */
export async function sample(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed. */
export async function measure(fn: () => Promise<unknown>, runs = 50, warmup = 5): Promise<Timing> {
  const samples = await sample(fn, runs, warmup);
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { medianMs: at(0.5), p95Ms: at(0.95), runs };
}

export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  baseline: string;
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
