/**
 * The scanner's pool of worker threads (piscina): the CPU-bound parts of every scan in this
 * process — parsing, the AST rules, secretlint — run here, so that N threads scan N slices of
 * one package, or of N packages, at once, and the API's event loop stays free.
 *
 * Limits per task: `signal` aborting a running task terminates that one thread (wherever it
 * is, even inside a pathological regular expression) and piscina starts a fresh one; a thread
 * whose heap passes 1 GB dies with ERR_WORKER_OUT_OF_MEMORY and fails only its task.
 * Threads start on the first scan (each loads tsx, oxc-parser and secretlint: ~0.3–0.5 s) and
 * are kept; idle threads are unref'd by piscina, so they never keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ScanTasks } from './scan-worker.ts';

const BOOT = new URL('./scan-worker-boot.mjs', import.meta.url);
/** A slice whose analysis needs more heap than this fails instead of taking the API down (MB). */
const THREAD_HEAP_MB = 1024;
/** Threads per process: one per core, at most 4 (each may hold a 1 GB heap). */
const THREADS = Math.max(1, Math.min(4, availableParallelism()));

let pool: Piscina | null = null;

/** How many tasks the pool runs at once: the scan worker runs as many scans side by side. */
export function scanPoolThreads(): number {
  return THREADS;
}

function openPool(): Piscina {
  pool ??= new Piscina({
    filename: BOOT.href,
    minThreads: THREADS,
    maxThreads: THREADS,
    // The task queue is the scans' backlog; its bound is the scan worker's concurrency, not this.
    maxQueue: Number.MAX_SAFE_INTEGER,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  }).on('error', () => {
    // Errors tied to no task (a close timeout, a thread failing between tasks): piscina replaces
    // the thread, and a task's own failure rejects its run() anyway.
  });
  return pool;
}

/** The pool's threads (their `threadId`s; none before the first scan) and the tasks waiting for one. */
export function readScanPoolState(): { threadIds: number[]; queuedTasks: number } {
  return { threadIds: pool?.threads.map((thread) => thread.threadId) ?? [], queuedTasks: pool?.queueSize ?? 0 };
}

/**
 * Runs task `name` of `scan-worker.ts` with `input` on a pool thread. Rejects with the task's
 * own error, or — when `signal` aborts — with piscina's AbortError whose `cause` is the
 * signal's reason (a queued task is dropped, a running one's thread terminated).
 */
export async function runScanTask<Name extends keyof ScanTasks>(name: Name, input: Parameters<ScanTasks[Name]>[0], signal?: AbortSignal): Promise<Awaited<ReturnType<ScanTasks[Name]>>> {
  return (await openPool().run(input, { name, signal })) as Awaited<ReturnType<ScanTasks[Name]>>;
}

/**
 * Stops the pool: running tasks finish (so no scan is cut short on a graceful shutdown), then
 * the threads exit. A later scan in this process opens a new pool.
 */
export async function closeScanPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.close();
}
